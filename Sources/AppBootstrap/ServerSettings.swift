import Foundation
import PaperModels

/// Where `paperboy serve` listens and the public address it writes into feeds: flags first,
/// then `PAPERBOY_BASE_URL`, then `http://HOST:PORT`.
public struct ServerSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var baseURL: String
    /// Normalised addresses that are admins once signed in.
    public var adminEmails: [String]

    public static let baseURLVariable = "PAPERBOY_BASE_URL"

    public static func resolve(host: String, port: Int, baseURLFlag: String?, admins: [String] = [],
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerSettings {
        let adminEmails = try admins.map { text in
            guard let email = EmailAddress.normalized(text) else { throw ConfigurationError(key: "--admin", problem: "is not an e-mail address: \"\(text)\"") }
            return email
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-:".contains($0)) }) else {
            throw ConfigurationError(key: "--host", problem: "must be a host name or IP address, not \"\(host)\"")
        }
        // Port 0 asks the system for any free port (the server logs the one it got).
        guard (0...65_535).contains(port) else {
            throw ConfigurationError(key: "--port", problem: "must be from 0 to 65535, not \(port)")
        }
        let (key, given) = baseURLFlag.map { ("--base-url", Optional($0)) } ?? (baseURLVariable, environment[baseURLVariable])
        guard let given else { return ServerSettings(host: host, port: port, baseURL: "http://\(host):\(port)", adminEmails: adminEmails) }
        guard let url = URL(string: given), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
              url.query == nil, url.fragment == nil else {
            throw ConfigurationError(key: key, problem: "must be an http(s) address such as https://papers.example.org, not \"\(given)\"")
        }
        var base = given
        while base.hasSuffix("/") { base.removeLast() }
        return ServerSettings(host: host, port: port, baseURL: base, adminEmails: adminEmails)
    }
}
