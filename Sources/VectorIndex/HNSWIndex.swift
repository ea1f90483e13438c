#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings of the approximate index. The defaults were chosen by measurement on the anchors'
/// 384-dimensional clustered set (BENCHMARKS.md, "Vector search").
public struct HNSWParameters: Sendable, Equatable {
    /// Links per node on the upper levels (twice as many on level 0). More: better recall at a
    /// given ef, more memory (8·M bytes a vector) and a slower build.
    public var m = 16
    /// Candidates considered when linking a new node. More: a better graph, a slower build.
    /// At 100k vectors, 100 instead of hnswlib's 200 built 2.7 times faster and still reached
    /// recall@10 0.97 at ef 24 and 0.996 at ef 48.
    public var efConstruction = 100
    /// Candidates kept during a search (at least k are). The recall / latency dial; nil: by the
    /// collection's size (`HNSWIndex.automaticEF`). On the anchors' clustered set, 64 gives
    /// recall@10 above 0.99 at 100k vectors (0.25 ms); at 1M it gives 0.82, and 192 gives 0.95
    /// (0.55 ms).
    public var efSearch: Int?
    /// Threads that link a large batch (hnswlib's anchor builds with 2).
    public var buildThreads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    /// Below this share of allowed vectors, a filtered search scans the allowed ones exactly:
    /// the graph would have to wade through too many rejected nodes to find k allowed ones.
    public var exactBelowSelectivity = 0.01
    /// Seeds the level of each node, so that a build is reproducible.
    public var seed: UInt64 = 100

    public init() {}

    func validate() throws {
        guard (2...255).contains(m), efConstruction >= 1, (efSearch ?? 1) >= 1, buildThreads >= 1,
              (0...1).contains(exactBelowSelectivity) else {
            throw VectorIndexError.invalidParameter("M 2…255, efConstruction, efSearch and buildThreads ≥ 1, exactBelowSelectivity 0…1")
        }
    }
}

/// Approximate nearest-neighbour search with an HNSW graph: logarithmic search time, at the cost
/// of a build and of ~130 bytes of links a vector (M = 16) beside the float32 vector itself.
///
/// Removal marks the node as removed (it stays in the graph as a waypoint and is never returned);
/// an upsert of an existing id removes its old node and inserts a new one. When many nodes are
/// removed, `compacted()` rebuilds the graph from the live vectors.
public final class HNSWIndex: VectorIndexing, @unchecked Sendable {
    public let dimension: Int
    public let parameters: HNSWParameters
    private let lock = ReadWriteLock()
    // Guarded by `lock`.
    let graph: HNSWGraph
    private let pool: ScratchPool
    private var efSearchValue: Int?

    public init(dimension: Int, parameters: HNSWParameters = HNSWParameters(), capacity: Int = 1024) throws {
        guard dimension > 0 else { throw VectorIndexError.invalidParameter("dimension must be positive") }
        try parameters.validate()
        self.dimension = dimension
        self.parameters = parameters
        efSearchValue = parameters.efSearch
        graph = HNSWGraph(dimension: dimension, m: parameters.m, efConstruction: parameters.efConstruction,
                          seed: parameters.seed, capacity: capacity)
        pool = ScratchPool(maxNeighbours: 2 * parameters.m)
    }

    /// The search-time ef (nil: by size); may be changed at any time (values below 1 count as 1).
    public var efSearch: Int? {
        get { lock.reading { efSearchValue } }
        set { lock.writing { efSearchValue = newValue.map { max(1, $0) } } }
    }

    /// The ef of an index of `count` vectors when none is set: 64 up to 320,000 vectors, then one
    /// more per 5,000 (200 at 1M; 192 gave recall@10 0.95 on the anchors' set), at most 256. A graph
    /// search's cost grows with ef, so a small collection keeps the cheap setting that already
    /// finds its neighbours.
    public static func automaticEF(count: Int) -> Int { min(256, max(64, count / 5_000)) }

    public var count: Int { lock.reading { graph.nodeOf.count } }

    /// Nodes in the graph that were removed or replaced.
    public var removedCount: Int { lock.reading { graph.nodeCount - graph.nodeOf.count } }

    public func contains(_ id: Int64) -> Bool { lock.reading { graph.nodeOf[id] != nil } }

    public func vector(for id: Int64) -> [Float]? {
        lock.reading { graph.nodeOf[id].map { Array(UnsafeBufferPointer(start: graph.vector($0), count: dimension)) } }
    }

    public func upsert(ids: [Int64], vectors: [Float]) throws {
        try validateBatch(ids: ids, vectors: vectors, dimension: dimension)
        lock.writing {
            let rows = lastOccurrences(of: ids)
            let first = graph.nodeCount
            graph.reserve(first + rows.count)
            vectors.withUnsafeBufferPointer { source in
                for row in rows {
                    if let old = graph.nodeOf[ids[row]] { graph.deleted[Int(old)] = 1 }
                    _ = graph.append(id: ids[row], vector: source.baseAddress! + row * dimension)
                }
            }
            graph.link(first..<graph.nodeCount, threads: parameters.buildThreads, pool: pool)
        }
    }

