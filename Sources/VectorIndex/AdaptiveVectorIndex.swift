/// The index an application holds: exact search while the collection is small, HNSW once it
/// passes a size threshold, behind one interface.
///
/// Exact search is exact and needs no build; its cost grows with the collection (a full scan of
/// 384-d float32 vectors reads 1.5 kB per vector), so past the threshold the vectors move into an
/// HNSW graph, built then, once. The switch is one-way: an index that shrinks stays a graph.
public final class AdaptiveVectorIndex: VectorIndexing, @unchecked Sendable {
    public enum Strategy: Sendable, Equatable {
        /// Exact below `threshold` vectors, HNSW from then on.
        case automatic(threshold: Int)
        case exact
        case approximate

        /// Where exact search stops paying: measured in BENCHMARKS.md ("Vector search").
        public static let defaultThreshold = 20_000
        public static let automatic = Strategy.automatic(threshold: defaultThreshold)
    }

    public let dimension: Int
    public let strategy: Strategy
    public let parameters: HNSWParameters
    private let lock = ReadWriteLock()
    // Guarded by `lock`: which index serves; each also guards itself.
    private var current: any VectorIndexing

    public init(dimension: Int, strategy: Strategy = .automatic, parameters: HNSWParameters = HNSWParameters()) throws {
        self.dimension = dimension
        self.strategy = strategy
        self.parameters = parameters
        current = strategy == .approximate
            ? try HNSWIndex(dimension: dimension, parameters: parameters)
            : try FlatIndex(dimension: dimension)
    }

    private init(loaded: any VectorIndexing, strategy: Strategy, parameters: HNSWParameters) {
        dimension = loaded.dimension
        self.strategy = strategy
        self.parameters = parameters
        current = loaded
    }

    /// True once the vectors are in an HNSW graph.
    public var isApproximate: Bool { lock.reading { current is HNSWIndex } }

    public var count: Int { lock.reading { current.count } }

    public func contains(_ id: Int64) -> Bool { lock.reading { current.contains(id) } }

    public func search(_ query: [Float], k: Int, filter: VectorFilter?) throws -> [VectorHit] {
        try lock.reading { try current.search(query, k: k, filter: filter) }
    }

    public func upsert(ids: [Int64], vectors: [Float]) throws {
        try lock.writing {
            try current.upsert(ids: ids, vectors: vectors)
            guard case .automatic(let threshold) = strategy, let flat = current as? FlatIndex,
                  flat.count >= threshold else { return }
            current = try flat.graph(parameters: parameters)
        }
    }

    @discardableResult
    public func remove(_ id: Int64) -> Bool { lock.writing { current.remove(id) } }

    public func save(to path: String) throws { try lock.reading { try current.save(to: path) } }

    /// Reads a file that `save` wrote, whichever index it holds. A graph stays a graph; exact
    /// vectors past the threshold are turned into one.
    public static func load(from path: String, strategy: Strategy = .automatic,
                            parameters: HNSWParameters = HNSWParameters()) throws -> AdaptiveVectorIndex {
        let loaded: any VectorIndexing = try IndexFile.read(from: path) { header, reader in
            switch header.kind {
            case .flat: try FlatIndex.decode(header, &reader)
            case .hnsw: try HNSWIndex.decode(header, &reader, buildThreads: parameters.buildThreads)
            }
        }
        let index = AdaptiveVectorIndex(loaded: loaded, strategy: strategy, parameters: parameters)
        try index.upsert(ids: [], vectors: [])  // applies the strategy's threshold
        return index
    }
}

extension FlatIndex {
    /// An HNSW graph over the same vectors.
    func graph(parameters: HNSWParameters) throws -> HNSWIndex {
        let (ids, vectors) = contents()
        let index = try HNSWIndex(dimension: dimension, parameters: parameters, capacity: ids.count)
        try index.upsert(ids: ids, vectors: vectors)
        return index
    }
}
