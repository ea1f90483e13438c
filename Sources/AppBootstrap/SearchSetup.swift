import Foundation
import PaperSearch
import PaperStore
import TextEncoder

/// Builds the live searcher: with search by meaning when the model is present and some paper
/// has an embedding, keyword search alone otherwise (the searcher then says so in its notes).
public enum SearchSetup {
    public static func searcher(database: AppDatabase, modelDirectory: URL) throws -> PaperSearcher {
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        guard try database.lastEmbeddingSequence() > 0, FileManager.default.fileExists(atPath: weights.path) else {
            return PaperSearcher(database: database, meaning: nil)
        }
        let encoder = try SentenceEncoder(modelDirectory: modelDirectory)
        let vectors = try PaperVectors(database: database, model: encoder.modelName)
        // Queries go through a memory of recent query vectors: a repeated search skips the encoder.
        return PaperSearcher(database: database, meaning: MeaningSearch(encoder: RememberedEmbeddings(encoder), vectors: vectors))
    }
}
