import CEncoderKernels
import Foundation

/// How the encoder's linear layers compute.
public enum EncoderPrecision: String, Sendable, CaseIterable {
    /// float32 throughout: cosine ≥ 0.9999 with sentence-transformers' vectors.
    case exact
    /// bfloat16 weights and inputs in the linear layers, summed in float32 (AVX-512 BF16 where the
    /// CPU has it); attention, GELU and LayerNorm in float32. Cosine ≥ 0.999 with
    /// sentence-transformers' vectors (0.99996 seen); for bulk embedding. Not int8 (VNNI): with
    /// per-token int8 inputs the query/key/value and FFN-output products lose too much (cosine
    /// down to 0.986 on the reference texts).
    case fast
}

/// What every forward pass runs with: the weights, and the kernels for the products.
struct EncoderEngine: Sendable {
    /// The embeddings, the LayerNorms and the shapes.
    let weights: BertWeights
    let blas: MatrixMultiply
    let kernels: EncoderKernels
    /// The exact path's linear layers for few rows, made on first use (bulk work never needs them).
    let panels: LoadOnce<FloatPanels>
    /// Set for the fast path: the linear layers use these bfloat16 weights instead.
    let reduced: BFloat16Weights?
}

/// The BERT forward pass over one batch, its texts' tokens packed without padding: row `r` of each
/// `rows × width` buffer is one token, text after text, so no work goes to padding; only attention
/// and pooling look at where a text starts and ends.
///
/// Unchecked Sendable: a pass belongs to one thread, except that a lone query's products hand
/// disjoint output columns to the other cores.
final class ForwardPass: @unchecked Sendable {
    /// A product with at most this many rows reads its weights once per 12 rows (`sgemm_small`):
    /// for a short query the products are memory-bound, and BLAS would copy the weights each call.
    static let smallRows = 16
    /// Rows of the feed-forward block run this many at a time, so its wide intermediate buffer stays
    /// small (1.5 MB, not 25 MB for 16 long texts).
    static let feedForwardRows = 256

    private let engine: EncoderEngine
    private let kernels: UnsafePointer<ek_kernels>
    /// The first row of each text, then the row count.
    private let starts: [Int]
    private let rows: Int
    /// Threads that share each small product's output columns (a lone query has no other work).
    private let columnThreads: Int
    private let width: Int
    /// `rows × width`: the hidden states, and the attended states (the FFN's input and residual).
    private let hidden: UnsafeMutablePointer<Float>, attended: UnsafeMutablePointer<Float>
    /// `rows × 3 width`: each row's query, key and value, side by side.
    private let queryKeyValue: UnsafeMutablePointer<Float>
    private let intermediate: UnsafeMutablePointer<Float>
    private let scores: UnsafeMutablePointer<Float>
    private let reducedInput: UnsafeMutablePointer<UInt16>

    init(engine: EncoderEngine, tokens: [[Int32]], columnThreads: Int = 1) {
        self.engine = engine
        kernels = engine.kernels.table
        starts = tokens.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        rows = starts.last!
        self.columnThreads = columnThreads
        let w = engine.weights
        width = w.hidden
        let longest = tokens.map(\.count).max() ?? 0
        let blockRows = min(rows, Self.feedForwardRows)
        hidden = .allocate(capacity: rows * width)
        attended = .allocate(capacity: rows * width)
        queryKeyValue = .allocate(capacity: rows * 3 * width)
        intermediate = .allocate(capacity: blockRows * w.intermediateSize)
        scores = .allocate(capacity: longest * longest)
        // Inputs of the bfloat16 products, padded to whole pairs (fast path only).
        reducedInput = .allocate(capacity: engine.reduced == nil ? 0 : max(rows * (width + 1), blockRows * (w.intermediateSize + 1)))
        embed(tokens)
    }

    deinit {
        for buffer in [hidden, attended, queryKeyValue, intermediate, scores] { buffer.deallocate() }
        reducedInput.deallocate()
    }

    /// Runs the layers; then `pooledUnitVectors` gives the embeddings.
    func run() {
        for index in engine.weights.layers.indices { encode(layer: index) }
    }

    /// Word + position + token-type (all type 0) embeddings, then LayerNorm.
    private func embed(_ tokens: [[Int32]]) {
        let w = engine.weights
        for (item, ids) in tokens.enumerated() {
            for (position, id) in ids.enumerated() {
                let row = hidden + (starts[item] + position) * width
                let word = w.wordEmbeddings.pointer + Int(id) * width, place = w.positionEmbeddings.pointer + position * width
                for j in 0..<width { row[j] = word[j] + place[j] + w.tokenTypeEmbeddings.pointer[j] }
            }
        }
        kernels.pointee.residual_layer_norm(hidden, nil, w.embeddingNorm.weight.pointer, w.embeddingNorm.bias.pointer,
                                            rows, width, 1e-12)
    }

