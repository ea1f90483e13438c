import Foundation
import Hummingbird
import Logging
import Synchronization
import HummingbirdTesting
import PaperModels
import PaperSearch
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

    /// The database the read-only tests share.
    static let database: Result<AppDatabase, any Error> = Result { try makeDatabase() }

    /// A new database with the fixtures, for tests that write (accounts, upvotes).
    static func makeDatabase() throws -> AppDatabase {
        let directory = try Fixtures.temporaryDirectory()
        let database = try AppDatabase.open(path: directory.appendingPathComponent("web.sqlite").path)
        _ = try Ingester(database: database).ingest(paths: [
            Fixtures.path("daily-corpus-40.jsonl"), Fixtures.path("sotawhat_hf_daily_papers_2026-06.json"),
            Fixtures.path("atom-astro-ph-0601001.xml"),
        ])
        _ = try database.upsert([hostile])
        return database
    }

    static let admin = "editor@example.org"

    /// The site, its log going to `log` (warnings and the sign-in links, which are how a test
    /// signs in: until mail exists, the log is the mailbox).
    static func site(log: LogCapture = LogCapture(), database: AppDatabase? = nil, searcher: PaperSearcher? = nil, mail: MailSettings? = nil,
                     now: @escaping @Sendable () -> Date = { now }) throws -> PaperboySite {
        try PaperboySite(database: try database ?? self.database.get(),
                         configuration: WebServerConfiguration(baseURL: baseURL, adminEmails: [admin], mail: mail, now: now),
                         searcher: searcher, logger: Logger(label: "test") { _ in log })
    }

    /// Runs `body` against the application through HummingbirdTesting's router client.
    static func withClient(log: LogCapture = LogCapture(), database: AppDatabase? = nil, searcher: PaperSearcher? = nil, mail: MailSettings? = nil,
                           now: @escaping @Sendable () -> Date = { now }, _ body: @Sendable (TestClient) async throws -> Void) async throws {
        try await site(log: log, database: database, searcher: searcher, mail: mail, now: now).application().test(.router) { client in try await body(TestClient(client: client)) }
    }
}

/// A log handler that keeps the sign-in links and anything at warning level or above.
struct LogCapture: LogHandler {
    final class Lines: Sendable { let lines = Mutex<[String]>([]) }
    let store = Lines()
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let text = message.description
        if level >= .warning || text.hasPrefix("sign-in link") { store.lines.withLock { $0.append(text) } }
    }
    var lines: [String] { store.lines.withLock { $0 } }

    /// The token of the last sign-in link written for `email`.
    func signInToken(for email: String) -> String? {
        lines.last { $0.hasPrefix("sign-in link for \(email):") }?.components(separatedBy: "token=").last
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
        try await send(uri, method: .get, headers: headers)
    }

    /// A form post, as a browser sends it.
    func post(_ uri: String, form: [(String, String)], headers: HTTPFields = [:]) async throws -> Fetched {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer? = nil) async throws -> Fetched {
        try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
            Fetched(status: response.status, headers: response.headers, body: String(decoding: response.body.readableBytesView, as: UTF8.self))
        }
    }
}
