import Foundation

/// A read-only float tensor: in place in the model file's mapping when the file stores aligned
/// float32, else in a widened copy. `TensorMemory` keeps either alive.
struct FloatTensor: @unchecked Sendable {  // read-only memory, owned by a TensorMemory that outlives it
    let pointer: UnsafePointer<Float>
    let count: Int
}

/// Owns the mapping the tensors point into, and the copies made for other dtypes.
final class TensorMemory: @unchecked Sendable {  // `copies` changes only while BertWeights loads, under the lock
    let file: SafetensorsFile
    private var copies: [UnsafeMutableBufferPointer<Float>] = []
    private let lock = NSLock()

    init(file: SafetensorsFile) { self.file = file }

    /// The tensor, without a copy where the file allows it: using the mapping directly saves the
    /// ~90 MB a copy of the weights would add to the resident memory.
    func tensor(_ name: String) throws -> FloatTensor {
        let info = try file.info(name)
        if info.dtype == .f32, let address = try file.mappedAddress(of: name),
           Int(bitPattern: address) % MemoryLayout<Float>.alignment == 0 {
            return FloatTensor(pointer: address.assumingMemoryBound(to: Float.self), count: info.elementCount)
        }
        let values = try file.floats(of: name)
        let copy = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(values.count, 1))
        _ = copy.initialize(from: values)
        lock.withLock { copies.append(copy) }
        return FloatTensor(pointer: UnsafePointer(copy.baseAddress!), count: values.count)
    }

    deinit { for copy in copies { copy.deallocate() } }
}

/// The weights of a BERT encoder (all-MiniLM-L6-v2's layout), read from a safetensors file and
/// checked against the shapes the forward pass assumes, so a wrong file fails at load, not mid-way.
struct BertWeights: Sendable {
    /// `y = x · Wᵀ + b` with PyTorch's `[outputs, inputs]` weight.
    struct Linear: Sendable {
        let weight: FloatTensor, bias: FloatTensor
        let inputs: Int, outputs: Int
    }

    struct Norm: Sendable { let weight: FloatTensor, bias: FloatTensor }

    struct Layer: Sendable {
        let query: Linear, key: Linear, value: Linear, attentionOutput: Linear
        let attentionNorm: Norm
        let intermediate: Linear, output: Linear
        let outputNorm: Norm

        /// The weights of one product; query, key and value make one product together.
        subscript(part: LinearPart) -> [Linear] {
            switch part {
            case .queryKeyValue: [query, key, value]
            case .attentionOutput: [attentionOutput]
            case .intermediate: [intermediate]
            case .output: [output]
            }
        }
    }

    let memory: TensorMemory
    let hidden: Int
    let intermediateSize: Int
    let heads: Int
    let maxPositions: Int
    let vocabularySize: Int
    let wordEmbeddings: FloatTensor
    let positionEmbeddings: FloatTensor
    let tokenTypeEmbeddings: FloatTensor
    let embeddingNorm: Norm
    let layers: [Layer]

    init(file: SafetensorsFile, heads: Int = 12) throws {
        let memory = TensorMemory(file: file)
        let word = try file.info("embeddings.word_embeddings.weight")
        guard word.shape.count == 2 else { throw SafetensorsError.invalidHeader("word embeddings are not a matrix") }
        let (vocabularySize, hidden) = (word.shape[0], word.shape[1])
        guard hidden % heads == 0 else { throw SafetensorsError.invalidHeader("hidden size \(hidden) is not divisible by \(heads) heads") }
        func tensor(_ name: String, _ shape: [Int]) throws -> FloatTensor {
            let info = try file.info(name)
            guard info.shape == shape else {
                throw SafetensorsError.invalidHeader("\(name) has shape \(info.shape), expected \(shape)")
            }
            return try memory.tensor(name)
        }
        func linear(_ name: String, inputs: Int, outputs: Int) throws -> Linear {
            Linear(weight: try tensor(name + ".weight", [outputs, inputs]), bias: try tensor(name + ".bias", [outputs]),
                   inputs: inputs, outputs: outputs)
        }
        func norm(_ name: String) throws -> Norm {
            Norm(weight: try tensor(name + ".weight", [hidden]), bias: try tensor(name + ".bias", [hidden]))
        }
        let positions = try file.info("embeddings.position_embeddings.weight").shape.first ?? 0
        let intermediateSize = try file.info("encoder.layer.0.intermediate.dense.weight").shape.first ?? 0
        var layers: [Layer] = []
        while file.tensors["encoder.layer.\(layers.count).attention.self.query.weight"] != nil {
            let p = "encoder.layer.\(layers.count)."
            layers.append(Layer(
                query: try linear(p + "attention.self.query", inputs: hidden, outputs: hidden),
                key: try linear(p + "attention.self.key", inputs: hidden, outputs: hidden),
                value: try linear(p + "attention.self.value", inputs: hidden, outputs: hidden),
                attentionOutput: try linear(p + "attention.output.dense", inputs: hidden, outputs: hidden),
                attentionNorm: try norm(p + "attention.output.LayerNorm"),
                intermediate: try linear(p + "intermediate.dense", inputs: hidden, outputs: intermediateSize),
                output: try linear(p + "output.dense", inputs: intermediateSize, outputs: hidden),
                outputNorm: try norm(p + "output.LayerNorm")))
        }
        guard !layers.isEmpty else { throw SafetensorsError.invalidHeader("no encoder layers (encoder.layer.0.*) in the file") }
        self.memory = memory
        self.hidden = hidden
        self.intermediateSize = intermediateSize
        self.heads = heads
        self.maxPositions = positions
        self.vocabularySize = vocabularySize
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [vocabularySize, hidden])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [positions, hidden])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [2, hidden])
        embeddingNorm = try norm("embeddings.LayerNorm")
        self.layers = layers
    }
}
