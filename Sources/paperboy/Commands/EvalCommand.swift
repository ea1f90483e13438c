import ArgumentParser
import Foundation
import PaperModels
import PaperSearch
import PaperSources
import PaperStore
import Pipeline

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure search quality on a judged set (nDCG@10, Recall@100, MRR@10, latency).",
        subcommands: [Run.self, KnownItem.self],
        defaultSubcommand: Run.self)

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Evaluate every search mode on a relevance set in the BEIR layout.",
            discussion: """
                DIR holds corpus.jsonl (_id, title, text), queries.jsonl (_id, text) and \
                qrels/test.tsv (query-id, corpus-id, score). The corpus is indexed and embedded in \
                a database of its own (a temporary one, or --db to keep it and skip the work next \
                time), then every judged query runs in each mode. Keyword mode ranks by BM25 with \
                any of the query's words, as retrieval evaluations of questions do. Hybrid is also \
                scored with other fusion rules and weights, from the same two rankings.
                """)

        @Argument(help: "The relevance set's directory.")
        var directory: String

        @Option(parsing: .upToNextOption, help: "The modes to run (default: all).")
        var mode: [SearchMode] = SearchMode.allCases

        @Option(help: "Index here and keep it (default: a temporary database, removed afterwards).")
        var db: String?

        @OptionGroup var model: ModelCommand.Options

        @Flag(help: "Print one JSON object instead of tables.")
        var json = false

        func run() throws {
            let set: RelevanceSet
            do { set = try RelevanceSet.load(directory: URL(fileURLWithPath: directory)) } catch let error as SourceError {
                throw CommandFailure("\(error.file): \(error.reason)")
            }
            let encoder = mode == [.keyword] ? nil : try model.loadEncoder()
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-eval-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: temporary) }
            let database = try AppDatabase.open(path: db ?? temporary.appendingPathComponent("eval.sqlite").path)
            let evaluation = Evaluation(database: database, encoder: encoder, keyword: try KeywordEngineOptions.keywordSearch(database: database))
            Terminal.error("\(set.name): \(set.documents.count) documents, \(set.queries.count) judged queries")
            let bar = ProgressBar()
            try evaluation.index(set) { progress in
                bar.update(label: "embedding", count: progress.embedded, unit: "documents", fraction: Double(progress.embedded) / Double(max(1, progress.total)))
            }
            bar.finish()
            let report = try evaluation.run(set, modes: mode)
            if json { return try JSONOutput.print(report) }
            print("\(report.set): \(report.documents) documents, \(report.queries) queries\n")
            print(Self.table(report.modes, latency: true))
            if !report.fusions.isEmpty { print("\nHybrid with other fusion rules (standard: \(RankFusion.standard.label)):\n" + Self.table(report.fusions, latency: false)) }
        }

        static func table(_ rows: [RankingFigures], latency: Bool) -> String {
            func f(_ x: Double) -> String { String(format: "%.4f", x) }
            var lines = ["| \(latency ? "mode" : "fusion") | nDCG@10 | Recall@100 | MRR@10 |" + (latency ? " p50 ms | p99 ms |" : ""),
                         "|---|---|---|---|" + (latency ? "---|---|" : "")]
            for row in rows {
                lines.append("| \(row.name) | \(f(row.ndcg_at_10)) | \(f(row.recall_at_100)) | \(f(row.mrr_at_10)) |"
                             + (latency ? " \(String(format: "%.2f", row.p50_ms ?? 0)) | \(String(format: "%.2f", row.p99_ms ?? 0)) |" : ""))
            }
            return lines.joined(separator: "\n")
        }
    }

    struct KnownItem: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "known-item",
            abstract: "Build a known-item relevance set from real papers: titles ask for their abstracts.",
            discussion: """
                Reads papers from FILE (any format `paperboy ingest` reads), keeps the first \
                --papers of them as a corpus of abstracts without titles, and makes --queries of \
                their titles (evenly spread) into queries whose one right answer is their own paper. \
                Writes the set in the BEIR layout to --out, for `paperboy eval run`.
                """)

        @Argument(help: "The papers (e.g. the 74,728-paper daily-arXiv corpus, papers.jsonl.gz).")
        var file: String

        @Option(help: "Papers in the corpus.")
        var papers = 5_000

        @Option(help: "Queries (titles) to ask.")
        var queries = 500

        @Option(help: "Directory to write the set to.")
        var out: String

        func validate() throws {
            guard papers >= 1, (1...papers).contains(queries) else { throw ValidationError("need 1 ≤ --queries ≤ --papers") }
        }

        func run() throws {
            var read: [Paper] = []
            let input = try InputReader(path: file)
            guard let format = PaperFormat.detect(try input.peek()) else { throw CommandFailure("\(file): unrecognised format") }
            struct Enough: Error {}
            do {
                try format.parse(input) { item in
                    if case .paper(let paper, _) = item { read.append(paper) }
                    if read.count >= papers { throw Enough() }
                }
            } catch is Enough {}
            let set = RelevanceSet.knownItem(from: read, queryCount: queries, name: "known-item-\(read.count)")
            try set.write(to: URL(fileURLWithPath: out))
            Terminal.error("wrote \(set.documents.count) documents and \(set.queries.count) queries to \(out)")
        }
    }
}
