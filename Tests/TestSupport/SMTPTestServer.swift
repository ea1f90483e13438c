import Foundation

/// A real SMTP server process (scripts/smtp-test-server.py, on aiosmtpd) on a free loopback
/// port, writing each message it accepts to a folder; stopped with `stop()`.
public final class SMTPTestServer: @unchecked Sendable {
    /// What the server received, as Python's own e-mail parser reads it.
    public struct Received: Decodable, Sendable {
        public var mail_from: String
        public var rcpt_tos: [String]
        /// The client's address and port: one value per connection.
        public var peer: String
        public var tls: Bool
        public var headers: [String: String]
        public var content_type: String
        public var plain: String?
        public var html: String?
        public var plain_encoding: String?
        public var html_encoding: String?
        public var size: Int
    }

    public let port: Int
    public let folder: URL
    private let process: Process

    /// Starts the server with extra arguments (e.g. `["--mode", "reject"]`); waits until it listens.
    public init(_ arguments: [String] = []) throws {
        folder = try Fixtures.temporaryDirectory()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--out", folder.appendingPathComponent("mail").path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line is "PORT n"; anything else (a missing aiosmtpd) is a setup error.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw SMTPTestServerError(description: "the SMTP test server did not start (is aiosmtpd installed? run scripts/setup.sh): \(text)")
        }
        self.port = port
    }

    /// The messages received so far, in order of arrival.
    public func received() throws -> [Received] {
        let mail = folder.appendingPathComponent("mail")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mail.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try JSONDecoder().decode(Received.self, from: Data(contentsOf: mail.appendingPathComponent($0)))
        }
    }

    /// How many messages arrived so far (cheaper than `received()`, for polling).
    public func receivedCount() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("mail").path)) ?? []
        return names.count { $0.hasSuffix(".json") }
    }

    /// The raw bytes of the n-th received message (0-based).
    public func rawMessage(_ index: Int) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent("mail").appendingPathComponent(String(format: "%06d.eml", index + 1)))
    }

    public func stop() {
        process.terminate()
        // The server exits on SIGTERM; should the signal be held up, SIGKILL ends it.
        for _ in 0..<100 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A self-signed certificate and key for 127.0.0.1 and localhost, made now with openssl.
    public static func makeCertificate(in folder: URL) throws -> (certificate: String, key: String) {
        let certificate = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw SMTPTestServerError(description: "openssl could not make a certificate") }
        return (certificate, key)
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/smtp-test-server.py").path
}

public struct SMTPTestServerError: Error, CustomStringConvertible {
    public var description: String
}
