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
