import Foundation
import Testing
import TestSupport

/// `paperboy bench keyword` on a corpus in the anchors' format, small enough for a test.
@Suite struct BenchCommandTests {
    @Test(arguments: ["index", "store", "fts5"])
    func keywordBenchmarkAnswersEveryQueryClass(engine: String) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = directory.appendingPathComponent("corpus.tsv"), queries = directory.appendingPathComponent("queries.json")
        let lines = (0..<300).map { i in "\(i)\tA study of graph \(i % 3 == 0 ? "diffusion" : "networks") number \(i)\tWe model sparse graph signals, case \(i)." }
        try (lines.joined(separator: "\n") + "\n").write(to: corpus, atomically: true, encoding: .utf8)
        try #"{"queries": ["graph", "graph diffusion", "sparse signals", "nothing matches"]}"#.write(to: queries, atomically: true, encoding: .utf8)
        let result = try PaperboyProcess.run("bench", "keyword", "--engine", engine, "--corpus", corpus.path, "--queries", queries.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let line = try #require(result.stdout.split(separator: "\n").last)
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(figures["n_docs"] as? Int == 300)
        // Top 10 of four queries: "graph" (all 300), "graph diffusion" (100), "sparse signals" (300), none.
        let and = try #require(figures["and"] as? [String: Any])
        #expect(and["mean_results"] as? Double == 7.5)
        let single = try #require(figures["single"] as? [String: Any])
        #expect(single["mean_results"] as? Double == 10)
    }
}
