import Foundation
import Testing
@testable import TextEncoder

/// One reference embedding made by sentence-transformers (embeddings-seed.jsonl, embeddings-tricky.jsonl).
struct ReferenceEmbedding: Decodable, Sendable {
    let text: String
    let embedding: [Float]
}

private let modelDirectory = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]

/// The real weights: every reference vector must be matched at cosine ≥ 0.9999 (the bar)
/// by the exact path, and at ≥ 0.999 by the fast (bfloat16) one, at batch size 1 and 32.
@Suite(.enabled(if: modelDirectory != nil, "needs the model that scripts/test.sh fetches (PAPERBOY_TEST_MODEL_DIR)"))
struct SentenceEncoderTests {
    static let encoder = Result<SentenceEncoder, Error> {
        try SentenceEncoder(modelDirectory: URL(fileURLWithPath: modelDirectory ?? ""))
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return dot / norms
    }

    func check(_ file: String, batchSize: Int, precision: EncoderPrecision = .exact, encoder: SentenceEncoder? = nil,
               first: Int = .max) throws {
        let encoder = try encoder ?? Self.encoder.get()
        let bar: Float = precision == .exact ? 0.9999 : 0.999
        let references = try TextEncoderFixtures.jsonLines(file, as: ReferenceEmbedding.self).prefix(first)
        let vectors = encoder.encode(references.map(\.text), batchSize: batchSize, precision: precision)
        #expect(vectors.count == references.count)
        var worst: Float = 1
        for (vector, reference) in zip(vectors, references) {
            #expect(vector.count == 384)
            let similarity = Self.cosine(vector, reference.embedding)
            worst = min(worst, similarity)
            #expect(similarity >= bar, "\(file) \(precision): cosine \(similarity) for \(reference.text.prefix(60).debugDescription)")
        }
        #expect(worst >= bar)
    }

    @Test func seedPapersAtBatch32() throws { try check("embeddings-seed.jsonl", batchSize: 32) }
    @Test func trickyTextsAtBatch32() throws { try check("embeddings-tricky.jsonl", batchSize: 32) }
    @Test func trickyTextsAtBatch1() throws { try check("embeddings-tricky.jsonl", batchSize: 1) }

    @Test func fastPathAtBatch32() throws {
        try check("embeddings-seed.jsonl", batchSize: 32, precision: .fast)
        try check("embeddings-tricky.jsonl", batchSize: 32, precision: .fast)
    }

    @Test func fastPathAtBatch1() throws {
        try check("embeddings-seed.jsonl", batchSize: 1, precision: .fast)
        try check("embeddings-tricky.jsonl", batchSize: 1, precision: .fast)
    }

    /// The portable C kernels (what a CPU without AVX-512 runs) on both paths.
    @Test(arguments: EncoderPrecision.allCases) func portableKernels(precision: EncoderPrecision) throws {
        let loaded = try Self.encoder.get()
        let encoder = try SentenceEncoder(weights: loaded.weights, tokenizer: loaded.tokenizer, kernel: loaded.kernel, kernels: .portable)
        try check("embeddings-tricky.jsonl", batchSize: 8, precision: precision, encoder: encoder, first: 24)
    }

    @Test func seedTitlesAtBatch1() throws {
        let encoder = try Self.encoder.get()
        let references = try TextEncoderFixtures.jsonLines("embeddings-seed.jsonl", as: ReferenceEmbedding.self).prefix(40)
        for reference in references {
            let vector = try #require(encoder.encode([reference.text], batchSize: 1).first)
            #expect(Self.cosine(vector, reference.embedding) >= 0.9999)
        }
    }

    @Test func vectorsAreUnitLengthAndConcurrentCallsAgree() async throws {
        let encoder = try Self.encoder.get()
        let texts = ["efficient transformer quantization for edge devices", "", "量子 computing"]
        let expected = encoder.encode(texts)
        for vector in expected { #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5) }
        let results = await withTaskGroup(of: [[Float]].self) { group in
            for _ in 0..<4 { group.addTask { encoder.encode(texts) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == expected })
    }
}

@Suite struct MatrixMultiplyTests {
    /// OpenBLAS (when loaded) and the Swift fallback compute the same products, transposes and
    /// leading dimensions included.
    @Test func blasAndTheSwiftFallbackAgree() throws {
        var generator = SystemRandomNumberGenerator()
        let (m, n, k, lda, ldb, ldc) = (7, 5, 9, 12, 11, 8)
        let a = (0..<(k * lda)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(k * ldb)).map { _ in Float.random(in: -1...1, using: &generator) }
        for (transA, transB) in [(false, false), (false, true), (true, false), (true, true)] {
            var results: [[Float]] = []
            for kernel in [MatrixMultiply.shared, MatrixMultiply(preferBLAS: false)] {
                var c = [Float](repeating: 0.5, count: max(m, k) * ldc)
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            kernel.gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, a: ap.baseAddress!, lda: lda,
                                        b: bp.baseAddress!, ldb: ldb, beta: 2, c: cp.baseAddress!, ldc: ldc)
                        }
                    }
                }
                results.append(c)
            }
            #expect(zip(results[0], results[1]).allSatisfy { abs($0 - $1) < 1e-4 }, "transA \(transA) transB \(transB)")
        }
    }

    @Test func theCoreTypeFollowsTheCPUFlags() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let type = MatrixMultiply.coreTypeForThisCPU()
        if cpuinfo.contains(" avx512f") { #expect(type == "SkylakeX") } else if cpuinfo.contains(" avx2") { #expect(type == "Haswell") }
    }
}
