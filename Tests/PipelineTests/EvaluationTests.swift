import Foundation
import PaperModels
import PaperSearch
import PaperSources
import PaperStore
@testable import Pipeline
import TestSupport
import Testing
import TextEncoder

@Suite struct RelevanceSetTests {
    let dir: URL
    init() throws { dir = try Fixtures.temporaryDirectory() }

    private func write(_ name: String, _ text: String) throws {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func loadsTheBEIRLayoutKeepingOnlyJudgedQueries() throws {
        try write("corpus.jsonl", #"{"_id": "d1", "title": "Sparse attention", "text": "We study it."}"# + "\n" + #"{"_id": "d2", "text": "No title here."}"# + "\n")
        try write("queries.jsonl", #"{"_id": "q1", "text": "attention"}"# + "\n" + #"{"_id": "q2", "text": "unjudged"}"# + "\n")
        try write("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n")
        let set = try RelevanceSet.load(directory: dir)
        #expect(set.documents == [.init(id: "d1", title: "Sparse attention", text: "We study it."), .init(id: "d2", title: "", text: "No title here.")])
        #expect(set.queries.map(\.id) == ["q1"])
        #expect(set.judgements == ["q1": ["d1": 2, "d2": 0]])
    }

    @Test func aMalformedLineIsNamedWithItsFile() throws {
        try write("corpus.jsonl", #"{"_id": "d1", "text": "ok"}"# + "\n")
        try write("queries.jsonl", #"{"_id": "q1", "text": "x"}"# + "\n{broken\n")
        try write("qrels/test.tsv", "query-id\tcorpus-id\tscore\n")
        #expect { try RelevanceSet.load(directory: dir) } throws: { error in
            (error as? SourceError).map { $0.file.hasSuffix("queries.jsonl") && $0.reason.hasPrefix("line 2:") } ?? false
        }
        try write("queries.jsonl", #"{"_id": "q1", "text": "x"}"# + "\n")
        try write("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\tmany\n")
        #expect { try RelevanceSet.load(directory: dir) } throws: { error in
            (error as? SourceError)?.reason.hasPrefix("line 2: expected query-id, corpus-id and an integer score") ?? false
        }
    }

    @Test func aKnownItemSetAsksEachTitleForItsOwnAbstractAndRoundTrips() throws {
        var papers: [Paper] = []
        try PaperFormat.jsonl.parse(try InputReader(path: Fixtures.path("daily-corpus-40.jsonl"))) { item in
            if case .paper(let paper, _) = item { papers.append(paper) }
        }
        let set = RelevanceSet.knownItem(from: papers, queryCount: 10)
        #expect(set.documents.count == 40)
        #expect(set.documents.allSatisfy { $0.title.isEmpty && !$0.text.isEmpty })
        #expect(set.queries.count == 10)
        #expect(set.queries[1] == .init(id: papers[4].id, text: papers[4].title))
        #expect(set.queries.allSatisfy { set.judgements[$0.id] == [$0.id: 1] })
        try set.write(to: dir)
        let reread = try RelevanceSet.load(directory: dir)
        #expect(reread.documents == set.documents && reread.queries == set.queries && reread.judgements == set.judgements)
    }
}

@Suite(.enabled(if: testModelDirectory != nil, "needs the model that scripts/test.sh fetches"))
struct EvaluationTests {
    @Test func titlesFindTheirOwnAbstractsInEveryMode() throws {
        var papers: [Paper] = []
        try PaperFormat.jsonl.parse(try InputReader(path: Fixtures.path("daily-corpus-40.jsonl"))) { item in
            if case .paper(let paper, _) = item { papers.append(paper) }
        }
        let set = RelevanceSet.knownItem(from: papers, queryCount: 10)
        let evaluation = Evaluation(database: try AppDatabase.inMemory(), encoder: try SentenceEncoder(modelDirectory: try #require(testModelDirectory)))
        try evaluation.index(set)
        let report = try evaluation.run(set)
        #expect(report.modes.map(\.name) == ["keyword", "semantic", "hybrid"])
        #expect(report.fusions.count == Evaluation.fusionVariants.count)
        for figures in report.modes {
            // Ten titles among forty abstracts: every mode finds nearly all at the top.
            #expect(figures.mrr_at_10 >= 0.8, "\(figures)")
            #expect(figures.recall_at_100 == 1, "\(figures)")
            #expect(figures.ndcg_at_10 <= 1 && figures.ndcg_at_10 >= figures.mrr_at_10 - 1e-9, "\(figures)")
            #expect((figures.p50_ms ?? 0) > 0 && (figures.p99_ms ?? 0) >= (figures.p50_ms ?? 0))
        }
        #expect(report.fusions.allSatisfy { $0.p50_ms == nil })
    }
}
