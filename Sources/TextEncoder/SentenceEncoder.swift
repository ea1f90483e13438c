import Foundation

/// all-MiniLM-L6-v2 as sentence-transformers runs it: WordPiece tokens (at most 256), the BERT
/// encoder, mean pooling over the real tokens, L2 normalisation; 384-dimensional unit vectors.
///
/// Immutable after loading and allocating per call, so several threads may encode at once.
public final class SentenceEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    let weights: BertWeights
    let kernel: MatrixMultiply
    /// The embedding size (384).
    public var dimension: Int { weights.hidden }
    /// Which matrix kernel runs the products (`openBLAS`, or the slow `swift` fallback).
    public var kernelName: String { kernel.backend.rawValue }

    /// Loads the model from a directory holding `model.safetensors` and `vocab.txt`.
    public convenience init(modelDirectory: URL, kernel: MatrixMultiply = .shared) throws {
        let file = try SafetensorsFile(contentsOf: modelDirectory.appendingPathComponent("model.safetensors"))
        let tokenizer = try WordPieceTokenizer(vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"))
        try self.init(weights: try BertWeights(file: file), tokenizer: tokenizer, kernel: kernel)
    }

    init(weights: BertWeights, tokenizer: WordPieceTokenizer, kernel: MatrixMultiply) throws {
        guard tokenizer.vocabularySize == weights.vocabularySize else {
            throw SafetensorsError.invalidHeader("the vocabulary has \(tokenizer.vocabularySize) tokens, the weights \(weights.vocabularySize)")
        }
        self.weights = weights
        self.tokenizer = tokenizer
        self.kernel = kernel
    }

    /// Unit vectors for `texts`, in order, computed `batchSize` texts at a time, the batches spread
    /// over the processor's cores (a batch smaller than the core count is split among them).
    public func encode(_ texts: [String], batchSize: Int = 32) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = max(1, min(batchSize, (texts.count + cores - 1) / cores))
        let chunks = stride(from: 0, to: texts.count, by: size).map { Array(texts[$0..<min(texts.count, $0 + size)]) }
        let results = ResultSlots<[[Float]]>(count: chunks.count)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            results.set(index, encodeBatch(chunks[index]))
        }
        return results.values.flatMap { $0 }
    }

    /// One batch, padded to its longest text.
    func encodeBatch(_ texts: [String]) -> [[Float]] {
        let batch = tokenizer.encodeBatch(texts, maxLength: min(WordPieceTokenizer.defaultMaxLength, weights.maxPositions))
        var forward = ForwardPass(weights: weights, kernel: kernel, batch: batch)
        forward.run()
        return forward.pooledUnitVectors()
    }
}

/// One slot per task, each written by exactly one task: the lock only guards the array itself.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Value) { lock.withLock { slots[index] = value } }
    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
