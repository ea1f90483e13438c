import Foundation
import GRDB

/// The only way into Paperboy's SQLite database: opening, schema migrations, and the typed reads
/// and writes in the other files of this module. The database file is the whole state of Paperboy.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter

    /// The database file, nil for an in-memory database: files that belong to it sit beside it.
    public var path: String? { writer is DatabasePool ? writer.path : nil }

    /// Opens (creating if needed) the database file at `path` as a WAL-mode pool, and migrates it.
    public static func open(path: String) throws -> AppDatabase {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try AppDatabase(DatabasePool(path: path, configuration: configuration()))
    }

    /// A private in-memory database, for tests and throw-away work.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        // Readers (a web server, a second CLI) wait for a writer instead of failing at once.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Safe with WAL: a crash loses at most the last transactions, never consistency.
            // A new database gets 16 KiB pages (an existing one keeps its own). A paper row is one
            // to two kilobytes: with 4 KiB pages, 200,000 papers made a file of 449 MB instead of
            // 379 MB, and their ingest spent about a quarter more system time writing it.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MiB of page cache: building the full-text index thrashes SQLite's 2 MiB default.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return config
    }

    /// Append-only: a released migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: papers, categories, full-text index") { db in
            try db.create(table: "paper") { t in
                t.autoIncrementedPrimaryKey("pk")
                t.column("id", .text).notNull().unique()
                t.column("version", .integer)
                t.column("title", .text).notNull()
                t.column("abstract", .text).notNull()
                t.column("authors", .text).notNull()  // JSON array, also indexed for full-text search
                t.column("categories", .text).notNull()  // JSON array, primary first
                t.column("submitted", .datetime)
                t.column("submittedDay", .text).indexed()
                t.column("updated", .datetime)
                t.column("versions", .text).notNull()
                t.column("comments", .text)
                t.column("journalRef", .text)
                t.column("doi", .text)
                t.column("license", .text)
                t.column("codeLinks", .text).notNull()
                t.column("hasCode", .boolean).notNull().defaults(to: false)
                t.column("upvotes", .integer)
                t.column("githubRepo", .text)
                t.column("githubStars", .integer)
                t.column("submitter", .text)
                t.column("organization", .text)
                t.column("keywords", .text).notNull()
                t.column("featuredOn", .text).indexed()
                t.column("sources", .text).notNull()
                t.column("titleKey", .text).notNull().indexed()
                t.column("changedAt", .datetime).notNull()
            }
            try db.create(table: "paperCategory", options: .withoutRowID) { t in
                t.column("category", .text).notNull()
                t.column("paperPK", .integer).notNull().references("paper", onDelete: .cascade)
                t.primaryKey(["category", "paperPK"])
            }
            try db.create(index: "paperCategory_paper", on: "paperCategory", columns: ["paperPK"])
            // The full-text index reads its text from `paper` (external content). Since
            // v6-derived-full-text it is brought up to date when queried, and the triggers are gone.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE paperFTS USING fts5(
                    title, abstract, authors, content='paper', content_rowid='pk',
                    tokenize='unicode61 remove_diacritics 2');
                CREATE TRIGGER paperFTS_afterDelete AFTER DELETE ON paper BEGIN
                    INSERT INTO paperFTS(paperFTS, rowid, title, abstract, authors)
                    VALUES ('delete', old.pk, old.title, old.abstract, old.authors);
                END;
                CREATE TRIGGER paperFTS_afterUpdate AFTER UPDATE OF title, abstract, authors ON paper BEGIN
                    INSERT INTO paperFTS(paperFTS, rowid, title, abstract, authors)
                    VALUES ('delete', old.pk, old.title, old.abstract, old.authors);
                    INSERT INTO paperFTS(rowid, title, abstract, authors) VALUES (new.pk, new.title, new.abstract, new.authors);
                END;
                """)
        }
        migrator.registerMigration("v2: embeddings", migrate: EmbeddingTable.create)
        registerWebMigrations(&migrator)
        registerHarvestMigration(&migrator)
        registerSubscriptionMigration(&migrator)
        registerOutboxMigration(&migrator)
        registerChangeTrackingMigration(&migrator)
        registerDerivedFullTextMigration(&migrator)
        registerTitleLookupMigration(&migrator)
        return migrator
    }

    /// A consistent copy of the live database at `path`, through SQLite's online backup.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try writer.backup(to: destination)
    }
}
