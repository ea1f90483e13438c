import Foundation
import Mailer
import PaperModels
import PaperSearch
import PaperStore
import Pipeline

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
    /// How the site mails people (confirmations, sign-in links); nil: mails go to the log.
    public var mail: MailSettings?
    public var now: @Sendable () -> Date

    public init(host: String = "127.0.0.1", port: Int = 8080, baseURL: String? = nil, adminEmails: [String] = [],
                cacheLifetime: TimeInterval = 5, mail: MailSettings? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.mail = mail
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

/// What every controller works with: the store, the searcher and the configuration.
struct Site: Sendable {
    let database: AppDatabase
    let searcher: PaperSearcher
    /// The modes offered, the default first: hybrid, keyword and semantic once papers have
    /// embeddings and the model is there, keyword alone before.
    let searchModes: [SearchMode]
    let defaultMode: SearchMode
    let configuration: WebServerConfiguration
    let keys: TokenKeys
    let signInLimiter = RateLimiter(limit: 5, window: 15 * 60)
    let upvoteLimiter = RateLimiter(limit: 60, window: 60)
    let cache: ResponseCache
    /// Subscribe, confirm, manage and unsubscribe: the digest's use cases.
    let subscriptions: SubscriptionService

    init(database: AppDatabase, searcher: PaperSearcher, configuration: WebServerConfiguration, mailFallback: any MailTransport) throws {
        self.database = database
        self.searcher = searcher
        keys = try TokenKeys(database: database)
        let identity = configuration.mail?.identity ?? MailIdentity(from: Mailbox("paperboy@localhost", name: "Paperboy"), baseURL: configuration.baseURL)
        subscriptions = SubscriptionService(database: database, mail: SubscriptionMail(identity: identity, tokens: try SubscriptionTokens.load(from: database)),
                                            transport: configuration.mail?.transport ?? mailFallback)
        cache = ResponseCache(lifetime: configuration.cacheLifetime)
        searchModes = searcher.meaning == nil ? [.keyword] : [.hybrid, .keyword, .semantic]
        defaultMode = searchModes[0]
        self.configuration = configuration
    }

    var today: String { Day.string(configuration.now()) }

    /// A mode the site does not offer yet (semantic before any embedding) is still accepted: the
    /// searcher answers with keyword results and a note that says why.
    func searchMode(named name: String?) throws -> SearchMode {
        guard let name, !name.isEmpty else { return defaultMode }
        guard let mode = SearchMode(rawValue: name) else {
            throw PageError.badRequest("Unknown search mode “\(name.prefix(40))”: choose \(SearchMode.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return mode
    }
}
