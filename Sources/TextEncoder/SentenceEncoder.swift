import Foundation

/// all-MiniLM-L6-v2 as sentence-transformers runs it: WordPiece tokens (at most 256), the BERT
/// encoder, mean pooling over the real tokens, L2 normalisation; 384-dimensional unit vectors.
///
/// Immutable after loading (the fast path's bfloat16 weights are made once, under a lock) and
/// allocating per call, so several threads may encode at once.
public final class SentenceEncoder: Sendable {
    public let tokenizer: WordPieceTokenizer
    let weights: BertWeights
    let kernel: MatrixMultiply
    let kernels: EncoderKernels
    private let panels = LoadOnce<FloatPanels>()
    private let reduced = LoadOnce<BFloat16Weights>()
    /// The embedding size (384).
    public var dimension: Int { weights.hidden }
    /// Which matrix kernel runs the float32 products (`openBLAS`, or the slow `swift` fallback).
    public var kernelName: String { kernel.backend.rawValue }
    /// Which C kernels run the element-wise steps and the bfloat16 products (`avx512-bf16`, `avx512`, `portable`).
    public var cpuKernelsName: String { kernels.name }

    /// Loads the model from a directory holding `model.safetensors` and `vocab.txt`.
    public convenience init(modelDirectory: URL, kernel: MatrixMultiply = .shared) throws {
        let file = try SafetensorsFile(contentsOf: modelDirectory.appendingPathComponent("model.safetensors"))
        let tokenizer = try WordPieceTokenizer(vocabularyURL: modelDirectory.appendingPathComponent("vocab.txt"))
        try self.init(weights: try BertWeights(file: file), tokenizer: tokenizer, kernel: kernel)
    }

    init(weights: BertWeights, tokenizer: WordPieceTokenizer, kernel: MatrixMultiply, kernels: EncoderKernels = .best) throws {
        guard tokenizer.vocabularySize == weights.vocabularySize else {
            throw SafetensorsError.invalidHeader("the vocabulary has \(tokenizer.vocabularySize) tokens, the weights \(weights.vocabularySize)")
        }
        self.weights = weights
        self.tokenizer = tokenizer
        self.kernel = kernel
        self.kernels = kernels
    }

    /// Unit vectors for `texts`, in order, computed `batchSize` texts at a time, the batches spread
    /// over the processor's cores (a batch smaller than the core count is split among them, and a
    /// lone short text has its products' columns split instead). A batch costs what its tokens
    /// cost: they are packed without padding (`ForwardPass`), so texts need no sorting by length.
    public func encode(_ texts: [String], batchSize: Int = 32, precision: EncoderPrecision = .exact) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = max(1, min(batchSize, (texts.count + cores - 1) / cores))
        let chunks = stride(from: 0, to: texts.count, by: size).map { $0..<min(texts.count, $0 + size) }
        let engine = EncoderEngine(weights: weights, blas: kernel, kernels: kernels, panels: panels,
                                   reduced: precision == .fast ? reduced.value { BFloat16Weights(weights) } : nil)
        let maxLength = min(WordPieceTokenizer.defaultMaxLength, weights.maxPositions)
        let results = ResultSlots<[[Float]]>(count: chunks.count)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            let tokens = texts[chunks[index]].map { tokenizer.encode($0, maxLength: maxLength) }
            let pass = ForwardPass(engine: engine, tokens: tokens, columnThreads: chunks.count == 1 ? cores : 1)
            pass.run()
            results.set(index, pass.pooledUnitVectors())
        }
        return results.values.flatMap { $0 }
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

/// A value made on first use, once, however many threads ask at the same time.
final class LoadOnce<Value: Sendable>: @unchecked Sendable {  // `stored` is only touched under the lock
    private var stored: Value?
    private let lock = NSLock()
    func value(_ make: () -> Value) -> Value {
        lock.withLock {
            if let stored { return stored }
            let made = make()
            stored = made
            return made
        }
    }
}
