import Foundation

/// The BERT forward pass over one padded batch, on row-major buffers of `rows = count × length`
/// token positions. Matrix products go to `MatrixMultiply`; the element-wise steps (LayerNorm with
/// eps 1e-12, exact erf GELU, masked softmax) are plain loops.
struct ForwardPass {
    let weights: BertWeights
    let kernel: MatrixMultiply
    let batch: TokenizedBatch
    let rows: Int
    var hiddenStates: [Float]

    init(weights: BertWeights, kernel: MatrixMultiply, batch: TokenizedBatch) {
        self.weights = weights
        self.kernel = kernel
        self.batch = batch
        rows = batch.count * batch.length
        hiddenStates = [Float](repeating: 0, count: rows * weights.hidden)
    }

    mutating func run() {
        embed()
        for layer in weights.layers { encode(layer) }
    }

    /// Word + position + token-type (all type 0) embeddings, then LayerNorm.
    private mutating func embed() {
        let h = weights.hidden
        for row in 0..<rows {
            let id = Int(batch.inputIds[row])
            let position = row % batch.length
            for j in 0..<h {
                hiddenStates[row * h + j] = weights.wordEmbeddings[id * h + j] + weights.positionEmbeddings[position * h + j]
                    + weights.tokenTypeEmbeddings[j]
            }
        }
        layerNorm(&hiddenStates, weight: weights.embeddingNormWeight, bias: weights.embeddingNormBias)
    }

    private mutating func encode(_ layer: BertWeights.Layer) {
        let h = weights.hidden
        let query = linear(hiddenStates, layer.query, layer.queryBias, inputs: h, outputs: h)
        let key = linear(hiddenStates, layer.key, layer.keyBias, inputs: h, outputs: h)
        let value = linear(hiddenStates, layer.value, layer.valueBias, inputs: h, outputs: h)
        let context = attention(query: query, key: key, value: value)
        var attended = linear(context, layer.attentionOutput, layer.attentionOutputBias, inputs: h, outputs: h)
        for i in attended.indices { attended[i] += hiddenStates[i] }
        layerNorm(&attended, weight: layer.attentionNormWeight, bias: layer.attentionNormBias)
        var intermediate = linear(attended, layer.intermediate, layer.intermediateBias, inputs: h, outputs: weights.intermediateSize)
        for i in intermediate.indices { intermediate[i] = gelu(intermediate[i]) }
        var output = linear(intermediate, layer.output, layer.outputBias, inputs: weights.intermediateSize, outputs: h)
        for i in output.indices { output[i] += attended[i] }
        layerNorm(&output, weight: layer.outputNormWeight, bias: layer.outputNormBias)
        hiddenStates = output
    }

    /// `x · Wᵀ + b` for PyTorch's `[outputs, inputs]` weight layout.
    private func linear(_ x: [Float], _ weight: [Float], _ bias: [Float], inputs: Int, outputs: Int) -> [Float] {
        var y = [Float](repeating: 0, count: rows * outputs)
        for row in 0..<rows { for j in 0..<outputs { y[row * outputs + j] = bias[j] } }
        x.withUnsafeBufferPointer { xp in
            weight.withUnsafeBufferPointer { wp in
                y.withUnsafeMutableBufferPointer { yp in
                    kernel.gemm(transB: true, m: rows, n: outputs, k: inputs, a: xp.baseAddress!, lda: inputs,
                                b: wp.baseAddress!, ldb: inputs, beta: 1, c: yp.baseAddress!, ldc: outputs)
                }
            }
        }
        return y
    }

    /// Multi-head self-attention; padded keys get no weight.
    private func attention(query: [Float], key: [Float], value: [Float]) -> [Float] {
        let h = weights.hidden, heads = weights.heads, headSize = h / heads, length = batch.length
        let scale = 1 / Float(headSize).squareRoot()
        var context = [Float](repeating: 0, count: rows * h)
        var scores = [Float](repeating: 0, count: length * length)
        query.withUnsafeBufferPointer { q in
            key.withUnsafeBufferPointer { k in
                value.withUnsafeBufferPointer { v in
                    context.withUnsafeMutableBufferPointer { c in
                        for item in 0..<batch.count {
                            let first = item * length
                            for head in 0..<heads {
                                let offset = first * h + head * headSize
                                scores.withUnsafeMutableBufferPointer { s in
                                    kernel.gemm(transB: true, m: length, n: length, k: headSize, alpha: scale,
                                                a: q.baseAddress! + offset, lda: h, b: k.baseAddress! + offset, ldb: h,
                                                c: s.baseAddress!, ldc: length)
                                    softmaxRows(s, item: item)
                                    kernel.gemm(m: length, n: headSize, k: length, a: UnsafePointer(s.baseAddress!), lda: length,
                                                b: v.baseAddress! + offset, ldb: h, c: c.baseAddress! + offset, ldc: h)
                                }
                            }
                        }
                    }
                }
            }
        }
        return context
    }

    /// Softmax of each row over the item's real tokens; padding columns become 0.
    private func softmaxRows(_ s: UnsafeMutableBufferPointer<Float>, item: Int) {
        let length = batch.length
        let real = batch.lengths[item]
        for row in 0..<length {
            let base = row * length
            var maximum = -Float.infinity
            for j in 0..<real { maximum = max(maximum, s[base + j]) }
            var sum: Float = 0
            for j in 0..<real {
                let e = expf(s[base + j] - maximum)
                s[base + j] = e
                sum += e
            }
            for j in 0..<real { s[base + j] /= sum }
            for j in real..<length { s[base + j] = 0 }
        }
    }

    /// LayerNorm over the hidden size, eps 1e-12, in place.
    private func layerNorm(_ x: inout [Float], weight: [Float], bias: [Float]) {
        let h = weight.count
        for row in 0..<(x.count / h) {
            let base = row * h
            var mean: Float = 0
            for j in 0..<h { mean += x[base + j] }
            mean /= Float(h)
            var variance: Float = 0
            for j in 0..<h { let d = x[base + j] - mean; variance += d * d }
            variance /= Float(h)
            let inverse = 1 / (variance + 1e-12).squareRoot()
            for j in 0..<h { x[base + j] = (x[base + j] - mean) * inverse * weight[j] + bias[j] }
        }
    }

    /// The exact GELU: x · Φ(x), with Φ through erf.
    private func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erff(x * Float(0.5).squareRoot())) }

    /// Mean of each text's real token states, then L2-normalised (eps 1e-12, as PyTorch's normalize).
    func pooledUnitVectors() -> [[Float]] {
        let h = weights.hidden
        return (0..<batch.count).map { item in
            var vector = [Float](repeating: 0, count: h)
            let real = batch.lengths[item]
            for position in 0..<real {
                let base = (item * batch.length + position) * h
                for j in 0..<h { vector[j] += hiddenStates[base + j] }
            }
            for j in 0..<h { vector[j] /= Float(max(real, 1)) }
            let norm = max(vector.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
            return vector.map { $0 / norm }
        }
    }
}
