import Foundation
import TextEncoder

/// The embedding benchmark, run as the anchors' `bench_embed.py` runs PyTorch and ONNX Runtime:
/// throughput on 1,000 texts (the seed papers' title + newline + abstract, cycled; each fills the
/// 256-token window) with one warm-up over 64 texts and three timed passes, or the latency of one
/// short query over 200 calls after 20 warm-ups. One JSON line, shaped like the anchors' lines;
/// the backend is `paperboy` (exact path) or `paperboy-fast` (bfloat16 linear layers).
public struct EmbedBenchmark {
    public static let query = "efficient transformer quantization for edge devices"
    public var modelDirectory: URL
    public var seedPapersPath: String

    public init(modelDirectory: URL, seedPapersPath: String) {
        self.modelDirectory = modelDirectory
        self.seedPapersPath = seedPapersPath
    }

    public func run(mode: String, batch: Int, precision: EncoderPrecision = .exact) throws -> [String: EmbedFigure] {
        let start = DispatchTime.now().uptimeNanoseconds
        let encoder = try SentenceEncoder(modelDirectory: modelDirectory)
        let load = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var result: [String: EmbedFigure] = [
            "backend": .text(precision == .exact ? "paperboy" : "paperboy-fast"), "mode": .text(mode), "threads": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
            "load_s": .number((load * 100).rounded() / 100), "kernel": .text(encoder.kernelName), "cpu_kernels": .text(encoder.cpuKernelsName),
        ]
        var foreign: [Double] = []
        if mode == "throughput" {
            let texts = try seedTexts(count: 1_000)
            _ = encoder.encode(Array(texts.prefix(64)), batchSize: batch, precision: precision)
            var runs: [Double] = []
            for _ in 0..<3 {
                let (seconds, share) = ProcessMeasurements.measuringForeignCPU { () -> Double in
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = encoder.encode(texts, batchSize: batch, precision: precision)
                    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                }
                runs.append((seconds * 1000).rounded() / 1000)
                foreign.append((share * 1000).rounded() / 1000)
            }
            let median = runs.sorted()[1]
            result["batch"] = .number(Double(batch))
            result["n_texts"] = .number(1_000)
            result["run_s"] = .numbers(runs)
            result["sent_per_s_median"] = .number((1_000 / median * 100).rounded() / 100)
        } else {
            for _ in 0..<20 { _ = encoder.encode([Self.query], batchSize: 1, precision: precision) }
            var latencies: [Double] = []
            let ((), share) = ProcessMeasurements.measuringForeignCPU {
                for _ in 0..<200 {
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    _ = encoder.encode([Self.query], batchSize: 1, precision: precision)
                    latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                }
            }
            latencies.sort()
            foreign.append((share * 1000).rounded() / 1000)
            func round3(_ x: Double) -> EmbedFigure { .number((x * 1000).rounded() / 1000) }
            result["query"] = .text(Self.query)
            result["runs"] = .number(200)
            result["p50_ms"] = round3((latencies[99] + latencies[100]) / 2)
            result["p90_ms"] = round3(latencies[179])
            result["p99_ms"] = round3(latencies[197])
            result["min_ms"] = round3(latencies[0])
        }
        result["foreign_cpu_frac"] = .numbers(foreign)
        result["peak_rss_mb"] = .number(ProcessMeasurements.peakResidentMB())
        return result
    }

    private func seedTexts(count: Int) throws -> [String] {
        struct Seed: Decodable { var title: String; var abstract: String }
        let data = try Data(contentsOf: URL(fileURLWithPath: seedPapersPath))
        let seeds = try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Seed.self, from: Data($0)) }
        guard !seeds.isEmpty else { throw ModelFetchError("no seed papers in \(seedPapersPath)") }
        return (0..<count).map { seeds[$0 % seeds.count].title + "\n" + seeds[$0 % seeds.count].abstract }
    }
}

/// A value of the benchmark's JSON line.
public enum EmbedFigure: Encodable {
    case text(String)
    case number(Double)
    case numbers([Double])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .numbers(let numbers): try container.encode(numbers)
        }
    }
}
