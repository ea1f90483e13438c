import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One scripted answer of the replay server: a recorded response, possibly held back for a while.
public struct ReplayResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]
    /// How long the server waits before answering (to catch a client in the middle of a request).
    public var delay: Duration

    public init(status: Int = 200, headers: [String: String] = [:], body: [UInt8], delay: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// A recorded response body read from a fixture file.
    public static func file(_ path: String, status: Int = 200, type: String, headers: [String: String] = [:],
                            delay: Duration = .zero) throws -> ReplayResponse {
        var all = headers
        all["Content-Type"] = type
        return ReplayResponse(status: status, headers: all, body: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), delay: delay)
    }
}

/// Answers the requests to `path` whose query has every parameter of `parameters` (name and
/// value), with `responses` in order; once they are used up, the last one is repeated.
public struct ReplayRule: Sendable {
    public var path: String
    public var parameters: [String: String]
    public var responses: [ReplayResponse]

    public init(path: String, parameters: [String: String] = [:], responses: [ReplayResponse]) {
        self.path = path
        self.parameters = parameters
        self.responses = responses
    }
}

/// A request as the server saw it, with the moment it arrived.
public struct ReceivedRequest: Sendable {
    public var path: String
    /// The query parameters, percent-decoded.
    public var parameters: [String: String]
    public var headers: [String: String]
    public var arrival: ContinuousClock.Instant
}

/// A loopback HTTP server that replays recorded responses in a scripted order and records every
/// request (the stand-in for arXiv and Hugging Face in the harvest tests). Unmatched requests get 404.
public final class ReplayServer: Sendable {
    public let port: Int
    private let script: Script
    private let task: Task<Void, any Error>

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server on a free loopback port; rules are tried in order, the first match answers.
    public static func start(_ rules: [ReplayRule]) async throws -> ReplayServer {
        let script = Script(rules: rules)
        let router = Router()
        router.get("**") { request, _ -> Response in
            var parameters: [String: String] = [:]
            for pair in (request.uri.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            guard let answer = await script.answer(ReceivedRequest(path: request.uri.path, parameters: parameters, headers: headers,
                                                                   arrival: ContinuousClock.now)) else {
                return Response(status: .notFound, body: ResponseBody(byteBuffer: ByteBuffer(string: "no scripted answer")))
            }
            if answer.delay > .zero { try await Task.sleep(for: answer.delay) }
            var fields = HTTPFields()
            for (name, value) in answer.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
            return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "replay")
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "replay"),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: quiet)
        let task = Task { try await app.runService() }
        guard let port = await ports.first(where: { _ in true }), port > 0 else {
            task.cancel()
            throw ReplayServerError.didNotStart
        }
        return ReplayServer(port: port, script: script, task: task)
    }

    private init(port: Int, script: Script, task: Task<Void, any Error>) {
        self.port = port
        self.script = script
        self.task = task
    }

    /// Every request received so far, in arrival order.
    public func requests() async -> [ReceivedRequest] { await script.received }

    /// Stops the server and waits until it has.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    actor Script {
        let rules: [ReplayRule]
        var used: [Int] = []
        var received: [ReceivedRequest] = []

        init(rules: [ReplayRule]) {
            self.rules = rules
            used = Array(repeating: 0, count: rules.count)
        }

        func answer(_ request: ReceivedRequest) -> ReplayResponse? {
            received.append(request)
            guard let index = rules.firstIndex(where: { rule in
                rule.path == request.path && rule.parameters.allSatisfy { request.parameters[$0.key] == $0.value }
            }) else { return nil }
            let responses = rules[index].responses
            defer { used[index] += 1 }
            return responses[min(used[index], responses.count - 1)]
        }
    }
}

public enum ReplayServerError: Error { case didNotStart }
