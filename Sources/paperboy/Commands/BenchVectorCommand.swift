import ArgumentParser
import Foundation
import Pipeline
import VectorIndex

struct VectorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector",
        abstract: "Build a vector index from the anchors' vectors and measure recall and latency.",
        discussion: """
            Reads the files that ../shared/anchors/anchors.sh vector N writes: vectors_N.f32, \
            queries.f32 and groundtruth_N.i32. Builds the index (HNSW, or exact with --index flat), \
            saves it and loads it back, then measures recall@10 against the ground truth for a sweep \
            of efSearch (2 threads), and single-query latency on one thread at the smallest ef \
            reaching recall 0.95 and 0.99. Prints figures shaped like the anchors' JSON line.
            """)

    @Option(help: "The base vectors (vectors_N.f32).")
    var vectors: String

    @Option(help: "The queries (queries.f32).")
    var queries: String

    @Option(help: "The exact top-10 ids (groundtruth_N.i32).")
    var groundtruth: String

    @Option(help: "hnsw or flat.")
    var index = "hnsw"

    @Option(help: "efSearch values to sweep, comma-separated (default: the anchors' sweep).")
    var ef: String?

    @Option(help: "HNSW links per node.")
    var m = HNSWParameters().m

    @Option(help: "HNSW efConstruction.")
    var efConstruction = HNSWParameters().efConstruction

    @Option(help: "Threads for the build.")
    var threads = 2

    @Option(help: "Save the index here and keep it (default: a temporary file, removed afterwards).")
    var save: String?

    @Flag(help: "Print one JSON line instead of a summary.")
    var json = false

    func validate() throws {
        guard VectorBenchmark.Kind(rawValue: index) != nil else { throw ValidationError("--index is hnsw or flat") }
        guard (2...255).contains(m), efConstruction >= 1, threads >= 1 else {
            throw ValidationError("--m is 2…255; --ef-construction and --threads at least 1")
        }
        guard efValues.allSatisfy({ $0 >= 1 }), ef == nil || !efValues.isEmpty else {
            throw ValidationError("--ef is a comma-separated list of positive integers")
        }
    }

    private var efValues: [Int] { ef.map { $0.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? 0 } } ?? [] }

    func run() throws {
        var parameters = HNSWParameters()
        parameters.m = m
        parameters.efConstruction = efConstruction
        parameters.buildThreads = threads
        let benchmark = VectorBenchmark(vectorsPath: vectors, queriesPath: queries, groundTruthPath: groundtruth,
                                        kind: VectorBenchmark.Kind(rawValue: index)!, parameters: parameters,
                                        efValues: ef == nil ? nil : efValues, indexPath: save)
        let result = try benchmark.run { FileHandle.standardError.write(Data(("bench vector: " + $0 + "\n").utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("\(result.engine) · \(result.n) vectors · \(result.params) · build \(result.build_s) s · file \(result.index_bytes / 1_000_000) MB "
              + "· save \(result.save_s) s · load \(result.load_s) s · RSS growth \(Int(result.rss_growth_mb)) MB · peak \(Int(result.peak_rss_mb)) MB")
        if let latency = result.single_1thr, let recall = result.recall {
            print("exact: recall@10 \(recall) · p50 \(latency.p50_ms) ms · p99 \(latency.p99_ms) ms · \(latency.batch_qps_2thr ?? 0) queries/s on 2 threads")
        }
        for row in result.sweep ?? [] { print("ef \(row.ef): recall@10 \(row.recall) · \(row.batch_qps_2thr) queries/s on 2 threads") }
        for (target, latency) in [("0.95", result.at_recall_0_95), ("0.99", result.at_recall_0_99)] {
            guard let latency, let ef = latency.ef else { print("recall \(target): not reached"); continue }
            print("recall ≥ \(target): ef \(ef) · one thread p50 \(latency.p50_ms) ms · p99 \(latency.p99_ms) ms · mean \(latency.mean_ms) ms")
        }
    }
}
