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
    /// Up to which sequence the file beside the database holds (nil: no usable file).
    private var savedSequence: Int64?

    /// The index of `model`'s stored vectors: read from the file `save` wrote beside the database
    /// when there is one (then only newer vectors are added), else built from the table.
    public init(database: AppDatabase, model: String, strategy: AdaptiveVectorIndex.Strategy = .automatic) throws {
        self.database = database
        self.model = model
        if let saved = try Self.loadSaved(database: database, model: model, strategy: strategy) {
            index = saved.index
            lastSequence = saved.lastSequence
            savedSequence = saved.lastSequence
            // Vectors rewritten after the save come back in `refresh`, with their new sequence.
            sequences = try database.embeddingSequences(model: model, upTo: saved.lastSequence)
            try refresh()
        } else {
            index = try AdaptiveVectorIndex(dimension: 384, strategy: strategy)
            try refresh()
            // Built from scratch: keep it for the next start (a read-only folder only costs time).
            if lastSequence > 0 { try? save() }
        }
    }

    /// Where the index is kept: beside the database file (nil for an in-memory database).
    static func files(of database: AppDatabase) -> (index: String, state: String)? {
        database.path.map { ($0 + ".vectors", $0 + ".vectors.json") }
    }

    /// What the index file holds: up to which table sequence, of which model. The last vector's
    /// paper and bytes identify the database: a new database at the same path reuses sequence numbers.
    struct SavedState: Codable, Equatable {
        var model: String
        var lastSequence: Int64
        var lastVector: StoredVectorIdentity?
    }

    /// Writes the index beside the database, so that the next start reads it instead of rebuilding
    /// it (an HNSW graph of many papers takes minutes to build). The index file is written first:
    /// a crash between the two writes leaves an older state, whose newer vectors are added again.
    /// Nothing is written when the file already holds every vector taken in.
    public func save() throws {
        guard let files = Self.files(of: database) else { return }
        try lock.withLock {
            guard savedSequence != lastSequence else { return }
            try index.save(to: files.index)
            let state = SavedState(model: model, lastSequence: lastSequence, lastVector: try database.storedVectorIdentity(sequence: lastSequence))
            try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: files.state), options: .atomic)
            savedSequence = lastSequence
        }
    }

    /// The saved index, nil when there is none, it is of another model, or it cannot be read (it
    /// is then rebuilt: the database holds every vector).
    private static func loadSaved(database: AppDatabase, model: String, strategy: AdaptiveVectorIndex.Strategy) throws -> (index: AdaptiveVectorIndex, lastSequence: Int64)? {
        guard let files = files(of: database), let data = FileManager.default.contents(atPath: files.state),
              let state = try? JSONDecoder().decode(SavedState.self, from: data), state.model == model,
              try database.storedVectorIdentity(sequence: state.lastSequence) == state.lastVector,
              let index = try? AdaptiveVectorIndex.load(from: files.index, strategy: strategy) else { return nil }
        return (index, state.lastSequence)
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
