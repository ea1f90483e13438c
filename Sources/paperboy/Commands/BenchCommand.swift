import ArgumentParser
import Foundation
import Pipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Paperboy's speed on the anchors' benchmark data.",
        subcommands: [KeywordBench.self, EmbedBench.self, VectorBench.self, ParseBench.self])
}

struct KeywordBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyword",
        abstract: "Build a keyword index from a corpus and time the anchors' queries.",
        discussion: """
            Reads the files that ../shared/anchors/anchors.sh keyword N writes: the corpus \
            (id<TAB>title<TAB>abstract per line) and queries.json. --engine index (the default) \
            streams the corpus into Paperboy's keyword engine and times the engine alone; --engine \
            store ingests it into a fresh database, brings the engine's index up to date from it and \
            times the whole search as the site runs it (ranking, reading the papers, snippets); \
            --engine fts5 does the same with SQLite FTS5 ranking. Every \
            query runs as AND (all words), OR (any word) and as a phrase, one untimed warm-up pass \
            and one timed pass each, single-threaded, top 10. Prints build time, index size, \
            p50/p99 latency per class and peak memory.
            """)

    enum Engine: String, ExpressibleByArgument, CaseIterable { case index, store, fts5 }

    @Option(help: "The corpus TSV (corpus_N.tsv).")
    var corpus: String

    @Option(help: "The queries file (queries.json).")
    var queries: String

    @Option(help: "index (Paperboy's keyword engine alone), store (the engine through the store) or fts5 (SQLite FTS5 through the store).")
    var engine = Engine.index

    @Option(help: "Use only the first N corpus lines.")
    var limit: Int?

    @Option(help: "store, fts5: build the database here and keep it (default: a temporary file, removed afterwards).")
    var db: String?

    @Option(help: "index: build the segments in this directory and keep them; if it holds segments already, time the queries on them without building.")
    var indexDirectory: String?

    @Option(help: "index: also list the N slowest queries of each class.")
    var slowest = 0

    @Flag(help: "Print one JSON line instead of a table.")
    var json = false

    func run() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let bar = ProgressBar()
        let report = { (count: Int) in bar.update(IngestProgress(file: corpus, bytesRead: 0, totalBytes: nil, records: count)) }
        let output: Encodable
        let summary: (n: Int, build: Double, bytes: Int64, peak: Double, classes: [(String, LatencySummary)])
        switch engine {
        case .index:
            if let indexDirectory { try FileManager.default.createDirectory(atPath: indexDirectory, withIntermediateDirectories: true) }
            var benchmark = KeywordEngineBenchmark(corpusPath: corpus, queriesPath: queries, directory: indexDirectory ?? temporary.path, limit: limit)
            benchmark.reuse = indexDirectory != nil
            benchmark.slowest = slowest
            let result = try benchmark.run(progress: report)
            output = result
            summary = (result.n_docs, result.build_s, result.index_bytes, result.peak_rss_mb,
                       [("AND", result.and), ("OR", result.or), ("phrase", result.phrase), ("1 word", result.single), ("2-word AND", result.and_2)])
        case .store, .fts5:
            let path = db ?? temporary.appendingPathComponent("bench.sqlite").path
            if FileManager.default.fileExists(atPath: path) { throw CommandFailure("\(path) exists; the benchmark needs a new database") }
            let result = try KeywordBenchmark(corpusPath: corpus, queriesPath: queries, databasePath: path, limit: limit,
                                              ranking: engine == .fts5 ? .fts5 : .engine).run(progress: report)
            output = result
            summary = (result.n_docs, result.build_s, result.index_bytes, result.peak_rss_mb,
                       [("AND", result.and), ("OR", result.or), ("phrase", result.phrase), ("1 word", result.single), ("2-word AND", result.and_2)])
        }
        bar.finish()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
            print("\(summary.n) papers · build \(summary.build) s · index \(summary.bytes / 1_000_000) MB · peak \(summary.peak) MB")
            for (name, latency) in summary.classes {
                print("\(name.padding(toLength: 11, withPad: " ", startingAt: 0)) p50 \(latency.p50_ms) ms  p99 \(latency.p99_ms) ms  mean \(latency.mean_ms) ms  results \(latency.mean_results)")
                for slow in latency.slowest ?? [] { print("    \(slow.ms) ms  \(slow.query)") }
            }
        }
    }
}

struct EmbedBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Time the sentence encoder as the anchors time PyTorch and ONNX Runtime.",
        discussion: """
            throughput: 1,000 texts (the seed papers' title + newline + abstract, cycled; each \
            fills the 256-token window), one warm-up, three timed passes, median sentences/s. \
            latency: one short query, 20 warm-ups, 200 timed calls, p50/p90/p99. Prints one JSON \
            line shaped like ../shared/anchors/bench_embed.py's.
            """)

    @OptionGroup var model: ModelCommand.Options

    @Option(help: "throughput or latency.")
    var mode = "throughput"

    @Option(help: "Texts per batch (throughput).")
    var batch = 32

    @Option(help: "The seed papers (JSON Lines with title and abstract).")
    var seed = "../shared/fixtures/seed-papers.jsonl"

    @Flag(help: "Time the fast path (bfloat16 linear layers; cosine ≥ 0.999 with the exact vectors).")
    var fast = false

    func validate() throws {
        guard ["throughput", "latency"].contains(mode) else { throw ValidationError("--mode is throughput or latency") }
        guard (1...1024).contains(batch) else { throw ValidationError("--batch must be between 1 and 1024") }
    }

    func run() throws {
        let benchmark = EmbedBenchmark(modelDirectory: try model.directory(), seedPapersPath: seed)
        let result = try benchmark.run(mode: mode, batch: batch, precision: fast ? .fast : .exact)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
