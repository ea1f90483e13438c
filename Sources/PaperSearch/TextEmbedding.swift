import TextEncoder

/// What turns texts into unit vectors, in order: the sentence encoder. Search and embedding use it
/// through this protocol so that they do not depend on how (which precision, which kernel) it runs.
public protocol TextEmbedding: Sendable {
    /// The name stored beside each vector, so that vectors of different models never mix.
    var modelName: String { get }
    func embed(_ texts: [String]) -> [[Float]]
}

extension SentenceEncoder: TextEmbedding {
    public var modelName: String { ModelFiles.modelName }

    /// Papers and queries go through the fast (bfloat16) path where the CPU has AVX-512 BF16: its
    /// vectors keep cosine ≥ 0.9999 with the exact ones on every reference text, and it took
    /// about half the CPU time per text and a third of the time per query (BENCHMARKS.md).
    /// Elsewhere bfloat16 would be emulated, so the exact path runs.
    public func embed(_ texts: [String]) -> [[Float]] {
        cpuKernelsName == "avx512-bf16" ? encode(texts, batchSize: 32, precision: .fast) : encode(texts, batchSize: 16)
    }
}
