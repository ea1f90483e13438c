import Foundation
import PaperModels
import PaperSearch
import PaperSources
import PaperStore

/// The keyword-search benchmark, on the very files the anchors read (`../shared/anchors`):
/// `corpus_N.tsv` (`id<TAB>title<TAB>abstract` per line) and `queries.json` (200 queries of
/// 1–4 words). It builds a fresh database through the normal store, then times every query once
/// per class after one untimed warm-up pass, single-threaded, as the anchors do. The time is the
/// whole search as the site runs it: ranking, reading the papers, their snippets.
public struct KeywordBenchmark {
    /// What ranks: SQLite FTS5, or Paperboy's keyword engine (its index beside the database).
    public enum Ranking: String, Sendable { case fts5, engine }
    public var corpusPath: String
    public var queriesPath: String
    public var databasePath: String
    /// Read at most this many corpus lines (nil: all).
    public var limit: Int?
    public var ranking: Ranking

    public init(corpusPath: String, queriesPath: String, databasePath: String, limit: Int?, ranking: Ranking = .fts5) {
        self.corpusPath = corpusPath
        self.queriesPath = queriesPath
        self.databasePath = databasePath
        self.limit = limit
        self.ranking = ranking
    }

    /// One JSON line's worth of figures, shaped like the anchors' output.
    public struct Result: Encodable {
        public var engine: String
        public var n_docs: Int
        public var build_s: Double
        public var index_bytes: Int64
        public var queries: Int
        public var and: LatencySummary
        public var or: LatencySummary
        public var phrase: LatencySummary
        /// The one-word queries alone, and the two-word queries alone as AND.
        public var single: LatencySummary
        public var and_2: LatencySummary
        public var peak_rss_mb: Double
    }

    public func run(progress: (Int) -> Void = { _ in }) throws -> Result {
        let queries = try Self.loadQueries(queriesPath)
        let database = try AppDatabase.open(path: databasePath)
        let start = Date()
        let count = try load(into: database, progress: progress)
        let search: any KeywordSearching
        var indexBytes = Self.size(ofDatabase: databasePath)
        switch ranking {
        case .fts5:
            try database.optimizeFullTextIndex()  // as the FTS5 anchor does, inside the build time
            search = FTS5KeywordSearch(database: database)
            indexBytes = Self.size(ofDatabase: databasePath)
        case .engine:
            let index = try PaperKeywordIndex(path: databasePath + ".keyword", database: database)
            _ = try index.catchUp()
            search = EngineKeywordSearch(database: database, index: index)
            indexBytes += Self.size(ofDirectory: index.path)
        }
        let buildSeconds = Date().timeIntervalSince(start)
        func measure(_ subset: [[String]]? = nil, _ compose: ([String]) -> String) throws -> LatencySummary {
            try Self.time((subset ?? queries).map(compose)) { try search.search(SearchRequest(query: $0)).hits.count }
        }
        return Result(
            engine: "paperboy-store-" + ranking.rawValue,
            n_docs: count, build_s: (buildSeconds * 10).rounded() / 10, index_bytes: indexBytes,
            queries: queries.count,
            and: try measure { $0.joined(separator: " ") },
            or: try measure { $0.joined(separator: " OR ") },
            phrase: try measure { "\"" + $0.joined(separator: " ") + "\"" },
            single: try measure(queries.filter { $0.count == 1 }) { $0.joined(separator: " ") },
            and_2: try measure(queries.filter { $0.count == 2 }) { $0.joined(separator: " ") },
            peak_rss_mb: ProcessMeasurements.peakResidentMB())
    }

    /// One untimed warm-up pass over `queries`, then one timed pass, single-threaded, as the anchors
    /// time theirs; `run` returns how many results a query gave.
    /// `slowest` > 0 also lists that many slowest queries, named by `label`, in the summary.
    static func time<Query>(_ queries: [Query], slowest: Int = 0, label: (Query) -> String = { _ in "" },
                            _ run: (Query) throws -> Int) throws -> LatencySummary {
        for query in queries { _ = try run(query) }
        var latencies: [Double] = []
        var results = 0
        let ((), foreign) = try ProcessMeasurements.measuringForeignCPU {
            for query in queries {
                let t0 = DispatchTime.now().uptimeNanoseconds
                results += try run(query)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
        }
        var summary = LatencySummary(latencies, meanResults: Double(results) / Double(max(1, queries.count)))
        summary.foreign_cpu_frac = (foreign * 1000).rounded() / 1000
        if slowest > 0 {
            summary.slowest = zip(latencies, queries).sorted { $0.0 > $1.0 }.prefix(slowest)
                .map { LatencySummary.Slow(query: label($0.1), ms: ($0.0 * 1000).rounded() / 1000) }
        }
        return summary
    }

    /// The anchors' queries.json, each query as its words.
    static func loadQueries(_ path: String) throws -> [[String]] {
        struct File: Decodable { var queries: [String] }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(File.self, from: data).queries.map { $0.split(separator: " ").map(String.init) }
    }

    private func load(into database: AppDatabase, progress: (Int) -> Void) throws -> Int {
        let reader = try InputReader(path: corpusPath)
        var batch: [Paper] = []
        var count = 0
        try reader.forEachLine { line, _ in
            guard limit.map({ count < $0 }) ?? true else { return }
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { return }
            let title = String(decoding: fields[1], as: UTF8.self)
            batch.append(Paper(id: "bench:" + String(decoding: fields[0], as: UTF8.self), title: title,
                               abstract: String(decoding: fields[2], as: UTF8.self)))
            count += 1
            if batch.count == 5_000 {
                try database.upsert(batch)
                batch.removeAll(keepingCapacity: true)
                progress(count)
            }
        }
        try database.upsert(batch)
        return count
    }

    /// The files in a directory (the engine's index beside the database).
    static func size(ofDirectory path: String) -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return size(ofFiles: names.map { (path as NSString).appendingPathComponent($0) })
    }

    /// The database file with its WAL and shared-memory files.
    static func size(ofDatabase path: String) -> Int64 { size(ofFiles: ["", "-wal", "-shm"].map { path + $0 }) }

    /// The bytes of the files that exist among `paths`.
    static func size(ofFiles paths: [String]) -> Int64 {
        paths.reduce(0) { total, path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}

/// Percentiles of one class of queries, in milliseconds.
public struct LatencySummary: Encodable {
    public var p50_ms: Double
    public var p99_ms: Double
    public var mean_ms: Double
    public var max_ms: Double
    public var mean_results: Double
    public var foreign_cpu_frac = 0.0
    /// The slowest queries, slowest first (only when asked for: `--slowest`).
    public var slowest: [Slow]?

    public struct Slow: Encodable {
        public var query: String
        public var ms: Double
    }

    public init(_ latencies: [Double], meanResults: Double) {
        let sorted = latencies.sorted()
        func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
        let n = sorted.count
        p50_ms = round3(n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2)
        p99_ms = round3(n == 0 ? 0 : sorted[min(n - 1, Int(0.99 * Double(n)))])
        mean_ms = round3(n == 0 ? 0 : sorted.reduce(0, +) / Double(n))
        max_ms = round3(sorted.last ?? 0)
        mean_results = (meanResults * 100).rounded() / 100
    }
}
