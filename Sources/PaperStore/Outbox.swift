import Foundation
import GRDB

/// A message in the outbox: rendered and stored before any delivery is tried, so that what was
/// sent, and what is still to send, survives a crash.
public struct OutboxMessage: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case queued
        /// Handed to the transport by process `claimant`; a message left here by a sender that
        /// died becomes `interrupted`, never `queued` again: it may have arrived.
        case sending
        case sent
        case failed
        case interrupted
    }

    public var id: Int64
    /// One message per key, e.g. `digest/12/2026-12-01`: a second run finds it and sends nothing.
    public var idempotencyKey: String
    public var subscriberID: Int64?
    public var sender: String
    public var recipient: String
    public var messageID: String
    public var subject: String
    public var message: Data
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    public var claimant: Int32?
}

/// A message to put in the outbox.
public struct NewOutboxMessage: Sendable {
    public var idempotencyKey: String
    public var subscriberID: Int64?
    public var sender: String
    public var recipient: String
    public var messageID: String
    public var subject: String
    public var message: Data
    /// The papers the message shows: never shown to this subscriber again.
    public var paperIDs: [String]

    public init(idempotencyKey: String, subscriberID: Int64?, sender: String, recipient: String, messageID: String,
                subject: String, message: Data, paperIDs: [String]) {
        self.idempotencyKey = idempotencyKey
        self.subscriberID = subscriberID
        self.sender = sender
        self.recipient = recipient
        self.messageID = messageID
        self.subject = subject
        self.message = message
        self.paperIDs = paperIDs
    }
}

/// What became of a message the transport was given.
public enum DeliveryRecord: Sendable, Equatable {
    case sent(at: Date)
    /// Back to the queue for another attempt at `nextAttemptAt`.
    case deferred(error: String, nextAttemptAt: Date)
    case failed(error: String)
}

