import Foundation
import GRDB
import PaperStore
import TestSupport
import Testing

@Suite struct IngestCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("paperboy.sqlite").path }

    init() throws { dir = try Fixtures.temporaryDirectory() }

    @Test func ingestTwiceThenSummaries() throws {
        let first = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("kaggle-first200.jsonl"))
        #expect(first.status == 0)
        #expect(first.stderr.contains("read 200 · new 200 · updated 0 · unchanged 0 · skipped 0"))
        let second = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("kaggle-first200.jsonl"))
        #expect(second.stderr.contains("read 200 · new 0 · updated 0 · unchanged 200 · skipped 0"))
    }

    @Test func skippedRecordsAreNamedAndTheStatusSaysSo() throws {
        let lines = try String(contentsOfFile: Fixtures.path("daily-corpus-40.jsonl"), encoding: .utf8).split(separator: "\n")
        let path = dir.appendingPathComponent("damaged.jsonl").path
        try ([lines[0], "{oops", lines[1]].joined(separator: "\n")).write(toFile: path, atomically: true, encoding: .utf8)
        let result = try PaperboyProcess.run("ingest", "--db", db, path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("skipped \(path) line 2: not valid JSON"))
        #expect(result.stderr.contains("new 2"))
    }

    @Test func readsStandardInputAndForcedFormats() throws {
        let atom = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("atom-1707.08567.xml")))
        let result = try PaperboyProcess.run("ingest", "--db", db, "--format", "atom", "-", stdin: atom)
        #expect(result.status == 0)
        #expect(result.stderr.contains("new 1"))
        let wrong = try PaperboyProcess.run("ingest", "--db", db, "--format", "hf", Fixtures.path("atom-1707.08567.xml"))
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("not a Hugging Face daily-papers JSON array"))
        let bad = try PaperboyProcess.run("ingest", "--db", db, "--format", "pdf", "x")
        #expect(bad.status == 64)
    }

    @Test func theDatabaseComesFromTheEnvironmentAndABadValueIsNamed() throws {
        let result = try PaperboyProcess.run("ingest", Fixtures.path("atom-1707.08567.xml"), environment: ["PAPERBOY_DB": db])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: db))
        let empty = try PaperboyProcess.run("stats", environment: ["PAPERBOY_DB": " "])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("PAPERBOY_DB"))
    }

    /// A kill at any moment leaves a consistent database, and running the command again completes it.
    @Test func aKilledIngestResumesWithoutLossOrDuplicates() throws {
        let template = try String(contentsOfFile: Fixtures.path("daily-corpus-40.jsonl"), encoding: .utf8).split(separator: "\n")
        let lines = (0..<3_000).map { i in
            template[i % template.count].replacingOccurrences(
                of: #"^\{"id": "[0-9.]+""#, with: "{\"id\": \"2601.\(String(format: "%05d", i + 1))\"", options: .regularExpression)
        }
        let path = dir.appendingPathComponent("big.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let process = try PaperboyProcess.start(["ingest", "--db", db, "--batch-size", "50", path])
        let reader = try DatabasePool(path: db)
        var stored = 0
        for _ in 0..<400 where stored < 100 {  // wait until some batches are committed, at most ~20 s
            Thread.sleep(forTimeInterval: 0.05)
            stored = (try? reader.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM paper") ?? 0 }) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(stored > 0)

        let check = try reader.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM paper") ?? -1)
        }
        #expect(check.0 == "ok")
        #expect(check.1 % 50 == 0 && check.1 < 3_000)  // whole batches only
        try reader.close()
        // The derived full-text index, brought up to date, holds exactly what the table holds.
        #expect(try AppDatabase.open(path: db).fullTextIndexIsConsistent())
        // The keyword engine's index, built beside the killed ingest, is readable; a search
        // catches it up. Every 40th paper has the first template's text.
        #expect(try prostheticVisionHits() == (check.1 + 39) / 40)

        let rerun = try PaperboyProcess.run("ingest", "--db", db, path)
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("new \(3_000 - check.1) "))
        let stats = try PaperboyProcess.run("stats", "--db", db)
        #expect(stats.stdout.hasPrefix("3000 papers"))
        // The second ingest left the index current: its commit claims the newest change stamp.
        struct Commit: Decodable { var userData: [String: String] }
        let commit = try JSONDecoder().decode(Commit.self, from: Data(contentsOf: URL(fileURLWithPath: db + ".keyword/COMMIT")))
        let newest = try DatabaseQueue(path: db).read { try String.fetchOne($0, sql: "SELECT max(changedAt) FROM paper") }
        #expect(commit.userData["paperChangedAt"] == newest)
        #expect(try prostheticVisionHits() == 75)
    }

    private func prostheticVisionHits() throws -> Int {
        let search = try PaperboyProcess.run("search", "--db", db, "--mode", "keyword", "--limit", "1000", "--json", "prosthetic vision PRIMA")
        #expect(search.status == 0, "\(search.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any]
        return (object?["hits"] as? [Any])?.count ?? -1
    }
}
