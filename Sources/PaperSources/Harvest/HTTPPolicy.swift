import Foundation

/// How the harvesters behave on the network: who they say they are, how often they ask each host,
/// how long they wait for an answer, and how they retry.
public struct HTTPPolicy: Sendable {
    /// Sent with every request; arXiv asks for a contact address in it.
    public var userAgent: String
    /// The least time between two requests to the same host (arXiv: 3 seconds).
    public var politenessDelay: Duration
    /// Attempts per request, the first included, before giving up.
    public var maxAttempts: Int
    /// The wait before the first retry; it doubles with each further one (with ±50% jitter).
    public var backoffBase: Duration
    /// No backoff wait is longer than this.
    public var maxBackoff: Duration
    /// A `Retry-After` longer than this is not waited for: the request fails instead.
    public var maxRetryAfter: Duration
    /// The whole request, from connecting to the last byte of the body.
    public var requestTimeout: Duration
    /// How long a connection may take to open (a refused one is tried again until then).
    public var connectTimeout: Duration
    /// Larger bodies are refused (after gzip decoding).
    public var maxBodyBytes: Int

    public init(userAgent: String, politenessDelay: Duration = .seconds(3), maxAttempts: Int = 5, backoffBase: Duration = .seconds(2),
                maxBackoff: Duration = .seconds(120), maxRetryAfter: Duration = .seconds(600), requestTimeout: Duration = .seconds(90),
                connectTimeout: Duration = .seconds(15), maxBodyBytes: Int = 64 << 20) {
        self.userAgent = userAgent
        self.politenessDelay = politenessDelay
        self.maxAttempts = max(1, maxAttempts)
        self.backoffBase = backoffBase
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// `Paperboy/1.0 (+mailto:someone@example.org)`, the form arXiv's API terms ask for.
    public static func userAgent(contact: String?) -> String {
        contact.map { "Paperboy/1.0 (mailto:\($0))" } ?? "Paperboy/1.0"
    }

    /// The wait before retry number `retry` (1 for the first retry): exponential, jittered by a
    /// factor from `jitter` (0.5…1.5), capped at `maxBackoff`.
    public func backoff(retry: Int, jitter: Double) -> Duration {
        let exponential = backoffBase * (1 << min(max(retry - 1, 0), 20))
        return min(exponential * min(max(jitter, 0.5), 1.5), maxBackoff)
    }

    /// The wait a `Retry-After` value asks for: seconds, or an HTTP date (RFC 9110); nil when unreadable.
    public static func retryAfter(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }
}
