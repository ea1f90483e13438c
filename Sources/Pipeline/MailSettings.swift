import Crypto
import Foundation
import Mailer
import PaperStore

/// Who Paperboy's mail comes from and where its links point: the sender, the site's public
/// address (links, Message-IDs, the List-Id) and what the digest does when nothing is new.
public struct MailIdentity: Sendable {
    public var from: Mailbox
    public var baseURL: String
    /// Where the `mailto:` of List-Unsubscribe points (the sender's address unless given).
    public var unsubscribeAddress: String
    /// Send a digest even when nothing in it is new (off: an empty digest is not sent).
    public var sendWhenEmpty: Bool

    public init(from: Mailbox, baseURL: String, unsubscribeAddress: String? = nil, sendWhenEmpty: Bool = false) {
        self.from = from
        self.baseURL = baseURL
        self.unsubscribeAddress = unsubscribeAddress ?? from.address
        self.sendWhenEmpty = sendWhenEmpty
    }

    /// The site's host name: the right-hand side of Message-IDs and the List-Id.
    public var domain: String { URL(string: baseURL)?.host ?? "localhost" }
}

/// How Paperboy sends mail: the transport, and the identity its mail carries.
public struct MailSettings: Sendable {
    public var transport: any MailTransport
    public var identity: MailIdentity
    public init(transport: any MailTransport, identity: MailIdentity) {
        self.transport = transport
        self.identity = identity
    }
}

extension SubscriptionTokens {
    /// The tokens under the server's key, created at first use and kept in the database (the
    /// web server signs sign-in links and sessions with the same key).
    public static func load(from database: AppDatabase) throws -> SubscriptionTokens {
        SubscriptionTokens(key: try database.serverKey(named: "token-hmac") { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } })
    }
}