    private func encode(layer index: Int) {
        let layer = engine.weights.layers[index], inner = engine.weights.intermediateSize, k = kernels.pointee
        linear(index, .queryKeyValue, hidden, stride: width, rows: rows, into: queryKeyValue, stride: 3 * width)
        attention()
        linear(index, .attentionOutput, queryKeyValue, stride: 3 * width, rows: rows, into: attended, stride: width)
        k.residual_layer_norm(attended, hidden, layer.attentionNorm.weight.pointer, layer.attentionNorm.bias.pointer, rows, width, 1e-12)
        for first in stride(from: 0, to: rows, by: Self.feedForwardRows) {
            let count = min(Self.feedForwardRows, rows - first)
            let input = attended + first * width, output = hidden + first * width
            linear(index, .intermediate, input, stride: width, rows: count, into: intermediate, stride: inner)
            k.gelu(intermediate, count * inner)
            linear(index, .output, intermediate, stride: inner, rows: count, into: output, stride: width)
            k.residual_layer_norm(output, input, layer.outputNorm.weight.pointer, layer.outputNorm.bias.pointer, count, width, 1e-12)
        }
    }

    /// `output = input · Wᵀ + b` for one part of a layer: in bfloat16 on the fast path, else float32.
    private func linear(_ index: Int, _ part: LinearPart, _ input: UnsafePointer<Float>, stride inputStride: Int, rows: Int,
                        into output: UnsafeMutablePointer<Float>, stride outputStride: Int) {
        if let reduced = engine.reduced {
            let linear = reduced.layers[index][part], weights = linear.packed.pointee, padded = weights.k_padded
            kernels.pointee.to_bf16_rows(input, rows, weights.k, inputStride, reducedInput, padded)
            kernels.pointee.gemm_bf16(rows, reducedInput, padded, linear.packed, linear.bias, output, outputStride)
            return
        }
        if rows <= Self.smallRows {
            // A few rows: the small kernel, the output columns split over the cores for a lone query.
            let linear = engine.panels.value { FloatPanels(engine.weights) }.layers[index][part], (n, k) = (linear.outputs, linear.inputs)
            let parts = columnThreads, perPart = (n / parts + 31) / 32 * 32
            nonisolated(unsafe) let (x, w, y, kernels) = (input, linear.packed.baseAddress!, output, kernels)  // parts write disjoint columns of y
            let product = { @Sendable (part: Int) in
                let first = part * perPart, count = min(perPart, n - first)
                guard count > 0 else { return }
                kernels.pointee.sgemm_small(rows, count, k, x, inputStride, w + first * k, y + first, outputStride)
            }
            if parts > 1 { DispatchQueue.concurrentPerform(iterations: parts, execute: product) } else { product(0) }
            for row in 0..<rows { kernels.pointee.add_bias(output + row * outputStride, linear.bias, 1, n) }
            return
        }
        var column = 0
        for source in engine.weights.layers[index][part] {
            let (n, k) = (source.outputs, source.inputs), columns = output + column
            for row in 0..<rows { (columns + row * outputStride).update(from: source.bias.pointer, count: n) }
            engine.blas.gemm(transB: true, m: rows, n: n, k: k, a: input, lda: inputStride, b: source.weight.pointer, ldb: k,
                             beta: 1, c: columns, ldc: outputStride)
            column += n
        }
    }

    /// Multi-head self-attention within each text. Each head's context overwrites the same head's
    /// query slice, which nothing reads after the scores are made.
    private func attention() {
        let w = engine.weights, size = width / w.heads, stride = 3 * width
        let scale = 1 / Float(size).squareRoot()
        for item in 0..<(starts.count - 1) {
            let length = starts[item + 1] - starts[item]
            for head in 0..<w.heads {
                let query = queryKeyValue + starts[item] * stride + head * size
                let key = query + width, value = query + 2 * width
                engine.blas.gemm(transB: true, m: length, n: length, k: size, a: query, lda: stride,
                                 b: key, ldb: stride, c: scores, ldc: length)
                kernels.pointee.softmax_rows(scores, length, length, scale)
                engine.blas.gemm(m: length, n: size, k: length, a: scores, lda: length, b: value, ldb: stride,
                                 c: query, ldc: stride)
            }
        }
    }

    /// Mean of each text's token states, then L2-normalised (eps 1e-12, as PyTorch's normalize).
    func pooledUnitVectors() -> [[Float]] {
        return (0..<(starts.count - 1)).map { item in
            var vector = [Float](repeating: 0, count: width)
            for row in starts[item]..<starts[item + 1] {
                for j in 0..<width { vector[j] += hidden[row * width + j] }
            }
            let count = Float(max(starts[item + 1] - starts[item], 1))
            for j in 0..<width { vector[j] /= count }
            let norm = max(vector.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            return vector.map { $0 / norm }
        }
    }
}
