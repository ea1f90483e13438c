import Foundation

/// Where and how to reach an SMTP server, from a URL such as `smtp://user:pass@host:587`.
///
/// - `smtp://` speaks STARTTLS when the server offers it (`?starttls=required` insists,
///   `?starttls=never` stays in plain text); `smtps://` is TLS from the first byte (port 465).
/// - `?ca=/path/cert.pem` trusts one more certificate (a private or self-signed server).
/// - `?pool=N` keeps up to N connections open (default 4); `?timeout=S` bounds every step (default 30 s);
///   `?helo=NAME` is the name given in EHLO (default `localhost`).
public struct SMTPSettings: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case opportunistic, required, never, implicit }

    public var host: String
    public var port: Int
    public var user: String?
    public var password: String?
    public var tls: TLSMode
    public var trustedCertificateFile: String?
    public var poolSize: Int
    public var timeout: Duration
    public var heloName: String

    public init(host: String, port: Int, user: String? = nil, password: String? = nil, tls: TLSMode = .opportunistic,
                trustedCertificateFile: String? = nil, poolSize: Int = 4, timeout: Duration = .seconds(30), heloName: String = "localhost") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.tls = tls
        self.trustedCertificateFile = trustedCertificateFile
        self.poolSize = poolSize
        self.timeout = timeout
        self.heloName = heloName
    }

    /// Parses an `smtp://` or `smtps://` URL; the error says which part is wrong.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps" else {
            throw MailerConfigurationError("'\(text)' is not an smtp:// or smtps:// URL")
        }
        guard let host = components.host, !host.isEmpty else { throw MailerConfigurationError("the SMTP URL names no host") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        var tls: TLSMode = scheme == "smtps" ? .implicit : .opportunistic
        if scheme == "smtp", let mode = query["starttls"] {
            switch mode {
            case "required": tls = .required
            case "never": tls = .never
            case "auto": tls = .opportunistic
            default: throw MailerConfigurationError("starttls=\(mode): expected required, never or auto")
            }
        }
        let pool = try query["pool"].map { value in
            guard let n = Int(value), (1...64).contains(n) else { throw MailerConfigurationError("pool=\(value): expected 1 to 64") }
            return n
        } ?? 4
        let seconds = try query["timeout"].map { value in
            guard let s = Double(value), s > 0, s <= 3600 else { throw MailerConfigurationError("timeout=\(value): expected seconds, up to 3600") }
            return s
        } ?? 30
        self.init(host: host, port: components.port ?? (scheme == "smtps" ? 465 : 25),
                  user: components.user, password: components.password,
                  tls: tls, trustedCertificateFile: query["ca"], poolSize: pool,
                  timeout: .milliseconds(Int64(seconds * 1000)), heloName: query["helo"] ?? "localhost")
    }
}

/// A transport configuration that cannot work, with the reason.
public struct MailerConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
