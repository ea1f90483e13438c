import Foundation
import Mailer
import Pipeline

/// How Paperboy sends mail: a transport URL (`--smtp-url`, else `PAPERBOY_MAIL_URL`) such as
/// `smtp://user:pass@host:587`, `smtps://…`, `sendmail:` or `file:///folder`, and the sender
/// (`--mail-from`, else `PAPERBOY_MAIL_FROM`, else `Paperboy <digest@HOST>` for the base URL's host).
public enum MailConfiguration {
    public static let urlVariable = "PAPERBOY_MAIL_URL"
    public static let fromVariable = "PAPERBOY_MAIL_FROM"

    /// The mail settings, or nil when no transport is configured.
    public static func resolve(urlFlag: String?, fromFlag: String?, baseURL: String, sendWhenEmpty: Bool = false,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailSettings? {
        let (urlKey, url) = urlFlag.map { ("--smtp-url", Optional($0)) } ?? (urlVariable, environment[urlVariable].flatMap { $0.isEmpty ? nil : $0 })
        guard let url else { return nil }
        let transport: any MailTransport
        do { transport = try MailTransports.make(url: url) } catch let error as MailerConfigurationError {
            throw ConfigurationError(key: urlKey, problem: "is not usable: \(error.description)")
        }
        return MailSettings(transport: transport, identity: try identity(fromFlag: fromFlag, baseURL: baseURL, sendWhenEmpty: sendWhenEmpty, environment: environment))
    }

    /// The sender and links of Paperboy's mail (what a preview needs, without a transport).
    public static func identity(fromFlag: String?, baseURL: String, sendWhenEmpty: Bool = false,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailIdentity {
        let (fromKey, fromText) = fromFlag.map { ("--mail-from", Optional($0)) } ?? (fromVariable, environment[fromVariable])
        guard let fromText else {
            return MailIdentity(from: Mailbox("digest@\(URL(string: baseURL)?.host ?? "localhost")", name: "Paperboy"), baseURL: baseURL, sendWhenEmpty: sendWhenEmpty)
        }
        guard let from = mailbox(fromText) else {
            throw ConfigurationError(key: fromKey, problem: "must be an address such as digest@example.org or \"Paperboy <digest@example.org>\", not \"\(fromText)\"")
        }
        return MailIdentity(from: from, baseURL: baseURL, sendWhenEmpty: sendWhenEmpty)
    }

    /// `addr@host` or `Name <addr@host>`.
    static func mailbox(_ text: String) -> Mailbox? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return isAddress(address) ? Mailbox(address, name: name.isEmpty ? nil : name) : nil
        }
        return isAddress(trimmed) ? Mailbox(trimmed) : nil
    }

    private static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.allSatisfy { $0.isASCII && !$0.isWhitespace && $0 != "<" && $0 != ">" }
    }
}
