import AsyncHTTPClient
import Foundation

/// A response as the harvesters need it: status, headers (names lower-cased) and the whole body.
public struct HTTPAnswer: Sendable {
    public var url: String
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(url: String, status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.url = url
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The start of the body as text, for error messages.
    public var bodySnippet: String {
        String(decoding: body.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A request that failed for good: after every retry, or with an answer that cannot be retried.
public struct HTTPFailure: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var attempts: Int
    public var description: String { "\(url): \(reason)\(attempts > 1 ? " (after \(attempts) attempts)" : "")" }
}

/// GET over HTTP(S) as a polite robot: at most one request per `politenessDelay` to each host,
/// gzip, a deadline per request, and retries with exponential backoff and jitter on network errors,
/// 5xx and 429, waiting as long as `Retry-After` says. AsyncHTTPClient runs on the SwiftNIO event
/// loops that Hummingbird uses too, so the server and its harvest schedule share one set of threads.
public actor PoliteHTTPClient {
    public let policy: HTTPPolicy
    private let clock: any HarvestClock
    private let jitter: @Sendable () -> Double
    private let client: HTTPClient
    /// When each host may be asked next.
    private var nextSlot: [String: ContinuousClock.Instant] = [:]
    /// Requests sent (retries included) since the client was made.
    public private(set) var requestCount = 0

    public init(policy: HTTPPolicy, clock: any HarvestClock = SystemHarvestClock(),
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1.5) }) {
        self.policy = policy
        self.clock = clock
        self.jitter = jitter
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .enabled(limit: .ratio(500))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.timeout = .init(connect: .milliseconds(Self.milliseconds(policy.connectTimeout)),
                                      read: .milliseconds(Self.milliseconds(policy.requestTimeout)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the connections; the client cannot be used afterwards.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Fetches `url`. Answers other than 5xx and 429 are returned whatever their status (an arXiv
    /// API error feed comes with 400); 5xx, 429 and network errors are retried, then thrown as `HTTPFailure`.
    public func get(_ url: URL) async throws -> HTTPAnswer {
        let host = url.host ?? ""
        var problem = ""
        for attempt in 1...policy.maxAttempts {
            try await waitForSlot(host: host)
            requestCount += 1
            let sent: Result<HTTPAnswer, any Error>
            do { sent = .success(try await send(url)) } catch { sent = .failure(error) }
            keepAway(host, for: policy.politenessDelay)
            var wait: Duration?
            switch sent {
            case .failure(let error):
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                problem = "\(error)"
            case .success(let answer):
                if answer.status < 500 && answer.status != 429 { return answer }
                problem = "HTTP \(answer.status)" + (answer.body.isEmpty ? "" : ": \(answer.bodySnippet)")
                if let value = answer.headers["retry-after"], let asked = HTTPPolicy.retryAfter(value) {
                    guard asked <= policy.maxRetryAfter else {
                        throw HTTPFailure(url: url.absoluteString, reason: "\(problem); Retry-After \(value) is too long to wait", attempts: attempt)
                    }
                    wait = asked
                }
            }
            guard attempt < policy.maxAttempts else { break }
            // The host is not asked again before the wait is over, whoever asks.
            keepAway(host, for: wait ?? policy.backoff(retry: attempt, jitter: jitter()))
        }
        throw HTTPFailure(url: url.absoluteString, reason: problem, attempts: policy.maxAttempts)
    }

    /// The host is not asked again for `pause` from now (after an answer: the politeness delay
    /// counts from its end, so that a slow answer does not shorten it).
    private func keepAway(_ host: String, for pause: Duration) {
        nextSlot[host] = max(nextSlot[host] ?? clock.now(), clock.now() + pause)
    }

    /// Waits until `host` may be asked, and books the next slot: requests start at least
    /// `politenessDelay` apart, even when several tasks ask at once.
    private func waitForSlot(host: String) async throws {
        let now = clock.now()
        let slot = max(now, nextSlot[host] ?? now)
        nextSlot[host] = slot + policy.politenessDelay
        if slot > now { try await clock.sleep(for: slot - now) }
    }

    private static func milliseconds(_ duration: Duration) -> Int64 { Int64(duration / .milliseconds(1)) }

    private func send(_ url: URL) async throws -> HTTPAnswer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: policy.userAgent)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        let response = try await client.execute(request, timeout: .milliseconds(Self.milliseconds(policy.requestTimeout)))
        let body = try await response.body.collect(upTo: policy.maxBodyBytes)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return HTTPAnswer(url: url.absoluteString, status: Int(response.status.code), headers: headers, body: Array(body.readableBytesView))
    }
}
