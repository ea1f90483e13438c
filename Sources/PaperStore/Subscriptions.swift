import Foundation
import GRDB
import PaperModels

/// Someone who receives (or asked to receive) the e-mail digest.
public struct Subscriber: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Subscribed on the site; no digest until the confirmation link is followed.
        case pending
        case confirmed
        case unsubscribed
    }

    public var id: Int64
    public var email: String
    public var status: Status
    public var preferences: DigestPreferences
    public var createdAt: Date
}

/// What `subscribe` found: the caller sends a confirmation for `.needsConfirmation` and, at
/// most, a reminder of the manage link for `.alreadyConfirmed` — the web page says the same in
/// every case, so it reveals nothing about who subscribes.
public enum SubscribeOutcome: Sendable, Equatable {
    case needsConfirmation(Subscriber)
    case alreadyConfirmed(Subscriber)
}

extension AppDatabase {
    static func registerSubscriptionMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-subscriptions") { db in
            try db.execute(sql: """
                CREATE TABLE subscriber (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
                    preferences TEXT NOT NULL, createdAt REAL NOT NULL, confirmedAt REAL);
                """)
        }
    }

    /// Records a subscription from the site: new addresses (and unsubscribed ones) wait for
    /// confirmation; a confirmed subscriber stays as they were.
    public func subscribe(email: String, now: Date) throws -> SubscribeOutcome {
        let email = email.lowercased()
        return try writer.write { db in
            try db.execute(sql: """
                INSERT INTO subscriber (email, status, preferences, createdAt) VALUES (?, 'pending', ?, ?)
                ON CONFLICT(email) DO UPDATE SET status = 'pending' WHERE status = 'unsubscribed'
                """, arguments: [email, try Self.json(DigestPreferences()), now.timeIntervalSince1970])
            let subscriber = try Self.fetchSubscriber(db, "email = ?", [email])!
            return subscriber.status == .confirmed ? .alreadyConfirmed(subscriber) : .needsConfirmation(subscriber)
        }
    }

    /// Confirms (or, by the operator, adds confirmed) a subscriber; nil for an unknown id.
    @discardableResult
    public func confirmSubscriber(id: Int64, now: Date) throws -> Subscriber? {
        try writer.write { db in
            try db.execute(sql: "UPDATE subscriber SET status = 'confirmed', confirmedAt = ? WHERE id = ? AND status = 'pending'",
                           arguments: [now.timeIntervalSince1970, id])
            return try Self.fetchSubscriber(db, "id = ?", [id])
        }
    }

    /// Adds confirmed subscribers (an operator adding a mailing list) in one transaction; for
    /// each address, whether it is new. A known address is confirmed and keeps its preferences.
    public func addConfirmedSubscribers(emails: [String], preferences: DigestPreferences = DigestPreferences(), now: Date) throws -> [Bool] {
        let json = try Self.json(preferences.normalized())
        return try writer.write { db in
            try emails.map { email in
                let existed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM subscriber WHERE email = ?)", arguments: [email.lowercased()]) ?? false
                try db.execute(sql: """
                    INSERT INTO subscriber (email, status, preferences, createdAt, confirmedAt) VALUES (?, 'confirmed', ?, ?, ?)
                    ON CONFLICT(email) DO UPDATE SET status = 'confirmed', confirmedAt = excluded.confirmedAt
                    """, arguments: [email.lowercased(), json, now.timeIntervalSince1970, now.timeIntervalSince1970])
                return !existed
            }
        }
    }

    /// Adds one confirmed subscriber; returns it and whether it is new.
    public func addConfirmedSubscriber(email: String, preferences: DigestPreferences = DigestPreferences(), now: Date) throws -> (Subscriber, isNew: Bool) {
        let isNew = try addConfirmedSubscribers(emails: [email], preferences: preferences, now: now)[0]
        guard let subscriber = try subscriber(email: email) else { throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "subscriber vanished") }
        return (subscriber, isNew)
    }

    /// Stops the digest at once (the one-click unsubscribe); the row stays, so a later
    /// subscription starts from the same preferences.
    @discardableResult
    public func unsubscribe(id: Int64) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "UPDATE subscriber SET status = 'unsubscribed' WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Deletes a subscriber and what was sent to them; false when the address is unknown.
    public func removeSubscriber(email: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM subscriber WHERE email = ?", arguments: [email.lowercased()])
            return db.changesCount > 0
        }
    }

    public func updatePreferences(subscriberID: Int64, _ preferences: DigestPreferences) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE subscriber SET preferences = ? WHERE id = ?", arguments: [try Self.json(preferences.normalized()), subscriberID])
        }
    }

    public func subscriber(id: Int64) throws -> Subscriber? {
        try writer.read { db in try Self.fetchSubscriber(db, "id = ?", [id]) }
    }

    public func subscriber(email: String) throws -> Subscriber? {
        try writer.read { db in try Self.fetchSubscriber(db, "email = ?", [email.lowercased()]) }
    }

    /// Subscribers, by address; only those of `status` when given.
    public func subscribers(status: Subscriber.Status? = nil) throws -> [Subscriber] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM subscriber WHERE ?1 IS NULL OR status = ?1 ORDER BY email",
                                        arguments: [status?.rawValue])
            return try rows.map(Self.subscriber)
        }
    }

    private static func fetchSubscriber(_ db: Database, _ condition: String, _ arguments: StatementArguments) throws -> Subscriber? {
        try Row.fetchOne(db, sql: "SELECT * FROM subscriber WHERE \(condition)", arguments: arguments).map(subscriber)
    }

    private static func subscriber(_ row: Row) throws -> Subscriber {
        let preferences = (try? JSONDecoder().decode(DigestPreferences.self, from: Data((row["preferences"] as String).utf8))) ?? DigestPreferences()
        return Subscriber(id: row["id"], email: row["email"], status: Subscriber.Status(rawValue: row["status"]) ?? .pending,
                          preferences: preferences, createdAt: Date(timeIntervalSince1970: row["createdAt"]))
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

extension AppDatabase {
    /// The papers the account with this address upvoted, most recent first ("for you").
    public func upvotedPaperIDs(email: String, limit: Int) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT paper.id FROM vote JOIN account ON account.id = vote.accountID JOIN paper ON paper.pk = vote.paperPK
                WHERE account.email = ? ORDER BY vote.createdAt DESC LIMIT ?
                """, arguments: [email.lowercased(), limit])
        }
    }
}
