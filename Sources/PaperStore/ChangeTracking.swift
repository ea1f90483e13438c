import Foundation
import GRDB

/// What an index kept outside the database (the keyword engine's directory) needs to stay in
/// step with it: the newest change stamp, found through an index so that every search can ask
/// for it, and an identity that tells this database from a new one made at the same path.
extension AppDatabase {
    static func registerChangeTrackingMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-change-tracking") { db in
            try db.execute(sql: """
                CREATE INDEX paper_changedAt ON paper(changedAt);
                CREATE TABLE storeIdentity (id TEXT NOT NULL);
                INSERT INTO storeIdentity (id) VALUES (lower(hex(randomblob(16))));
                """)
        }
    }

    /// The stamp of a write transaction: `now`, or just after the newest stamp stored when that is
    /// not older. Stamps only grow, one per transaction, so an index that caught up to a stamp has
    /// seen every change up to it, even when two writes fall in one millisecond or the clock steps back.
    static func changeStamp(atLeast now: Date, in db: Database) throws -> Date {
        changeStamp(atLeast: now, after: try lastPaperChange(in: db))
    }

    /// The stamp of a write transaction given the newest stamp stored (`lastPaperChange(in:)`).
    static func changeStamp(atLeast now: Date, after last: String?) -> Date {
        guard let last, let lastDate = Date.fromDatabaseValue(last.databaseValue), DatabaseDate.text(now) <= last else { return now }
        return lastDate.addingTimeInterval(0.0015)  // the next millisecond, clear of rounding
    }

    static func lastPaperChange(in db: Database) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT max(changedAt) FROM paper"))
    }

    /// The newest paper change stamp (as `IndexablePaper.changedAt` gives it), nil without papers.
    public func lastPaperChange() throws -> String? {
        try writer.read { db in try Self.lastPaperChange(in: db) }
    }

    /// A random identity made with the database: a new database at the same path has another.
    public func storeIdentity() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT id FROM storeIdentity") } ?? ""
    }
}
