import Foundation
import VectorIndex

/// A benchmark input that is missing or not shaped as the anchors write it.
public struct VectorBenchmarkError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}

/// The vector-search benchmark, on the files `../shared/anchors/anchors.sh vector N` writes:
/// `vectors_N.f32` (N × 384 float32), `queries.f32` (1,000 × 384) and `groundtruth_N.i32`
/// (1,000 × 10 exact row ids). It measures what `bench_vector.py` measures for hnswlib and numpy,
/// under the same JSON keys, so the lines compare one for one: build time, index size (saved
/// file), memory growth during the build, recall@10 against the ground truth for a sweep of ef
/// (2 threads), and for the smallest ef reaching recall 0.95 and 0.99 the single-query latency on
/// one thread. It also times saving the index and loading it back.
public struct VectorBenchmark {
    public enum Kind: String, Sendable { case hnsw, flat }

    public var vectorsPath: String
    public var queriesPath: String
    public var groundTruthPath: String
    public var kind: Kind
    public var parameters: HNSWParameters
    /// The ef values to sweep (the anchors' list when nil).
    public var efValues: [Int]?
    /// Where to save the index to time saving and loading (a temporary file when nil).
    public var indexPath: String?

    public static let dimension = 384
    public static let anchorEfValues = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]

    public init(vectorsPath: String, queriesPath: String, groundTruthPath: String, kind: Kind,
                parameters: HNSWParameters, efValues: [Int]?, indexPath: String?) {
        self.vectorsPath = vectorsPath
        self.queriesPath = queriesPath
        self.groundTruthPath = groundTruthPath
        self.kind = kind
        self.parameters = parameters
        self.efValues = efValues
        self.indexPath = indexPath
    }

    public struct SweepRow: Encodable {
        public var ef: Int
        public var recall: Double
        public var batch_qps_2thr: Double
        public var foreign: Double
        enum CodingKeys: String, CodingKey { case ef, recall = "recall@10", batch_qps_2thr, foreign }
    }

    /// Single-query latency, one thread, over all the queries after 50 warm-ups (ms).
    public struct Latency: Encodable {
        public var ef: Int?
        public var recall: Double?
        public var batch_qps_2thr: Double?
        public var p50_ms: Double
        public var p99_ms: Double
        public var mean_ms: Double
        public var foreign_cpu_frac: Double
        enum CodingKeys: String, CodingKey { case ef, recall = "recall@10", batch_qps_2thr, p50_ms, p99_ms, mean_ms, foreign_cpu_frac }
    }

    public struct Result: Encodable {
        public var engine: String
        public var n: Int
        public var dim = VectorBenchmark.dimension
        public var n_queries: Int
        public var params: String
        public var build_s: Double
        public var build_foreign_cpu_frac: Double
        public var rss_after_data_mb: Double
        public var rss_growth_mb: Double
        public var index_bytes: Int
        public var save_s: Double
        public var load_s: Double
        public var recall: Double?
        public var single_1thr: Latency?
        public var sweep: [SweepRow]?
        public var at_recall_0_95: Latency?
        public var at_recall_0_99: Latency?
        public var note_0_99: String?
        public var peak_rss_mb: Double
        /// Which build of the inner-product kernels ran ("avx512", "avx2", "portable").
        public var kernels = vectorKernelsName
        enum CodingKeys: String, CodingKey {
            case engine, kernels, n, dim, n_queries, params, build_s, build_foreign_cpu_frac, rss_after_data_mb, rss_growth_mb
            case index_bytes, save_s, load_s, recall = "recall@10", single_1thr, sweep
            case at_recall_0_95 = "at_recall_0.95", at_recall_0_99 = "at_recall_0.99", note_0_99 = "note_0.99", peak_rss_mb
        }
    }

    public func run(log: (String) -> Void = { _ in }) throws -> Result {
        let d = Self.dimension
        let vectors = try Self.read(vectorsPath, as: Float.self)
        let queryValues = try Self.read(queriesPath, as: Float.self)
        let truth = try Self.read(groundTruthPath, as: Int32.self)
        let n = vectors.count / d, queryCount = queryValues.count / d
        guard n > 0, vectors.count == n * d, queryValues.count == queryCount * d, truth.count == queryCount * 10 else {
            throw VectorBenchmarkError("the files do not hold N×384 vectors, Q×384 queries and Q×10 ground-truth ids")
        }
        let queries = (0..<queryCount).map { Array(queryValues[$0 * d ..< ($0 + 1) * d]) }
        let rss0 = Self.residentMB()
        log("building \(kind.rawValue) over \(n) vectors")
        let (index, buildSeconds, buildForeign) = try Self.timed { () throws -> any VectorIndexing in
            let index: any VectorIndexing = kind == .flat
                ? try FlatIndex(dimension: d, capacity: n)
                : try HNSWIndex(dimension: d, parameters: parameters, capacity: n)
            try index.upsert(ids: (0..<Int64(n)).map { $0 }, vectors: vectors)
            return index
        }
        let rssGrowth = withExtendedLifetime(vectors) { Self.residentMB() - rss0 }  // as the anchors keep theirs
        let path = indexPath ?? FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-vector-\(UUID().uuidString).index").path
        defer { if indexPath == nil { try? FileManager.default.removeItem(atPath: path) } }
        let (_, saveSeconds, _) = try Self.timed { try index.save(to: path) }
        let (loaded, loadSeconds, _) = try Self.timed { try AdaptiveVectorIndex.load(from: path, strategy: kind == .flat ? .exact : .approximate) }
        guard loaded.count == n else { throw VectorBenchmarkError("the reloaded index holds \(loaded.count) vectors, not \(n)") }
        let indexBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        func recall(_ results: [[VectorHit]]) -> Double {
            let found = results.enumerated().map { q, hits in
                Set(hits.prefix(10).map { Int32($0.id) }).intersection(truth[q * 10 ..< q * 10 + 10]).count
            }
            return Double(found.reduce(0, +)) / Double(10 * queryCount)
        }
        var result = Result(
            engine: "paperboy_\(kind.rawValue)", n: n, n_queries: queryCount,
            params: kind == .flat ? "exact float32" : "M=\(parameters.m) ef_construction=\(parameters.efConstruction)",
            build_s: Self.round(buildSeconds, 1), build_foreign_cpu_frac: Self.round(buildForeign, 3),
            rss_after_data_mb: Self.round(rss0, 0), rss_growth_mb: Self.round(rssGrowth, 0), index_bytes: indexBytes,
            save_s: Self.round(saveSeconds, 2), load_s: Self.round(loadSeconds, 2), peak_rss_mb: 0)
        let measure = Measurement(queries: queries)
        switch index {
        case let hnsw as HNSWIndex:
            var rows: [SweepRow] = []
            for ef in efValues ?? Self.anchorEfValues {
                let (results, qps, foreign) = try measure.batched { try hnsw.search($0, k: 10, filter: nil, ef: ef) }
                rows.append(SweepRow(ef: ef, recall: Self.round(recall(results), 4), batch_qps_2thr: qps, foreign: foreign))
                log("ef \(ef): recall@10 \(rows.last!.recall), \(qps) queries/s on 2 threads")
                if rows.last!.recall >= 0.99 { break }
            }
            result.sweep = rows
            func latency(at target: Double) throws -> Latency? {
                guard let row = rows.first(where: { $0.recall >= target }) else { return nil }
                var latency = try measure.singleThreaded { try hnsw.search($0, k: 10, filter: nil, ef: row.ef) }
                (latency.ef, latency.recall, latency.batch_qps_2thr) = (row.ef, row.recall, row.batch_qps_2thr)
                return latency
            }
            result.at_recall_0_95 = try latency(at: 0.95)
            result.at_recall_0_99 = try latency(at: 0.99)
            if result.at_recall_0_99 == nil { result.note_0_99 = "recall 0.99 not reached up to ef=\(rows.last?.ef ?? 0)" }
        default:
            let (results, qps, _) = try measure.batched { try index.search($0, k: 10) }
            result.recall = Self.round(recall(results), 4)
            var latency = try measure.singleThreaded { try index.search($0, k: 10) }
            latency.batch_qps_2thr = qps
            result.single_1thr = latency
        }
        result.peak_rss_mb = ProcessMeasurements.peakResidentMB()
        return result
    }

    /// Runs the queries and times them, as `bench_vector.py` does.
    struct Measurement {
        let queries: [[Float]]

        /// All queries split over two threads; the results, queries per second, other processes' CPU share.
        func batched(_ search: @Sendable ([Float]) throws -> [VectorHit]) throws -> ([[VectorHit]], Double, Double) {
            let results = ResultSlots(count: queries.count)
            let ((), seconds, foreign) = try VectorBenchmark.timed {
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    for q in stride(from: half, to: queries.count, by: 2) { results.set(q, Swift.Result { try search(queries[q]) }) }
                }
            }
            return (try results.values(), VectorBenchmark.round(Double(queries.count) / seconds, 1), VectorBenchmark.round(foreign, 3))
        }

        func singleThreaded(_ search: ([Float]) throws -> [VectorHit]) throws -> Latency {
            for query in queries.prefix(50) { _ = try search(query) }
            var latencies: [Double] = []
            let ((), _, foreign) = try VectorBenchmark.timed {
                for query in queries {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = try search(query)
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
            }
            let summary = LatencySummary(latencies, meanResults: 10)
            return Latency(p50_ms: summary.p50_ms, p99_ms: summary.p99_ms, mean_ms: summary.mean_ms,
                           foreign_cpu_frac: VectorBenchmark.round(foreign, 3))
        }
    }

    /// One slot per query, filled from two threads (each writes its own slots).
    final class ResultSlots: @unchecked Sendable {
        private var slots: [Swift.Result<[VectorHit], any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Swift.Result<[VectorHit], any Error>) { slots.withUnsafeMutableBufferPointer { $0[index] = value } }
        func values() throws -> [[VectorHit]] { try slots.map { try $0!.get() } }
    }

    static func timed<T>(_ body: () throws -> T) throws -> (T, Double, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let (value, foreign) = try ProcessMeasurements.measuringForeignCPU(body)
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, foreign)
    }

    static func round(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }

    /// Current resident memory (VmRSS), for the growth during the build.
    static func residentMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb / 1024
    }

    /// A raw little-endian file of `T` values, read straight into the array.
    static func read<T: BitwiseCopyable>(_ path: String, as: T.Type) throws -> [T] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw VectorBenchmarkError("cannot open \(path)") }
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        guard size % MemoryLayout<T>.stride == 0 else { throw VectorBenchmarkError("\(path): \(size) bytes is not a whole number of values") }
        return try [T](unsafeUninitializedCapacity: size / MemoryLayout<T>.stride) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            while offset < size {
                let n = Foundation.read(handle.fileDescriptor, raw.baseAddress! + offset, min(size - offset, 1 << 26))
                guard n > 0 else { throw VectorBenchmarkError("cannot read \(path)") }
                offset += n
            }
            count = buffer.count
        }
    }
}
