/// What one graph search needs besides the graph: the visited marks and the two heaps. Reused
/// across searches (through `ScratchPool`), so that a query allocates nothing and the visited
/// marks are cleared by bumping an epoch instead of writing a million bytes.
final class SearchScratch {
    private(set) var visited: UnsafeMutablePointer<UInt16>
    private var visitedCapacity: Int
    private(set) var epoch: UInt16 = 0
    var candidates = MinHeap()
    var results = MinHeap()
    /// A copy of the neighbour list being expanded (taken under its lock while building).
    let neighbours: UnsafeMutablePointer<UInt32>

    init(nodes: Int, maxNeighbours: Int) {
        visitedCapacity = max(nodes, 1)
        visited = .allocate(capacity: visitedCapacity)
        visited.initialize(repeating: 0, count: visitedCapacity)
        neighbours = .allocate(capacity: maxNeighbours + 1)
    }

    deinit {
        visited.deallocate()
        neighbours.deallocate()
    }

    /// Starts a search over a graph of `nodes` nodes: a fresh epoch, nothing visited.
    func begin(nodes: Int) {
        if nodes > visitedCapacity {
            visited.deallocate()
            visitedCapacity = max(nodes, visitedCapacity * 2)
            visited = .allocate(capacity: visitedCapacity)
            visited.initialize(repeating: 0, count: visitedCapacity)
            epoch = 0
        }
        if epoch == .max {
            visited.update(repeating: 0, count: visitedCapacity)
            epoch = 0
        }
        epoch += 1
        candidates.removeAll()
        results.removeAll()
    }
}

/// Scratch spaces for concurrent searches: each search takes one and gives it back.
final class ScratchPool: @unchecked Sendable {
    private let mutex = Mutex()
    private var free: [SearchScratch] = []
    private let maxNeighbours: Int

    init(maxNeighbours: Int) { self.maxNeighbours = maxNeighbours }

    func with<T>(nodes: Int, _ body: (SearchScratch) throws -> T) rethrows -> T {
        let scratch = mutex.withLock { free.popLast() } ?? SearchScratch(nodes: nodes, maxNeighbours: maxNeighbours)
        defer { mutex.withLock { free.append(scratch) } }
        return try body(scratch)
    }
}
