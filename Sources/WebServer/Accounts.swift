import Crypto
import Foundation
import Hummingbird
import PaperStore
import PaperViews
import Synchronization

/// Tokens for sign-in links and sessions: 32 random bytes each, handed to the person once and
/// stored only as an HMAC under the server's key (kept in the database, generated at first start).
struct TokenKeys: Sendable {
    /// The raw key (SymmetricKey is not Sendable; it is rebuilt from these bytes per use).
    let key: Data

    init(database: AppDatabase) throws {
        key = try database.serverKey(named: "token-hmac") { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } }
    }

    /// What the store keeps of a token.
    func digest(_ token: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new token, URL- and cookie-safe (base64url without padding).
    static func random() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Tokens are compared only after this cheap shape check, so hostile cookies never reach SQL.
    static func looksValid(_ token: String) -> Bool {
        token.count == 43 && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// At most `limit` actions per key in a sliding `window` (per e-mail for sign-in, per account
/// for upvotes). Kept in memory: a restart forgives, which is acceptable for abuse control.
final class RateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    private let events = Mutex<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records the action and says whether it is allowed.
    func allow(_ key: String, now: Date) -> Bool {
        events.withLock { events in
            if events.count > 10_000 { events = events.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var recent = (events[key] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else { events[key] = recent; return false }
            recent.append(now)
            events[key] = recent
            return true
        }
    }
}

/// The signed-in person behind a request, with their session's digest (to sign out).
struct Session {
    var account: Account
    var viewer: Viewer
    var digest: String
}

extension Site {
    static let sessionCookie = "pb_session"
    static let csrfCookie = "pb_csrf"
    static let sessionLifetime: TimeInterval = 30 * 86_400
    static let linkLifetime: TimeInterval = 15 * 60

    /// The live session named by the request's cookie, if any.
    func session(_ request: Request) throws -> Session? {
        guard let token = request.cookies[Self.sessionCookie]?.value, TokenKeys.looksValid(token) else { return nil }
        let digest = keys.digest(token)
        guard let (account, csrf) = try database.session(digest: digest, now: configuration.now()) else { return nil }
        return Session(account: account, viewer: Viewer(email: account.email, csrf: csrf, isAdmin: account.isAdmin), digest: digest)
    }

    func viewer(_ request: Request) throws -> Viewer? { try session(request)?.viewer }

    /// Cookies are `Secure` when the site is served over https.
    func cookie(_ name: String, value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: configuration.baseURL.hasPrefix("https://"),
               httpOnly: true, sameSite: .lax)
    }
}
