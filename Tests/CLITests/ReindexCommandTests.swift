import Foundation
import TestSupport
import Testing

@Suite struct ReindexCommandTests {
    @Test func reindexBuildsTheIndexBesideTheDatabaseAndCatchesUp() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("paperboy.sqlite").path
        #expect(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl")).status == 0)
        let rebuild = try PaperboyProcess.run("reindex", "--db", db)
        #expect(rebuild.status == 0)
        #expect(rebuild.stdout.contains("indexed 40 papers in \(db).keyword"))
        #expect(FileManager.default.fileExists(atPath: db + ".keyword/COMMIT"))
        let catchUp = try PaperboyProcess.run("reindex", "--catch-up", "--db", db)
        #expect(catchUp.status == 0 && catchUp.stdout.contains("changed papers"))
        // A damaged commit point is one clear line, not a stack trace.
        try Data("{".utf8).write(to: URL(fileURLWithPath: db + ".keyword/COMMIT"))
        let damaged = try PaperboyProcess.run("reindex", "--catch-up", "--db", db)
        #expect(damaged.status == 1 && damaged.stderr.contains("unreadable commit point"))
        #expect(try PaperboyProcess.run("reindex", "--db", db).stdout.contains("indexed 40 papers"))
    }
}

/// Paperboy's own engine is the default keyword search: every ingest brings its index up to date,
/// FTS5 stays available by configuration, and a new database at the same path never shows the
/// old database's papers.
@Suite struct KeywordEngineDefaultTests {
    struct Output: Decodable {
        struct Hit: Decodable {
            struct Paper: Decodable { var id: String }
            var paper: Paper
            var snippet: String
        }
        var hits: [Hit]
    }

    func ids(_ db: String, _ query: String, environment: [String: String] = [:]) throws -> [String] {
        let result = try PaperboyProcess.run(["search", "--db", db, "--mode", "keyword", "--json", query], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8)).hits.map(\.paper.id)
    }

    @Test func ingestKeepsTheIndexCurrentAndFTS5AgreesOnTheTopHit() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("paperboy.sqlite").path
        let first = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl"))
        #expect(first.stderr.contains("indexed 40 papers for keyword search"))
        #expect(try ids(db, "prosthetic vision PRIMA") == ["2503.11677"])
        // The second ingest adds papers; the index takes in only those.
        let second = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("kaggle-first200.jsonl"))
        #expect(second.stderr.contains("indexed 200 papers for keyword search"))
        let engine = try ids(db, "diphoton Tevatron")
        #expect(engine.first == "0704.0001")
        #expect(try ids(db, "diphoton Tevatron", environment: ["PAPERBOY_KEYWORD_ENGINE": "fts5"]).first == "0704.0001")
        let wrong = try PaperboyProcess.run(["search", "--db", db, "x"], environment: ["PAPERBOY_KEYWORD_ENGINE": "lucene"])
        #expect(wrong.status != 0 && wrong.stderr.contains("PAPERBOY_KEYWORD_ENGINE is \"lucene\"; use one of: index, fts5"))
    }

    @Test func aNewDatabaseAtTheSamePathIsIndexedAnew() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("paperboy.sqlite").path
        try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl"))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        // The new database's first paper gets the key the old one's had: the old index must not answer.
        try PaperboyProcess.run("ingest", "--db", db, "--no-embed", Fixtures.path("kaggle-first200.jsonl"))
        #expect(try ids(db, "prosthetic vision PRIMA").isEmpty)
        #expect(try ids(db, "diphoton Tevatron").first == "0704.0001")
    }
}
