import Foundation
import PaperStore
import VectorIndex

/// The papers' stored embeddings of one model in a vector index, kept in step with the database.
///
/// The database stays the truth: each search first takes in the vectors written since the last
/// one (`refresh`, a single indexed look-up when nothing changed), and checks its hits against the
/// table, so that a paper whose text, and so whose vector, changed meanwhile is never returned
/// with its old vector.
public final class PaperVectors: @unchecked Sendable {
    public let model: String
    let database: AppDatabase
    let index: AdaptiveVectorIndex
    /// Guards `sequences` and `lastSequence`, and makes refreshes one at a time.
    private let lock = NSLock()
    /// The embedding-table sequence of each indexed paper's vector.
    private var sequences: [Int64: Int64] = [:]
    private var lastSequence: Int64 = 0

    /// Loads every stored vector of `model` (at 75,000 papers about a second).
    public init(database: AppDatabase, model: String, strategy: AdaptiveVectorIndex.Strategy = .automatic) throws {
        self.database = database
        self.model = model
        index = try AdaptiveVectorIndex(dimension: 384, strategy: strategy)
        try refresh()
    }

    /// Papers with a vector in the index.
    public var count: Int { index.count }

    /// Takes in the vectors written since the last refresh.
    public func refresh() throws {
        try lock.withLock {
            guard try database.lastEmbeddingSequence() > lastSequence else { return }
            var ids: [Int64] = []
            var values: [Float] = []
            func flush() throws {
                try index.upsert(ids: ids, vectors: values)
                ids.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
            }
            try database.forEachEmbedding(model: model, afterSequence: lastSequence) { stored in
                guard stored.vector.count == index.dimension else { return }
                ids.append(stored.paperPK)
                values += stored.vector
                sequences[stored.paperPK] = stored.sequence
                lastSequence = max(lastSequence, stored.sequence)
                if ids.count == 4_096 { try flush() }
            }
            try flush()
        }
    }

    /// The `k` papers nearest to `vector`, best first, among `allowed` when given, as keys and
    /// cosine similarities.
    public func nearest(to vector: [Float], k: Int, allowed: Set<Int64>? = nil) throws -> [(pk: Int64, score: Double)] {
        try refresh()
        guard k > 0, vector.count == index.dimension else { return [] }
        let hits = try index.search(vector, k: k, filter: allowed.map { .ids($0) })
        let current = try database.currentEmbeddingSequences(hits.map(\.id))
        let indexed = lock.withLock { hits.map { sequences[$0.id] } }
        return zip(hits, indexed).compactMap { hit, sequence in
            sequence != nil && current[hit.id] == sequence ? (pk: hit.id, score: Double(hit.score)) : nil
        }
    }

    /// The stored vector of one paper.
    public func vector(of paperPK: Int64) throws -> [Float]? {
        try database.embedding(paperPK: paperPK, model: model)
    }
}
