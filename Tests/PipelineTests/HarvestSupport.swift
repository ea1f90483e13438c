import Foundation
import PaperSources
import ReplayServer
import Synchronization
import TestSupport

/// A clock whose sleeps last `scale` of what is asked (and are recorded), while its `now` moves
/// as if they had lasted in full: the politeness delays and Retry-After waits keep their
/// real values in the client's arithmetic, and a test takes a fraction of the time.
final class ScaledClock: HarvestClock {
    let scale: Double
    /// Time skipped so far, and every sleep asked for.
    private let record = Mutex<(skipped: Duration, asked: [Duration])>((.zero, []))

    init(scale: Double) { self.scale = scale }

    /// Every sleep asked for, in order.
    var sleeps: [Duration] { record.withLock { $0.asked } }

    func now() -> ContinuousClock.Instant { ContinuousClock.now + record.withLock { $0.skipped } }

    func sleep(for duration: Duration) async throws {
        record.withLock {
            $0.asked.append(duration)
            $0.skipped += duration * (1 - scale)
        }
        try await Task.sleep(for: duration * scale)
    }
}

/// Recorded responses, as the replay server serves them. From ../shared/corpus (see its SOURCE.md):
/// `atom-testing-start{0,5,10}.xml` are the bodies of arxiv.py's recorded `search_query=testing`
/// pages (start 0, 5 and 10, ten results each: they overlap); `oai-503-retry-after.html` is the
/// body of the 503 in paperhive's OAI-PMH recording, whose header said `Retry-After: 10`.
enum Recorded {
    static func xml(_ fixture: String, status: Int = 200, headers: [String: String] = [:], delay: Duration = .zero) throws -> ReplayResponse {
        try .file(Fixtures.path(fixture), status: status, type: "text/xml; charset=utf-8", headers: headers, delay: delay)
    }

    static func atom(_ fixture: String, status: Int = 200) throws -> ReplayResponse {
        try .file(Fixtures.path(fixture), status: status, type: "application/atom+xml; charset=utf-8")
    }

    static func json(_ fixture: String) throws -> ReplayResponse {
        try .file(Fixtures.path(fixture), type: "application/json")
    }

    /// arXiv's OAI-PMH 503 as recorded (body and Retry-After: 10).
    static func oai503() throws -> ReplayResponse {
        try .file(Fixtures.path("oai-503-retry-after.html"), status: 503, type: "text/html", headers: ["Retry-After": "10"])
    }

    /// The papers of a fixture, read by Paperboy's own parser.
    static func paperIDs(_ fixture: String) throws -> Set<String> {
        var ids: Set<String> = []
        let reader = try InputReader(path: Fixtures.path(fixture))
        try PaperFormat.detect(try reader.peek())?.parse(reader) { item in
            if case .paper(let paper, _) = item { ids.insert(paper.id) }
        }
        return ids
    }
}

/// Gaps between consecutive arrivals, in seconds.
func gaps(_ requests: [ReceivedRequest]) -> [Double] {
    zip(requests, requests.dropFirst()).map { ($1.arrival - $0.arrival) / .seconds(1) }
}
