import Foundation
import GRDB

/// The FTS5 index, since Paperboy's own engine became the default keyword search: an index
/// derived from the papers table and brought up to date when it is queried, so that writing
/// papers does not pay for it (indexing each batch into FTS5 took most of an ingest's time).
///
/// `fullTextState` records up to which change stamp and paper key FTS5 holds the table. New
/// papers are added in one `INSERT … SELECT`; a paper changed after it was indexed means a
/// rebuild, because FTS5 with external content can only take a row out given its old text.
extension AppDatabase {
    static func registerDerivedFullTextMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-derived-full-text") { db in
            // The triggers kept FTS5 in step row by row; the state below says how far it is now.
            try db.execute(sql: """
                DROP TRIGGER paperFTS_afterDelete;
                DROP TRIGGER paperFTS_afterUpdate;
                CREATE TABLE fullTextState (changedAt TEXT, indexedUpTo INTEGER NOT NULL);
                INSERT INTO fullTextState SELECT max(changedAt), coalesce(max(pk), 0) FROM paper;
                """)
        }
    }

    /// Brings FTS5 up to date with the papers table; two indexed reads when it is.
    public func refreshFullTextIndex() throws {
        guard try writer.read(Self.fullTextIsStale) else { return }
        try writer.write { db in
            guard try Self.fullTextIsStale(db) else { return }  // another writer did it meanwhile
            let state = try Row.fetchOne(db, sql: "SELECT changedAt, indexedUpTo FROM fullTextState")
            let builtAt: String? = state?["changedAt"]
            let indexedUpTo: Int64 = state?["indexedUpTo"] ?? 0
            let changedOld = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM paper WHERE changedAt > ? AND pk <= ?)",
                                               arguments: [builtAt ?? "", indexedUpTo]) ?? true
            if changedOld {
                try db.execute(sql: "INSERT INTO paperFTS(paperFTS) VALUES ('rebuild')")
            } else {
                try db.execute(sql: "INSERT INTO paperFTS(rowid, title, abstract, authors) SELECT pk, title, abstract, authors FROM paper WHERE pk > ?",
                               arguments: [indexedUpTo])
            }
            try db.execute(sql: "UPDATE fullTextState SET changedAt = (SELECT max(changedAt) FROM paper), indexedUpTo = (SELECT coalesce(max(pk), 0) FROM paper)")
        }
    }

    private static func fullTextIsStale(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT (SELECT max(changedAt) FROM paper) IS NOT (SELECT changedAt FROM fullTextState)") ?? true
    }

    /// Merges the full-text index's segments into one (FTS5 'optimize'): slower to run, faster to query.
    public func optimizeFullTextIndex() throws {
        try refreshFullTextIndex()
        try writer.write { db in try db.execute(sql: "INSERT INTO paperFTS(paperFTS) VALUES ('optimize')") }
    }

    /// Whether the full-text index, brought up to date, holds exactly the papers table's text
    /// (FTS5 'integrity-check').
    public func fullTextIndexIsConsistent() throws -> Bool {
        try refreshFullTextIndex()
        do {
            try writer.write { db in try db.execute(sql: "INSERT INTO paperFTS(paperFTS, rank) VALUES ('integrity-check', 1)") }
            return true
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT_VTAB || error.resultCode == .SQLITE_CORRUPT {
            return false
        }
    }
}
