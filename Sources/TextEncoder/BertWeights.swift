import Foundation

/// The weights of a BERT encoder (all-MiniLM-L6-v2's layout), read from a safetensors file and
/// checked against the shapes the forward pass assumes, so a wrong file fails at load, not mid-way.
struct BertWeights: Sendable {
    struct Layer: Sendable {
        var query: [Float], queryBias: [Float]
        var key: [Float], keyBias: [Float]
        var value: [Float], valueBias: [Float]
        var attentionOutput: [Float], attentionOutputBias: [Float]
        var attentionNormWeight: [Float], attentionNormBias: [Float]
        var intermediate: [Float], intermediateBias: [Float]
        var output: [Float], outputBias: [Float]
        var outputNormWeight: [Float], outputNormBias: [Float]
    }

    let hidden: Int
    let intermediateSize: Int
    let heads: Int
    let maxPositions: Int
    let vocabularySize: Int
    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    let tokenTypeEmbeddings: [Float]
    let embeddingNormWeight: [Float]
    let embeddingNormBias: [Float]
    let layers: [Layer]

    init(file: SafetensorsFile, heads: Int = 12) throws {
        let word = try file.info("embeddings.word_embeddings.weight")
        guard word.shape.count == 2 else { throw SafetensorsError.invalidHeader("word embeddings are not a matrix") }
        let (vocabularySize, hidden) = (word.shape[0], word.shape[1])
        guard hidden % heads == 0 else { throw SafetensorsError.invalidHeader("hidden size \(hidden) is not divisible by \(heads) heads") }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            let info = try file.info(name)
            guard info.shape == shape else {
                throw SafetensorsError.invalidHeader("\(name) has shape \(info.shape), expected \(shape)")
            }
            return try file.floats(of: name)
        }
        let positions = try file.info("embeddings.position_embeddings.weight").shape.first ?? 0
        let intermediateSize = try file.info("encoder.layer.0.intermediate.dense.weight").shape.first ?? 0
        var layers: [Layer] = []
        var index = 0
        while file.tensors["encoder.layer.\(index).attention.self.query.weight"] != nil {
            let p = "encoder.layer.\(index)."
            layers.append(Layer(
                query: try tensor(p + "attention.self.query.weight", [hidden, hidden]), queryBias: try tensor(p + "attention.self.query.bias", [hidden]),
                key: try tensor(p + "attention.self.key.weight", [hidden, hidden]), keyBias: try tensor(p + "attention.self.key.bias", [hidden]),
                value: try tensor(p + "attention.self.value.weight", [hidden, hidden]), valueBias: try tensor(p + "attention.self.value.bias", [hidden]),
                attentionOutput: try tensor(p + "attention.output.dense.weight", [hidden, hidden]),
                attentionOutputBias: try tensor(p + "attention.output.dense.bias", [hidden]),
                attentionNormWeight: try tensor(p + "attention.output.LayerNorm.weight", [hidden]),
                attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [hidden]),
                intermediate: try tensor(p + "intermediate.dense.weight", [intermediateSize, hidden]),
                intermediateBias: try tensor(p + "intermediate.dense.bias", [intermediateSize]),
                output: try tensor(p + "output.dense.weight", [hidden, intermediateSize]), outputBias: try tensor(p + "output.dense.bias", [hidden]),
                outputNormWeight: try tensor(p + "output.LayerNorm.weight", [hidden]), outputNormBias: try tensor(p + "output.LayerNorm.bias", [hidden])))
            index += 1
        }
        guard !layers.isEmpty else { throw SafetensorsError.invalidHeader("no encoder layers (encoder.layer.0.*) in the file") }
        self.hidden = hidden
        self.intermediateSize = intermediateSize
        self.heads = heads
        self.maxPositions = positions
        self.vocabularySize = vocabularySize
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [vocabularySize, hidden])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [positions, hidden])
        tokenTypeEmbeddings = try tensor("embeddings.token_type_embeddings.weight", [2, hidden])
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [hidden])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [hidden])
        self.layers = layers
    }
}
