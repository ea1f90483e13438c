import Foundation
import KeywordIndex
import PaperSources

/// The keyword benchmark for Paperboy's own engine (`KeywordIndex`), on the anchors' files: the
/// corpus is streamed from the TSV into a segment build (reading included, as the FTS5 and
/// tantivy anchors do), then the 200 queries are timed as AND, OR and phrase, top 10, one thread.
public struct KeywordEngineBenchmark {
    public var corpusPath: String
    public var queriesPath: String
    /// Where the segment (and the build's temporary parts) go.
    public var directory: String
    public var limit: Int?
    /// Segments built before (`bench-N.kwseg` in `directory`) are queried as they are, without a
    /// build: for timing queries again and again while working on them.
    public var reuse = false
    /// How many of the slowest queries of each class to list (0: none).
    public var slowest = 0

    public init(corpusPath: String, queriesPath: String, directory: String, limit: Int?) {
        self.corpusPath = corpusPath
        self.queriesPath = queriesPath
        self.directory = directory
        self.limit = limit
    }

    public struct Result: Encodable {
        public var engine = "paperboy-engine"
        public var n_docs: Int
        public var build_s: Double
        public var index_bytes: Int64
        /// Peak memory at the end of the build (the process's high-water mark so far).
        public var build_peak_rss_mb: Double
        public var segments: Int
        public var queries: Int
        public var and: LatencySummary
        public var or: LatencySummary
        public var phrase: LatencySummary
        public var single: LatencySummary
        public var and_2: LatencySummary
        public var peak_rss_mb: Double
    }

    /// The schema Paperboy indexes papers with (title, abstract, authors); the anchors' corpus has no authors.
    static let schema = IndexSchema(fields: [.init(name: "title", weight: 5), .init(name: "abstract", weight: 1), .init(name: "authors", weight: 2)])

    public func run(progress: (Int) -> Void = { _ in }) throws -> Result {
        let queries = try KeywordBenchmark.loadQueries(queriesPath)
        let prefix = (directory as NSString).appendingPathComponent("bench")
        let built = Array((0...).lazy.map { "\(prefix)-\($0).kwseg" }.prefix { FileManager.default.fileExists(atPath: $0) })
        if reuse, !built.isEmpty {
            return try timeQueries(queries, paths: built, count: nil, buildSeconds: 0, buildPeak: 0)
        }
        let start = Date()
        let build = SegmentBuild(schema: Self.schema, temporaryDirectory: directory)
        let reader = try InputReader(path: corpusPath)
        var count = 0
        try reader.forEachLine { line, _ in
            guard limit.map({ count < $0 }) ?? true else { return }
            let fields = line.split(separator: UInt8(ascii: "\t"), maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let id = Int64(String(decoding: fields[0], as: UTF8.self)) else { return }
            try build.add(IndexDocument(key: id, fields: [String(decoding: fields[1], as: UTF8.self), String(decoding: fields[2], as: UTF8.self)]))
            count += 1
            if count % 10_000 == 0 { progress(count) }
        }
        let paths = try build.finishSegments(prefix: prefix)
        return try timeQueries(queries, paths: paths, count: count, buildSeconds: Date().timeIntervalSince(start),
                           buildPeak: ProcessMeasurements.peakResidentMB())
    }

    /// Opens the segments at `paths` and times the queries on them.
    private func timeQueries(_ queries: [[String]], paths: [String], count: Int?, buildSeconds: Double, buildPeak: Double) throws -> Result {
        let snapshot = IndexSnapshot(segments: try paths.map(Segment.init(path:)))
        let size = KeywordBenchmark.size(ofFiles: paths)
        func measure(_ subset: [[String]]? = nil, _ make: ([String]) -> IndexQuery) throws -> LatencySummary {
            let chosen = subset ?? queries
            let labelled = zip(chosen, chosen.map(make)).map { $0 }
            return try KeywordBenchmark.time(labelled, slowest: slowest, label: { $0.0.joined(separator: " ") }) {
                try snapshot.search($0.1, limit: 10).count
            }
        }
        let words = { (q: [String]) in q.map { [IndexQuery.Term($0)] } }
        return Result(
            n_docs: count ?? snapshot.documentCount, build_s: (buildSeconds * 10).rounded() / 10, index_bytes: size, build_peak_rss_mb: buildPeak, segments: paths.count,
            queries: queries.count,
            and: try measure { IndexQuery(clauses: words($0)) },
            or: try measure { IndexQuery(clauses: words($0), matchAny: true) },
            phrase: try measure { IndexQuery(clauses: [[IndexQuery.Term($0.joined(separator: " "))]]) },
            single: try measure(queries.filter { $0.count == 1 }) { IndexQuery(clauses: words($0)) },
            and_2: try measure(queries.filter { $0.count == 2 }) { IndexQuery(clauses: words($0)) },
            peak_rss_mb: ProcessMeasurements.peakResidentMB())
    }
}