    @discardableResult
    public func remove(_ id: Int64) -> Bool {
        lock.writing {
            guard let node = graph.nodeOf.removeValue(forKey: id) else { return false }
            graph.deleted[Int(node)] = 1
            return true
        }
    }

    public func search(_ query: [Float], k: Int, filter: VectorFilter?) throws -> [VectorHit] {
        try search(query, k: k, filter: filter, ef: nil)
    }

    /// `search` with this call's own ef (nil: `efSearch`), e.g. to sweep it in a benchmark.
    public func search(_ query: [Float], k: Int, filter: VectorFilter?, ef: Int?) throws -> [VectorHit] {
        guard query.count == dimension else { throw VectorIndexError.dimensionMismatch(expected: dimension, got: query.count) }
        guard k > 0 else { return [] }
        return lock.reading {
            let ef = max(ef ?? efSearchValue ?? Self.automaticEF(count: graph.nodeOf.count), k)
            let found = plan(filter, k: k).map { exactSearch(query, k: k, $0) } ?? graphSearch(query, k: k, ef: ef, filter: filter)
            return found.map { VectorHit(id: graph.ids[Int($0.node)], score: $0.score) }
        }
    }

    /// The nodes to scan exactly when a filter is too selective for the graph; nil: use the graph.
    private func plan(_ filter: VectorFilter?, k: Int) -> [Int]? {
        let live = graph.nodeOf.count
        let threshold = max(Double(k), parameters.exactBelowSelectivity * Double(live))
        switch filter {
        case nil:
            return nil
        case .ids(let allowed):
            return Double(allowed.count) <= threshold ? allowed.compactMap { graph.nodeOf[$0].map(Int.init) } : nil
        case .predicate(let allowed):
            // Estimate the allowed share from up to 512 live nodes spread over the graph.
            let step = max(1, graph.nodeCount / 512)
            var sampled = 0, passed = 0
            for node in stride(from: 0, to: graph.nodeCount, by: step) where graph.deleted[node] == 0 {
                sampled += 1
                if allowed(graph.ids[node]) { passed += 1 }
            }
            let estimate = sampled == 0 ? 0 : Double(passed) / Double(sampled) * Double(live)
            return estimate <= threshold ? allowedNodes(filter) : nil
        }
    }

    private func allowedNodes(_ filter: VectorFilter?) -> [Int] {
        (0..<graph.nodeCount).filter { graph.deleted[$0] == 0 && (filter?.allows(graph.ids[$0]) ?? true) }
    }

    private func exactSearch(_ query: [Float], k: Int, _ nodes: [Int]) -> [Scored] {
        var best = scanTopK(query, k: k, rows: graph.vectors.base, dimension: dimension, candidates: nodes)
        return best.drainDescending()
    }

    private func graphSearch(_ query: [Float], k: Int, ef: Int, filter: VectorFilter?) -> [Scored] {
        let deleted = graph.deleted.base, ids = graph.ids.base
        let found = query.withUnsafeBufferPointer { q in
            pool.with(nodes: graph.nodeCount) { scratch in
                if let filter {
                    return graph.search(q.baseAddress!, ef: ef, scratch: scratch) { deleted[Int($0)] == 0 && filter.allows(ids[Int($0)]) }
                }
                return graph.search(q.baseAddress!, ef: ef, scratch: scratch) { deleted[Int($0)] == 0 }
            }
        }
        // The graph search comes up short only when the allowed nodes are few or cut off from
        // where the search went; the exact scan then finds every one that exists.
        if found.count < k && found.count < graph.nodeOf.count {
            return exactSearch(query, k: k, allowedNodes(filter))
        }
        return Array(found.prefix(k))
    }

    /// A new index with the live vectors only, built with the same parameters.
    public func compacted() throws -> HNSWIndex {
        try lock.reading {
            let live = (0..<graph.nodeCount).filter { graph.deleted[$0] == 0 }
            let index = try HNSWIndex(dimension: dimension, parameters: parameters, capacity: live.count)
            index.efSearchValue = efSearchValue
            var vectors = [Float](repeating: 0, count: live.count * dimension)
            for (row, node) in live.enumerated() {
                for j in 0..<dimension { vectors[row * dimension + j] = graph.vectors[node * dimension + j] }
            }
            try index.upsert(ids: live.map { graph.ids[$0] }, vectors: vectors)
            return index
        }
    }

    /// Serialises the index for `save` (under the read lock, so searches go on meanwhile).
    func withGraph<T>(_ body: (HNSWGraph, Int?) throws -> T) rethrows -> T {
        try lock.reading { try body(graph, efSearchValue) }
    }
}
