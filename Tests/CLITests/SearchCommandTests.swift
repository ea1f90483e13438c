import Foundation
import TestSupport
import Testing

@Suite struct SearchCommandTests {
    let db: String

    init() throws {
        db = try Fixtures.temporaryDirectory().appendingPathComponent("paperboy.sqlite").path
        try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("hf-papers-listing.txt"), Fixtures.path("kaggle-first200.jsonl"))
    }

    struct SearchOutput: Decodable {
        struct Hit: Decodable {
            struct Paper: Decodable { var id: String; var title: String; var absURL: String? }
            var paper: Paper
            var snippet: String
        }
        var hits: [Hit]
        var hasMore: Bool
        var notes: [String]
    }

    @Test func jsonHitsWithMarkedSnippets() throws {
        let result = try PaperboyProcess.run("search", "--db", db, "--json", "--limit", "3", "vision", "transformer", "quantization")
        #expect(result.status == 0)
        let output = try JSONDecoder().decode(SearchOutput.self, from: Data(result.stdout.utf8))
        #expect(output.hits.first?.paper.title.hasPrefix("LRP-QViT") == true)
        #expect(output.hits.allSatisfy { $0.snippet.contains("<mark>") })
    }

    @Test func textOutputShowsIdsAuthorsAndMarks() throws {
        let result = try PaperboyProcess.run("search", "--db", db, "--limit", "1", "author:nadolsky")
        #expect(result.stdout.hasPrefix("1. 0704.0001  Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"))
        #expect(result.stdout.contains("C. Balázs, E. L. Berger, P. M. Nadolsky et al. (4 authors) · 2007-04-02 · hep-ph"))
    }

    @Test(arguments: ["\"unbalanced", "NEAR(", "'; DROP TABLE paper; --", "attention cat:%", "\u{1B}[2J", String(repeating: "x ", count: 5_000)])
    func hostileQueriesAnswerCleanly(query: String) throws {
        let result = try PaperboyProcess.run("search", "--db", db, query)
        #expect(result.status == 0)
        #expect(result.stdout.contains("No papers match.") || result.stdout.contains("1. "))
    }

    @Test func anEmptyQueryIsAUsageError() throws {
        let result = try PaperboyProcess.run("search", "--db", db, "  ")
        #expect(result.status == 64)
        #expect(result.stderr.contains("Nothing to search for"))
    }

    @Test func showPrintsTheWholeRecord() throws {
        let text = try PaperboyProcess.run("show", "--db", db, "arXiv:0704.0001v2")
        #expect(text.stdout.contains("Phys.Rev.D76:013009,2007"))
        #expect(text.stdout.contains("v1 2007-04-02, v2 2007-07-24"))
        let json = try PaperboyProcess.run("show", "--db", db, "--json", "0704.0001")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["doi"] as? String == "10.1103/PhysRevD.76.013009")
        #expect(object["pdfURL"] as? String == "https://arxiv.org/pdf/0704.0001")
        let missing = try PaperboyProcess.run("show", "--db", db, "9999.99999")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no paper 9999.99999"))
    }

    @Test func statsAndBackup() throws {
        let stats = try PaperboyProcess.run("stats", "--db", db, "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["papers"] as? Int == 322)
        let copy = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("copy.sqlite").path
        #expect(try PaperboyProcess.run("backup", "--db", db, copy).status == 0)
        #expect(try PaperboyProcess.run("stats", "--db", copy).stdout.hasPrefix("322 papers"))
        let again = try PaperboyProcess.run("backup", "--db", db, copy)
        #expect(again.status == 1)
        #expect(again.stderr.contains("--force"))
    }

    @Test(arguments: ["ingest", "search", "related", "show", "stats", "backup", "demo", "embed"])
    func everyCommandExplainsItself(command: String) throws {
        let help = try PaperboyProcess.run(command, "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("OVERVIEW:") && help.stdout.contains("--db"))
    }
}
