import Foundation
import PaperSearch
import PaperStore

/// How far an embedding run has come.
public struct EmbedProgress: Sendable, Equatable {
    public var embedded: Int
    /// Papers lacking a vector when the run started.
    public var total: Int
}

/// The embed use case: every paper without a vector from the model gets one, computed from its
/// title and abstract in batches.
///
/// Each batch is stored in one transaction, so a run killed at any moment keeps the batches it
/// finished, and the next run starts with the papers still lacking a vector.
public struct Embedder: Sendable {
    public var database: AppDatabase
    public var model: any TextEmbedding
    /// Papers per transaction: about four seconds of encoding on two cores at 64.
    public var batchSize: Int

    public init(database: AppDatabase, model: any TextEmbedding, batchSize: Int = 64) {
        self.database = database
        self.model = model
        self.batchSize = max(1, batchSize)
    }

    /// Embeds what lacks a vector; returns how many papers got one.
    @discardableResult
    public func run(onProgress: (EmbedProgress) -> Void = { _ in }) throws -> EmbedProgress {
        var progress = EmbedProgress(embedded: 0, total: try database.countPapersLackingEmbedding(model: model.modelName))
        var afterPK: Int64 = 0
        while true {
            let inputs = try database.papersLackingEmbedding(model: model.modelName, afterPK: afterPK, limit: batchSize)
            guard let last = inputs.last else { break }
            let vectors = model.embed(inputs.map(\.text))
            progress.embedded += try database.storeEmbeddings(Array(zip(inputs, vectors)).map { (input: $0, vector: $1) }, model: model.modelName)
            afterPK = last.paperPK
            onProgress(progress)
        }
        // Keep the vector index saved beside a database file in step, so that searches start fast
        // (loading it takes in the new vectors; building it anew saves it already).
        if progress.embedded > 0, database.path != nil { try PaperVectors(database: database, model: model.modelName).save() }
        return progress
    }
}
