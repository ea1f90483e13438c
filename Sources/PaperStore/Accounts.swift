import Foundation
import GRDB
import PaperModels

/// A person who signed in: known by e-mail address only.
public struct Account: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var isAdmin: Bool
}

/// Accounts, sign-in tokens, sessions and upvotes. Tokens are never stored as given: the web
/// server stores a keyed digest of each (`digest`), so a copy of the database lets no one sign in.
extension AppDatabase {
    static func registerAccountMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE account (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,
                    isAdmin BOOLEAN NOT NULL DEFAULT 0, createdAt REAL NOT NULL);
                CREATE TABLE signInToken (digest TEXT PRIMARY KEY, email TEXT NOT NULL, expiresAt REAL NOT NULL, usedAt REAL);
                CREATE TABLE session (digest TEXT PRIMARY KEY, accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL, expiresAt REAL NOT NULL);
                CREATE TABLE vote (accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                    paperPK INTEGER NOT NULL REFERENCES paper(pk) ON DELETE CASCADE, createdAt REAL NOT NULL,
                    PRIMARY KEY (accountID, paperPK)) WITHOUT ROWID;
                CREATE INDEX vote_paper ON vote(paperPK);
                CREATE TABLE serverKey (name TEXT PRIMARY KEY, value BLOB NOT NULL);
                ALTER TABLE paper ADD COLUMN localUpvotes INTEGER NOT NULL DEFAULT 0;
                """)
        }
    }

    /// The secret named `name`, created from `make` on first use and kept in the database
    /// (outside the repository); every later call returns the same value.
    public func serverKey(named name: String, make: () -> Data) throws -> Data {
        try writer.write { db in
            if let key = try Data.fetchOne(db, sql: "SELECT value FROM serverKey WHERE name = ?", arguments: [name]) { return key }
            let key = make()
            try db.execute(sql: "INSERT INTO serverKey (name, value) VALUES (?, ?)", arguments: [name, key])
            return key
        }
    }

    public func saveSignInToken(digest: String, email: String, expiresAt: Date) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM signInToken WHERE expiresAt < ?", arguments: [Date().timeIntervalSince1970 - 86_400])
            try db.execute(sql: "INSERT INTO signInToken (digest, email, expiresAt) VALUES (?, ?, ?)",
                           arguments: [digest, email, expiresAt.timeIntervalSince1970])
        }
    }

    /// Uses a sign-in token once: its e-mail address if it exists, is unused and has not expired.
    public func redeemSignInToken(digest: String, now: Date) throws -> String? {
        try writer.write { db in
            guard let email = try String.fetchOne(db, sql: """
                SELECT email FROM signInToken WHERE digest = ? AND usedAt IS NULL AND expiresAt > ?
                """, arguments: [digest, now.timeIntervalSince1970]) else { return nil }
            try db.execute(sql: "UPDATE signInToken SET usedAt = ? WHERE digest = ?", arguments: [now.timeIntervalSince1970, digest])
            return email
        }
    }

    /// The account of an e-mail address (lower-cased), created on first sign-in; `admin` grants
    /// the admin role (never revokes it).
    public func account(email: String, admin: Bool = false, now: Date = Date()) throws -> Account {
        let email = email.lowercased()
        return try writer.write { db in
            try db.execute(sql: "INSERT INTO account (email, isAdmin, createdAt) VALUES (?, ?, ?) ON CONFLICT(email) DO UPDATE SET isAdmin = isAdmin OR excluded.isAdmin",
                           arguments: [email, admin, now.timeIntervalSince1970])
            let row = try Row.fetchOne(db, sql: "SELECT id, email, isAdmin FROM account WHERE email = ?", arguments: [email])
            guard let row else { throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "account vanished") }
            return Account(id: row[0], email: row[1], isAdmin: row[2])
        }
    }

    public func createSession(digest: String, accountID: Int64, csrf: String, expiresAt: Date) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO session (digest, accountID, csrf, expiresAt) VALUES (?, ?, ?, ?)",
                           arguments: [digest, accountID, csrf, expiresAt.timeIntervalSince1970])
        }
    }

    /// The account and CSRF token of a live session.
    public func session(digest: String, now: Date) throws -> (account: Account, csrf: String)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT account.id, account.email, account.isAdmin, session.csrf FROM session JOIN account ON account.id = session.accountID
                WHERE session.digest = ? AND session.expiresAt > ?
                """, arguments: [digest, now.timeIntervalSince1970]).map { (Account(id: $0[0], email: $0[1], isAdmin: $0[2]), $0[3]) }
        }
    }

    public func deleteSession(digest: String) throws {
        try writer.write { db in try db.execute(sql: "DELETE FROM session WHERE digest = ?", arguments: [digest]) }
    }

    /// Casts or withdraws an account's upvote of a paper; returns the paper's count of Paperboy
    /// upvotes afterwards, or nil for an unknown paper. One transaction: the vote row (at most
    /// one per account and paper) and the count move together, so concurrent clicks stay exact.
    public func setUpvote(accountID: Int64, paperID: String, on: Bool, now: Date = Date()) throws -> Int? {
        let key = ArxivID(paperID)?.bare ?? paperID
        return try writer.write { db in
            guard let pk = try Int64.fetchOne(db, sql: "SELECT pk FROM paper WHERE id = ?", arguments: [key]) else { return nil }
            if on {
                try db.execute(sql: "INSERT OR IGNORE INTO vote (accountID, paperPK, createdAt) VALUES (?, ?, ?)",
                               arguments: [accountID, pk, now.timeIntervalSince1970])
            } else {
                try db.execute(sql: "DELETE FROM vote WHERE accountID = ? AND paperPK = ?", arguments: [accountID, pk])
            }
            try db.execute(sql: "UPDATE paper SET localUpvotes = (SELECT count(*) FROM vote WHERE paperPK = ?) WHERE pk = ?", arguments: [pk, pk])
            return try Int.fetchOne(db, sql: "SELECT localUpvotes FROM paper WHERE pk = ?", arguments: [pk])
        }
    }

    public func hasUpvoted(accountID: Int64, paperID: String) throws -> Bool {
        let key = ArxivID(paperID)?.bare ?? paperID
        return try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM vote JOIN paper ON paper.pk = vote.paperPK WHERE accountID = ? AND paper.id = ?)",
                              arguments: [accountID, key]) ?? false
        }
    }

    /// Accounts, admins, live sessions and Paperboy upvotes, for the admin page.
    public func accountStatistics(now: Date) throws -> (accounts: Int, admins: Int, sessions: Int, upvotes: Int) {
        try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM account WHERE isAdmin") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE expiresAt > ?", arguments: [now.timeIntervalSince1970]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM vote") ?? 0)
        }
    }
}

extension AppDatabase {
    /// Whether someone has signed in with this address.
    public func accountExists(email: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM account WHERE email = ?)", arguments: [email.lowercased()]) ?? false
        }
    }
}