extension AppDatabase {
    static func registerOutboxMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-outbox") { db in
            try db.execute(sql: """
                CREATE TABLE outbox (id INTEGER PRIMARY KEY, idempotencyKey TEXT NOT NULL UNIQUE,
                    subscriberID INTEGER REFERENCES subscriber(id) ON DELETE SET NULL,
                    sender TEXT NOT NULL, recipient TEXT NOT NULL, messageID TEXT NOT NULL, subject TEXT NOT NULL,
                    message BLOB NOT NULL, status TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,
                    nextAttemptAt REAL NOT NULL, lastError TEXT, createdAt REAL NOT NULL, sentAt REAL, claimant INTEGER);
                CREATE INDEX outbox_due ON outbox(status, nextAttemptAt);
                CREATE TABLE digestPaper (subscriberID INTEGER NOT NULL REFERENCES subscriber(id) ON DELETE CASCADE,
                    paperID TEXT NOT NULL, outboxID INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
                    PRIMARY KEY (subscriberID, paperID)) WITHOUT ROWID;
                """)
        }
        // The message in a row of its own: SQLite rewrites a whole row when a value in it changes
        // size, and each delivery changes the status twice (46 kB of writes per 23 kB digest).
        migrator.registerMigration("v6-outbox-body") { db in
            try db.execute(sql: """
                CREATE TABLE outboxBody (outboxID INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE, message BLOB NOT NULL);
                INSERT INTO outboxBody (outboxID, message) SELECT id, message FROM outbox;
                ALTER TABLE outbox DROP COLUMN message;
                """)
        }
    }

    /// Outbox rows with their message.
    private static let outboxWithBody = "SELECT outbox.*, outboxBody.message FROM outbox JOIN outboxBody ON outboxBody.outboxID = outbox.id"

    /// Which of these idempotency keys the outbox holds already. A run asks for a batch of
    /// subscribers at once (a few hundred: within SQLite's limit on bound values), since one query
    /// per subscriber cost more than composing their digest.
    public func existingIdempotencyKeys(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        return try writer.read { db in
            Set(try String.fetchAll(db, sql: "SELECT idempotencyKey FROM outbox WHERE idempotencyKey IN (\(databaseQuestionMarks(count: keys.count)))",
                                    arguments: StatementArguments(keys)))
        }
    }

    /// Stores a message and the papers it shows, in one transaction; false (and nothing
    /// changed) when a message with the same idempotency key exists.
    @discardableResult
    public func enqueue(_ new: NewOutboxMessage, now: Date) throws -> Bool {
        try enqueue([new], now: now) == 1
    }

    /// Stores messages in one transaction (a run's digests, in batches: one commit per message
    /// made composing 10,000 digests take minutes); returns how many were new.
    public func enqueue(_ messages: [NewOutboxMessage], now: Date) throws -> Int {
        try writer.write { db in
            var stored = 0
            for new in messages {
                // Statements prepared once per connection: preparing each (GRDB checks every
                // column a statement reads) cost more than executing it.
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO outbox (idempotencyKey, subscriberID, sender, recipient, messageID, subject, nextAttemptAt, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [new.idempotencyKey, new.subscriberID, new.sender, new.recipient, new.messageID, new.subject,
                                     now.timeIntervalSince1970, now.timeIntervalSince1970])
                guard db.changesCount > 0 else { continue }
                stored += 1
                let outboxID = db.lastInsertedRowID
                try db.cachedStatement(sql: "INSERT INTO outboxBody (outboxID, message) VALUES (?, ?)").execute(arguments: [outboxID, new.message])
                guard let subscriberID = new.subscriberID else { continue }
                for paperID in new.paperIDs {
                    try db.cachedStatement(sql: "INSERT OR IGNORE INTO digestPaper (subscriberID, paperID, outboxID) VALUES (?, ?, ?)")
                        .execute(arguments: [subscriberID, paperID, outboxID])
                }
            }
            return stored
        }
    }

    /// The papers already in a digest for each of these subscribers (a failed message gives its
    /// papers back); a subscriber with none is left out.
    public func digestedPaperIDs(subscriberIDs: [Int64]) throws -> [Int64: Set<String>] {
        guard !subscriberIDs.isEmpty else { return [:] }
        return try writer.read { db in
            var seen: [Int64: Set<String>] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT digestPaper.subscriberID, paperID FROM digestPaper JOIN outbox ON outbox.id = digestPaper.outboxID
                WHERE digestPaper.subscriberID IN (\(databaseQuestionMarks(count: subscriberIDs.count))) AND outbox.status != 'failed'
                """, arguments: StatementArguments(subscriberIDs))
            while let row = try rows.next() { seen[row[0], default: []].insert(row[1]) }
            return seen
        }
    }

    /// The ids of up to `limit` queued messages whose time has come, oldest first.
    public func dueOutboxIDs(now: Date, limit: Int) throws -> [Int64] {
        try writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM outbox WHERE status = 'queued' AND nextAttemptAt <= ? ORDER BY nextAttemptAt, id LIMIT ?",
                               arguments: [now.timeIntervalSince1970, limit])
        }
    }

    public func outboxID(idempotencyKey: String) throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM outbox WHERE idempotencyKey = ?", arguments: [idempotencyKey]) }
    }

    /// Records what became of messages the transport had, then takes the queued messages of `ids`
    /// for delivery by process `claimant` (those no longer queued, e.g. taken by another sender,
    /// are left out), all in one transaction: a sender pays one commit per message, not two.
    /// A message is claimed just before delivery, so that a sender that dies leaves only the
    /// messages it was actually sending; a record written late only leaves a sent message
    /// `sending` a little longer (after a crash: `interrupted`, never sent again).
    public func settle(_ records: [(outboxID: Int64, record: DeliveryRecord)], thenClaim ids: [Int64] = [], claimant: Int32) throws -> [OutboxMessage] {
        try writer.write { db in
            for (id, record) in records {
                switch record {
                case .sent(let at):
                    try db.cachedStatement(sql: "UPDATE outbox SET status = 'sent', sentAt = ?, lastError = NULL WHERE id = ?")
                        .execute(arguments: [at.timeIntervalSince1970, id])
                case .deferred(let error, let nextAttemptAt):
                    try db.execute(sql: "UPDATE outbox SET status = 'queued', lastError = ?, nextAttemptAt = ? WHERE id = ?",
                                   arguments: [error, nextAttemptAt.timeIntervalSince1970, id])
                case .failed(let error):
                    try db.execute(sql: "UPDATE outbox SET status = 'failed', lastError = ? WHERE id = ?", arguments: [error, id])
                }
            }
            return try ids.compactMap { id in
                try db.cachedStatement(sql: "UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimant = ? WHERE id = ? AND status = 'queued'")
                    .execute(arguments: [claimant, id])
                guard db.changesCount > 0 else { return nil }
                return try Row.fetchOne(db.cachedStatement(sql: Self.outboxWithBody + " WHERE outbox.id = ?"), arguments: [id]).map(Self.outboxMessage)
            }
        }
    }

    /// Messages being sent, with the process sending each (to find those of a dead sender).
    public func messagesBeingSent() throws -> [(id: Int64, claimant: Int32?)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, claimant FROM outbox WHERE status = 'sending'").map { ($0[0], $0[1]) }
        }
    }

    /// A message its sender abandoned (it died): it may or may not have arrived, so it is never
    /// sent again automatically.
    public func markInterrupted(outboxID: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE outbox SET status = 'interrupted', lastError = ? WHERE id = ?",
                           arguments: ["the sender stopped during delivery; not resent, so that no one receives it twice", outboxID])
        }
    }

    /// The earliest time a queued message is due, if any.
    public func nextOutboxAttempt() throws -> Date? {
        try writer.read { db in
            try Double.fetchOne(db, sql: "SELECT min(nextAttemptAt) FROM outbox WHERE status = 'queued'").map(Date.init(timeIntervalSince1970:))
        }
    }

    /// How many messages are in each state.
    public func outboxCounts() throws -> [OutboxMessage.Status: Int] {
        try writer.read { db in
            var counts: [OutboxMessage.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM outbox GROUP BY status") {
                if let status = OutboxMessage.Status(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    /// The latest messages, newest first (the admin page).
    public func recentOutbox(limit: Int) throws -> [OutboxMessage] {
        try writer.read { db in
            try Row.fetchAll(db, sql: Self.outboxWithBody + " ORDER BY outbox.id DESC LIMIT ?", arguments: [limit]).map(Self.outboxMessage)
        }
    }

    private static func outboxMessage(_ row: Row) -> OutboxMessage {
        OutboxMessage(id: row["id"], idempotencyKey: row["idempotencyKey"], subscriberID: row["subscriberID"], sender: row["sender"],
                      recipient: row["recipient"], messageID: row["messageID"], subject: row["subject"], message: row["message"],
                      status: OutboxMessage.Status(rawValue: row["status"]) ?? .queued, attempts: row["attempts"],
                      nextAttemptAt: Date(timeIntervalSince1970: row["nextAttemptAt"]), lastError: row["lastError"],
                      createdAt: Date(timeIntervalSince1970: row["createdAt"]),
                      sentAt: (row["sentAt"] as Double?).map(Date.init(timeIntervalSince1970:)), claimant: row["claimant"])
    }
}
