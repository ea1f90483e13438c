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
    public func embed(_ texts: [String]) -> [[Float]] { encode(texts, batchSize: 16) }
}
