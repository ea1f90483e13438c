import Foundation
import GRDB
import TestSupport
import Testing

@Suite struct EmbedCommandTests {
    static let model = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]
    let dir: URL
    var db: String { dir.appendingPathComponent("paperboy.sqlite").path }

    init() throws { dir = try Fixtures.temporaryDirectory() }

    private func embeddingCount() throws -> Int {
        try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM paperEmbedding") ?? -1 }
    }

    @Test func withoutTheModelIngestSaysHowToGetSearchByMeaning() throws {
        let result = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl"))
        #expect(result.status == 0)
        #expect(result.stderr.contains("searchable by keyword only; run `paperboy model fetch`, then `paperboy embed`"))
        let embed = try PaperboyProcess.run("embed", "--db", db)
        #expect(embed.status == 1)
        #expect(embed.stderr.contains("run `paperboy model fetch`"))
    }

    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func ingestEmbedsNewPapersUnlessToldNotTo() throws {
        let environment = ["PAPERBOY_MODEL_DIR": Self.model ?? ""]
        let skip = try PaperboyProcess.run("ingest", "--no-embed", "--db", db, Fixtures.path("daily-corpus-40.jsonl"), environment: environment)
        #expect(skip.status == 0)
        #expect(try embeddingCount() == 0)
        let ingest = try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl"), environment: environment)
        #expect(ingest.stderr.contains("embedded 40 papers for search by meaning"))
        #expect(try embeddingCount() == 40)
    }

    /// A kill keeps the finished batches; the next run embeds only what is still missing.
    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func aKilledEmbedResumesWithoutRedoingFinishedBatches() throws {
        let environment = ["PAPERBOY_MODEL_DIR": Self.model ?? ""]
        #expect(try PaperboyProcess.run("ingest", "--no-embed", "--db", db, Fixtures.path("daily-corpus-40.jsonl")).status == 0)
        let process = try PaperboyProcess.start(["embed", "--db", db, "--batch-size", "4"], environment: environment)
        var stored = 0
        for _ in 0..<600 where stored < 4 {  // wait for the first batch, at most ~30 s
            Thread.sleep(forTimeInterval: 0.05)
            stored = (try? embeddingCount()) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let kept = try embeddingCount()
        #expect(kept >= 4 && kept < 40 && kept % 4 == 0)

        let rerun = try PaperboyProcess.run("embed", "--db", db, environment: environment)
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("embedded \(40 - kept) papers"))
        #expect(try embeddingCount() == 40)
    }
}
