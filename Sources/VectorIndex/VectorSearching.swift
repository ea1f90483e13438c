/// Nearest-neighbour search over fixed-dimension vectors, by inner product.
///
/// The module knows nothing of papers: a vector is identified by an `Int64` that the caller chooses
/// (Paperboy uses its paper row id). Vectors are expected to be L2-normalised, so that the inner
/// product is the cosine similarity; the indexes do not normalise them.
///
/// Every index here is safe to search from many threads at once; a write waits for the searches
/// in flight and blocks new ones until it is done.

/// One search result: the caller's id and its inner product with the query (higher is closer).
public struct VectorHit: Sendable, Equatable, Hashable {
    public var id: Int64
    public var score: Float

    public init(id: Int64, score: Float) {
        self.id = id
        self.score = score
    }
}

/// Which ids a search may return.
public enum VectorFilter: Sendable {
    /// Any id for which the closure answers true. The index samples it to estimate how selective
    /// it is, so it must be cheap and free of side effects.
    case predicate(@Sendable (Int64) -> Bool)
    /// Exactly these ids (e.g. the papers of one category, from the database). A small set is
    /// searched exactly, by looking its vectors up; a large one through the graph.
    case ids(Set<Int64>)

    func allows(_ id: Int64) -> Bool {
        switch self {
        case .predicate(let allowed): allowed(id)
        case .ids(let set): set.contains(id)
        }
    }
}

public enum VectorIndexError: Error, Equatable, Sendable {
    case dimensionMismatch(expected: Int, got: Int)
    /// A vector with NaN or infinite components would poison every comparison made with it.
    case nonFiniteVector(id: Int64)
    /// The vectors array of a batch is not `ids.count × dimension` long.
    case batchSizeMismatch(ids: Int, values: Int)
    case invalidParameter(String)
    /// The index file is not one this code wrote, or it is truncated or damaged.
    case corruptFile(String)
    case io(String, errno: Int32)
}

/// Read access shared by the exact and the approximate index.
public protocol VectorSearching: AnyObject, Sendable {
    var dimension: Int { get }
    /// Live vectors (removed ones excluded).
    var count: Int { get }
    func contains(_ id: Int64) -> Bool
    /// The `k` stored vectors with the largest inner product with `query`, best first, among those
    /// the filter allows. Fewer than `k` only when fewer than `k` allowed vectors exist (always
    /// for the exact index; the approximate one falls back to an exact scan when its graph search
    /// comes up short). A removed or replaced vector is never returned.
    /// - Throws: `VectorIndexError.dimensionMismatch` when the query has the wrong length.
    func search(_ query: [Float], k: Int, filter: VectorFilter?) throws -> [VectorHit]
}

/// Write access: both indexes take new vectors incrementally.
public protocol VectorIndexing: VectorSearching {
    /// Adds or replaces the vectors of `ids`; `vectors` holds them row after row
    /// (`ids.count × dimension` floats). When an id repeats in the batch, its last row wins.
    func upsert(ids: [Int64], vectors: [Float]) throws
    /// Removes the vector of `id`; false when there was none.
    @discardableResult func remove(_ id: Int64) -> Bool
    /// Writes the index to `path` atomically (temporary file, fsync, rename).
    func save(to path: String) throws
}

extension VectorSearching {
    public func search(_ query: [Float], k: Int) throws -> [VectorHit] {
        try search(query, k: k, filter: nil)
    }
}

extension VectorIndexing {
    public func upsert(id: Int64, vector: [Float]) throws {
        try upsert(ids: [id], vectors: vector)
    }
}

/// Checks a batch before any of it is stored, so that a bad row leaves the index untouched.
func validateBatch(ids: [Int64], vectors: [Float], dimension: Int) throws {
    guard vectors.count == ids.count * dimension else {
        throw VectorIndexError.batchSizeMismatch(ids: ids.count, values: vectors.count)
    }
    for (row, id) in ids.enumerated() where !vectors[row * dimension ..< (row + 1) * dimension].allSatisfy(\.isFinite) {
        throw VectorIndexError.nonFiniteVector(id: id)
    }
}

/// The row of the last occurrence of each id in a batch, in batch order.
func lastOccurrences(of ids: [Int64]) -> [Int] {
    var last: [Int64: Int] = [:]
    for (row, id) in ids.enumerated() { last[id] = row }
    return ids.indices.filter { last[ids[$0]] == $0 }
}
