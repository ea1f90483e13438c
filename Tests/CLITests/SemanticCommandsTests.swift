import Foundation
import TestSupport
import Testing

@Suite struct SemanticCommandsTests {
    static let model = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]
    let dir: URL
    var db: String { dir.appendingPathComponent("paperboy.sqlite").path }

    init() throws { dir = try Fixtures.temporaryDirectory() }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func ids(_ output: [String: Any]) -> [String] {
        (output["hits"] as? [[String: Any]] ?? []).compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
    }

    @Test func withoutTheModelSearchByMeaningSaysSoAndAnswersByKeyword() throws {
        #expect(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl")).status == 0)
        let result = try PaperboyProcess.run("search", "--db", db, "--mode", "semantic", "--json", "flower", "pose")
        #expect(result.status == 0)
        let output = try json(result.stdout)
        #expect(output["mode"] as? String == "keyword")
        #expect((output["notes"] as? [String])?.first?.hasPrefix("Search by meaning is not available") == true)
        #expect(ids(output) == ["2503.11692"])
        let related = try PaperboyProcess.run("related", "--db", db, "2503.11692")
        #expect(related.status == 0)
        #expect(!related.stdout.contains("2503.11692 "))
        #expect(try PaperboyProcess.run("related", "--db", db, "2501.00001").stderr.contains("no paper 2501.00001"))
        #expect(try PaperboyProcess.run("search", "--db", db, "--mode", "fuzzy", "x").status == 64)
    }

    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func searchByMeaningAndRelatedPapersWithTheModel() throws {
        let environment = ["PAPERBOY_MODEL_DIR": Self.model ?? ""]
        #expect(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl"), environment: environment).status == 0)
        let search = try PaperboyProcess.run("search", "--db", db, "--mode", "semantic", "--json", "--limit", "3",
                                             "robots that help bees by working out how blossoms are oriented", environment: environment)
        let output = try json(search.stdout)
        #expect(output["mode"] as? String == "semantic")
        #expect(ids(output).first == "2503.11692")
        let related = try json(try PaperboyProcess.run("related", "--db", db, "--json", "--limit", "5", "2503.11979", environment: environment).stdout)
        #expect(ids(related).count == 5)
        #expect(!ids(related).contains("2503.11979"))
    }

    @Test func evalBuildsAKnownItemSetAndScoresIt() throws {
        let set = dir.appendingPathComponent("known-item").path
        let make = try PaperboyProcess.run("eval", "known-item", Fixtures.path("daily-corpus-40.jsonl"), "--papers", "40", "--queries", "8", "--out", set)
        #expect(make.status == 0)
        #expect(make.stderr.contains("wrote 40 documents and 8 queries"))
        let result = try PaperboyProcess.run("eval", set, "--mode", "keyword", "--json")
        #expect(result.status == 0)
        let report = try json(result.stdout)
        #expect(report["queries"] as? Int == 8)
        let keyword = try #require((report["modes"] as? [[String: Any]])?.first)
        #expect(keyword["name"] as? String == "keyword")
        #expect((keyword["mrr_at_10"] as? Double ?? 0) > 0.8)
        let missing = try PaperboyProcess.run("eval", dir.appendingPathComponent("nothing").path, "--mode", "keyword")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("corpus.jsonl: cannot be read"))
    }
}
