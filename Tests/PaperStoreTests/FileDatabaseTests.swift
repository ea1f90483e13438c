import Foundation
import GRDB
@testable import PaperStore
import TestSupport
import Testing

@Suite struct FileDatabaseTests {
    @Test func opensAWALDatabaseThatPersistsAcrossOpens() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/paperboy.sqlite").path
        try AppDatabase.open(path: path).upsert([makePaper("2606.00001")])
        #expect(try AppDatabase.open(path: path).paperCount() == 1)
        let mode = try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let pageSize = try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") }
        #expect(pageSize == 16_384)
    }

    @Test func bulkWritesCheckpointBesideTheWriterAndKeepTheLogShort() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bulk.sqlite").path
        let db = try AppDatabase.open(path: path)
        func logBytes() throws -> Int { try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0 }
        func writeBatches(_ range: Range<Int>, after: () throws -> Void) throws {
            for batch in range {
                let papers = (0..<40).map { makePaper(String(format: "2606.%05d", batch * 40 + $0), abstract: String(repeating: "Sparse attention words. ", count: 60)) }
                _ = try db.write(AppDatabase.prepare(papers))
                try after()
            }
        }
        // 64 pages of 16 KiB: the log is copied by the helper many times over 120 batches.
        let checkpoints = try db.prepareForBulkWrites(checkpointPages: 64)
        try writeBatches(0..<120) { try checkpoints.afterTransaction() }
        try checkpoints.stop()
        let bulkLog = try logBytes()
        let autocheckpoint = try db.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") }
        #expect(autocheckpoint == 64)  // SQLite's own checkpoints are back
        // Another 120 batches without the helper: SQLite's checkpoints keep the log short too.
        try writeBatches(120..<240) {}
        #expect(try db.paperCount() == 240 * 40)
        let stored = try #require(try db.paper(id: "2606.04799"))
        #expect(stored.abstract.hasPrefix("Sparse attention words."))
        // The log only grows: its size is the most it held at once. Without restarts it would
        // hold every page written, more than the database file itself.
        let databaseBytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(bulkLog < databaseBytes / 4)
        #expect(try logBytes() < databaseBytes / 4)
    }

    @Test func backupIsACompleteReadableCopy() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try AppDatabase.open(path: dir.appendingPathComponent("live.sqlite").path)
        try db.upsert((1...50).map { makePaper(String(format: "2606.%05d", $0)) })
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try db.backup(to: copy)
        let restored = try AppDatabase.open(path: copy)
        #expect(try restored.paperCount() == 50)
        #expect(try restored.keywordSearch(KeywordQuery(match: "\"sparse\"", limit: 100)).count == 50)
    }
}

@Suite struct FullTextConsistencyTests {
    @Test func theCheckNoticesAPaperTheIndexMissed() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("paperboy.sqlite").path
        let db = try AppDatabase.open(path: path)
        try db.upsert([makePaper("2606.00001"), makePaper("2606.00002")])
        #expect(try db.fullTextIndexIsConsistent())
        // A row written behind the store's back is not in the index.
        try DatabaseQueue(path: path).write { raw in
            try raw.execute(sql: """
                INSERT INTO paper (id, title, abstract, authors, categories, versions, codeLinks, keywords, sources, titleKey, changedAt)
                VALUES ('2606.00003', 'Unindexed', 'Never indexed text', '[]', '[]', '[]', '[]', '[]', '[]', 'unindexed', '2026-06-01')
                """)
        }
        #expect(try !db.fullTextIndexIsConsistent())
    }
}

@Suite struct DatabaseDateTests {
    /// Dates written by the store's own formatter read back through GRDB as the same instants.
    @Test func datesRoundTripThroughGRDB() throws {
        let db = try DatabaseQueue()
        for seconds in [0.0, 1_175_541_522, 1_775_000_000.25, -86_400 * 365.0 * 20 + 0.5, 951_782_400] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = try #require(try db.read { try String.fetchOne($0, sql: "SELECT ?", arguments: [date]) })
            #expect(DatabaseDate.text(date) == text)
        }
    }
}
