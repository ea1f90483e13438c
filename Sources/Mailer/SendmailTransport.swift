import Foundation

/// Hands each message to a `sendmail`-compatible program (`sendmail -t -oi -f SENDER`), which
/// takes the recipients from the headers. Exit status 75 (EX_TEMPFAIL) is temporary, any other
/// failure permanent; the program's own error output is kept in the error.
public struct SendmailTransport: MailTransport {
    public let program: String
    public let extraArguments: [String]

    public init(program: String = "/usr/sbin/sendmail", extraArguments: [String] = []) {
        self.program = program
        self.extraArguments = extraArguments
    }

    public func deliver(_ message: RenderedMessage) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = extraArguments + ["-t", "-oi", "-f", message.sender]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: DeliveryError.permanent("cannot run \(program): \(error.localizedDescription)"))
                return
            }
            // The program may exit early (a bad address): a write to its closed pipe must not kill us.
            try? input.fileHandleForWriting.write(contentsOf: message.data)
            try? input.fileHandleForWriting.close()
        }
        guard status != 0 else { return }
        let reason = String(decoding: errors.fileHandleForReading.readDataToEndOfFile().prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let description = "\(program) exited with status \(status): \(reason)"
        throw status == 75 ? DeliveryError.transient(description) : DeliveryError.permanent(description)
    }

    public func close() async {}
}

/// Builds the transport a URL names: `smtp://…` or `smtps://…` (see `SMTPSettings`),
/// `sendmail:` or `sendmail:/path/to/program?arg=…` (repeatable), or `file:///folder` for `.eml` files.
public enum MailTransports {
    public static func make(url text: String) throws -> any MailTransport {
        let scheme = text.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch scheme {
        case "smtp", "smtps":
            return SMTPTransport(settings: try SMTPSettings(url: text))
        case "sendmail":
            let components = URLComponents(string: text)
            let path = components?.path ?? ""
            return SendmailTransport(program: path.isEmpty ? "/usr/sbin/sendmail" : path,
                                     extraArguments: (components?.queryItems ?? []).filter { $0.name == "arg" }.compactMap(\.value))
        case "file":
            guard let url = URL(string: text), url.isFileURL, !url.path.isEmpty else {
                throw MailerConfigurationError("'\(text)' is not a file:///folder URL")
            }
            return FolderTransport(folder: url)
        default:
            throw MailerConfigurationError("'\(text)': expected an smtp://, smtps://, sendmail: or file:// URL")
        }
    }
}
