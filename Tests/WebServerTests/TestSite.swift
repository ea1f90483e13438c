import Foundation
import Hummingbird
import HummingbirdTesting
import PaperModels
import PaperStore
import Pipeline
import TestSupport
import Testing
import WebServer

/// A site over a temporary database holding real fixture papers (40 arXiv papers of 2025-03-18,
/// 30 Hugging Face daily papers of 2026-06-12 with their upvotes, an old-style astro-ph paper)
/// and one hostile paper, with the clock pinned to the morning of 2026-06-13.
enum TestSite {
    static let now = Day.date("2026-06-13")!.addingTimeInterval(8 * 3_600)
    static let baseURL = "https://papers.example.org"

    /// A paper whose every field tries to break out of its HTML, XML or JSON context.
    static let hostile = Paper(
        id: "2606.99999", version: 2, title: "<script>alert('t')</script> & \"Ünïcode\" $\\alpha$ \u{1}",
        abstract: "<img src=x onerror=alert(1)> ]]> &amp; </summary> vision transformer quantization",
        authors: ["<b>Mallory</b>", "Ö. Ñandú"], categories: ["cs.AI", "cs.CV"],
        submitted: Day.date("2026-06-11"), codeLinks: ["javascript:alert(3)"],
        community: Community(upvotes: 1, githubRepo: "javascript:alert(2)", featuredOn: "2026-06-12"), sources: ["test"])

    static let database: Result<AppDatabase, any Error> = Result {
        let directory = try Fixtures.temporaryDirectory()
        let database = try AppDatabase.open(path: directory.appendingPathComponent("web.sqlite").path)
        _ = try Ingester(database: database).ingest(paths: [
            Fixtures.path("daily-corpus-40.jsonl"), Fixtures.path("sotawhat_hf_daily_papers_2026-06.json"),
            Fixtures.path("atom-astro-ph-0601001.xml"),
        ])
        _ = try database.upsert([hostile])
        return database
    }

    static func site() throws -> PaperboySite {
        PaperboySite(database: try database.get(),
                     configuration: WebServerConfiguration(baseURL: baseURL, now: { now }))
    }

    /// Runs `body` against the application through HummingbirdTesting's router client.
    static func withClient(_ body: @Sendable (TestClient) async throws -> Void) async throws {
        try await site().application().test(.router) { client in try await body(TestClient(client: client)) }
    }
}

/// A response with its body as text.
struct Fetched {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
}

struct TestClient {
    let client: any TestClientProtocol

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Fetched {
        try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { response in
            Fetched(status: response.status, headers: response.headers, body: String(decoding: response.body.readableBytesView, as: UTF8.self))
        }
    }
}
