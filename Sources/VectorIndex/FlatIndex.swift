/// Exact search: every stored vector is compared with the query. Rows are contiguous and dense
/// (removal moves the last row into the hole), so a search is one pass over memory. Right for
/// small collections, where it costs less than a graph and is always exact; also the reference
/// the approximate index is measured against.
public final class FlatIndex: VectorIndexing, @unchecked Sendable {
    public let dimension: Int
    private let lock = ReadWriteLock()
    // Guarded by `lock`.
    private let rows: AlignedArray<Float>
    private let ids: AlignedArray<Int64>
    private var rowOf: [Int64: Int] = [:]
    private var rowCount = 0

    public init(dimension: Int, capacity: Int = 1024) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidParameter("dimension must be positive") }
        self.dimension = dimension
        rows = AlignedArray(capacity: max(capacity, 1) * dimension)
        ids = AlignedArray(capacity: capacity)
    }

    public var count: Int { lock.reading { rowCount } }

    public func contains(_ id: Int64) -> Bool { lock.reading { rowOf[id] != nil } }

    /// The stored vector of `id`, if any.
    public func vector(for id: Int64) -> [Float]? {
        lock.reading {
            rowOf[id].map { Array(UnsafeBufferPointer(start: rows.base + $0 * dimension, count: dimension)) }
        }
    }

    public func upsert(ids newIDs: [Int64], vectors: [Float]) throws {
        try validateBatch(ids: newIDs, vectors: vectors, dimension: dimension)
        lock.writing {
            rows.reserve((rowCount + newIDs.count) * dimension)
            ids.reserve(rowCount + newIDs.count)
            vectors.withUnsafeBufferPointer { source in
                for (index, id) in newIDs.enumerated() {
                    let row = rowOf[id] ?? append(id)
                    (rows.base + row * dimension).update(from: source.baseAddress! + index * dimension, count: dimension)
                }
            }
        }
    }

    private func append(_ id: Int64) -> Int {
        let row = rowCount
        ids[row] = id
        rowOf[id] = row
        rowCount += 1
        return row
    }

    @discardableResult
    public func remove(_ id: Int64) -> Bool {
        lock.writing {
            guard let row = rowOf.removeValue(forKey: id) else { return false }
            let last = rowCount - 1
            if row != last {
                (rows.base + row * dimension).update(from: rows.base + last * dimension, count: dimension)
                ids[row] = ids[last]
                rowOf[ids[row]] = row
            }
            rowCount = last
            return true
        }
    }

    public func search(_ query: [Float], k: Int, filter: VectorFilter?) throws -> [VectorHit] {
        guard query.count == dimension else { throw VectorIndexError.dimensionMismatch(expected: dimension, got: query.count) }
        guard k > 0 else { return [] }
        return lock.reading {
            let ids = ids.base
            var best: MinHeap
            if case .ids(let allowed)? = filter, allowed.count < rowCount / 4 {
                // A small allowed set: look its rows up instead of scanning them all.
                best = scanTopK(query, k: k, rows: rows.base, dimension: dimension, candidates: allowed.compactMap { rowOf[$0] })
            } else if let filter {
                best = scanTopK(query, k: k, rows: rows.base, dimension: dimension,
                                candidates: (0..<rowCount).lazy.filter { filter.allows(ids[$0]) })
            } else {
                best = scanTopK(query, k: k, rows: rows.base, dimension: dimension, candidates: 0..<rowCount)
            }
            return best.drainDescending().map { VectorHit(id: ids[Int($0.node)], score: $0.score) }
        }
    }

    public func save(to path: String) throws {
        try lock.reading {
            try IndexFile.write(to: path, header: IndexFile.Header(kind: .flat, dimension: dimension, count: rowCount)) { writer in
                try writer.put(ids.base, count: rowCount)
                try writer.put(rows.base, count: rowCount * dimension)
            }
        }
    }

    /// Reads an index that `save` wrote; throws `VectorIndexError.corruptFile` for anything else.
    public static func load(from path: String) throws -> FlatIndex {
        try IndexFile.read(from: path) { header, reader in
            guard header.kind == .flat else { throw VectorIndexError.corruptFile("not an exact index") }
            return try decode(header, &reader)
        }
    }

    static func decode(_ header: IndexFile.Header, _ reader: inout IndexFile.Reader) throws -> FlatIndex {
        try reader.require(header.count * (header.dimension + 2), of: Float.self)
        let index = try FlatIndex(dimension: header.dimension, capacity: header.count)
        try reader.take(into: index.ids.base, count: header.count)
        try reader.take(into: index.rows.base, count: header.count * header.dimension)
        for row in 0..<header.count where index.rowOf.updateValue(row, forKey: index.ids[row]) != nil {
            throw VectorIndexError.corruptFile("id \(index.ids[row]) stored twice")
        }
        index.rowCount = header.count
        return index
    }

    /// A copy of the ids and the vectors (row after row).
    func contents() -> (ids: [Int64], vectors: [Float]) {
        lock.reading {
            (Array(UnsafeBufferPointer(start: ids.base, count: rowCount)),
             Array(UnsafeBufferPointer(start: rows.base, count: rowCount * dimension)))
        }
    }
}

/// The `k` best of `candidates` (row numbers) by inner product with `query`. Generic so that a
/// plain range, a filtered range and a looked-up list each get their own specialised loop.
func scanTopK<Rows: Sequence<Int>>(_ query: [Float], k: Int, rows: UnsafePointer<Float>, dimension: Int,
                                   candidates: Rows) -> MinHeap {
    var best = MinHeap()
    query.withUnsafeBufferPointer { q in
        for row in candidates {
            best.pushBounded(Scored(score: dot(q.baseAddress!, rows + row * dimension, dimension), node: UInt32(row)), limit: k)
        }
    }
    return best
}
