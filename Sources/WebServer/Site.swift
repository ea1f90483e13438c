import Foundation
import PaperModels
import PaperSearch
import PaperStore

/// How the web server runs: where it listens, the public base URL for absolute links, and the
/// clock (pinned in tests).
public struct WebServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// `https://papers.example.org`, without a trailing slash: absolute links in feeds.
    public var baseURL: String
    /// Addresses that are admins as soon as they sign in (more by `paperboy users grant-admin`).
    public var adminEmails: Set<String>
    /// How long an anonymous page or API answer is reused (0: render every request).
    public var cacheLifetime: TimeInterval
    public var now: @Sendable () -> Date

    public init(host: String = "127.0.0.1", port: Int = 8080, baseURL: String? = nil, adminEmails: [String] = [],
                cacheLifetime: TimeInterval = 5, now: @escaping @Sendable () -> Date = Date.init) {
        self.host = host
        self.cacheLifetime = cacheLifetime
        self.port = port
        self.adminEmails = Set(adminEmails.map { $0.lowercased() })
        var base = baseURL ?? "http://\(host):\(port)"
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.now = now
    }
}

/// A named search engine the site offers (`keyword` now; semantic and hybrid when they land).
public struct SearchMode: Sendable {
    public var name: String
    public var engine: any KeywordSearching
    public init(name: String, engine: any KeywordSearching) {
        self.name = name
        self.engine = engine
    }
}

/// What every controller works with: the store, the search engines and the configuration.
struct Site: Sendable {
    let database: AppDatabase
    /// The modes offered, the default first.
    let searchModes: [SearchMode]
    let defaultMode: SearchMode
    let configuration: WebServerConfiguration
    let keys: TokenKeys
    let signInLimiter = RateLimiter(limit: 5, window: 15 * 60)
    let upvoteLimiter = RateLimiter(limit: 60, window: 60)
    let cache: ResponseCache

    /// Without search modes, keyword search (FTS5) is the only one.
    init(database: AppDatabase, searchModes: [SearchMode], configuration: WebServerConfiguration) throws {
        self.database = database
        keys = try TokenKeys(database: database)
        cache = ResponseCache(lifetime: configuration.cacheLifetime)
        defaultMode = searchModes.first ?? SearchMode(name: "keyword", engine: FTS5KeywordSearch(database: database))
        self.searchModes = searchModes.isEmpty ? [defaultMode] : searchModes
        self.configuration = configuration
    }

    var today: String { Day.string(configuration.now()) }

    func searchMode(named name: String?) throws -> SearchMode {
        guard let name, !name.isEmpty else { return defaultMode }
        guard let mode = searchModes.first(where: { $0.name == name }) else {
            throw PageError.badRequest("Unknown search mode “\(name.prefix(40))”: choose \(searchModes.map(\.name).joined(separator: ", ")).")
        }
        return mode
    }
}
