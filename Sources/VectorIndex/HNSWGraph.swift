import Foundation

/// The HNSW graph (Malkov & Yashunin, 2016) over node numbers 0..<nodeCount: each node's vector,
/// caller id, top level, tombstone, and neighbour lists (level 0 with up to 2·M links, the levels
/// above with up to M). A neighbour list is laid out as `[count, n1, n2, …]`.
///
/// Not thread-safe by itself: `HNSWIndex` serialises writes against searches. During a parallel
/// build (`locked: true`) every neighbour list is read and written under its node's stripe lock,
/// and the entry point under `entryLock`, as hnswlib does.
final class HNSWGraph: @unchecked Sendable {
    let dimension: Int
    let m: Int
    let maxM0: Int
    let efConstruction: Int
    let seed: UInt64
    private let levelMultiplier: Double

    let vectors: AlignedArray<Float>
    let ids: AlignedArray<Int64>
    let levels: AlignedArray<UInt8>
    let deleted: AlignedArray<UInt8>
    let level0: AlignedArray<UInt32>
    /// Per node, its lists for levels 1…level in one allocation (nil for level-0 nodes).
    let upper: AlignedArray<UnsafeMutablePointer<UInt32>?>
    private(set) var nodeCount = 0
    var entryPoint: UInt32 = 0
    var maxLevel = -1
    /// Live nodes by caller id; a removed or replaced node is not in it.
    var nodeOf: [Int64: UInt32] = [:]

    let stripes = LockStripes()
    let entryLock = Mutex()

    init(dimension: Int, m: Int, efConstruction: Int, seed: UInt64, capacity: Int) {
        self.dimension = dimension
        self.m = m
        maxM0 = 2 * m
        self.efConstruction = efConstruction
        self.seed = seed
        levelMultiplier = 1 / log(Double(m))
        vectors = AlignedArray(capacity: capacity * dimension)
        ids = AlignedArray(capacity: capacity)
        levels = AlignedArray(capacity: capacity)
        deleted = AlignedArray(capacity: capacity)
        level0 = AlignedArray(capacity: capacity * (1 + maxM0))
        upper = AlignedArray(capacity: capacity)
    }

    deinit {
        // Over the whole capacity: a loader that failed half-way has lists past `nodeCount`.
        for node in 0..<upper.capacity { upper[node]?.deallocate() }
    }

    var listStride0: Int { 1 + maxM0 }
    var listStrideUpper: Int { 1 + m }

    @inline(__always)
    func vector(_ node: UInt32) -> UnsafeMutablePointer<Float> { vectors.base + Int(node) * dimension }

    @inline(__always)
    func links(_ node: UInt32, _ level: Int) -> UnsafeMutablePointer<UInt32> {
        level == 0 ? level0.base + Int(node) * listStride0 : upper[Int(node)]! + (level - 1) * listStrideUpper
    }

    /// Appends a node (vector, id, level drawn from the seed and the node number, so that a
    /// build is reproducible whatever the thread schedule); `insert` links it later.
    func append(id: Int64, vector source: UnsafePointer<Float>) -> UInt32 {
        let node = nodeCount
        reserve(node + 1)
        vector(UInt32(node)).update(from: source, count: dimension)
        ids[node] = id
        let level = randomLevel(node)
        levels[node] = UInt8(level)
        if level > 0 {
            let list = UnsafeMutablePointer<UInt32>.allocate(capacity: level * listStrideUpper)
            list.initialize(repeating: 0, count: level * listStrideUpper)
            upper[node] = list
        }
        nodeOf[id] = UInt32(node)
        nodeCount += 1
        return UInt32(node)
    }

    func reserve(_ nodes: Int) {
        guard nodes > ids.capacity else { return }
        let capacity = max(nodes, ids.capacity * 2)
        vectors.reserve(capacity * dimension)
        ids.reserve(capacity)
        levels.reserve(capacity)
        deleted.reserve(capacity)
        level0.reserve(capacity * listStride0)
        upper.reserve(capacity)
    }

    /// Restores nodes whose arrays a loader has filled in directly.
    func adoptLoadedNodes(_ count: Int) { nodeCount = count }

    private func randomLevel(_ node: Int) -> Int {
        var z = seed &+ UInt64(node) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        let uniform = (Double((z ^ (z >> 31)) >> 11) + 0.5) / Double(1 << 53)
        return min(Int(-log(uniform) * levelMultiplier), 30)
    }

    // MARK: Search

    /// Copies a neighbour list into `buffer` (under its lock while building); returns its length.
    @inline(__always)
    private func neighbours(of node: UInt32, _ level: Int, into buffer: UnsafeMutablePointer<UInt32>, locked: Bool) -> Int {
        let copy = { () -> Int in
            let list = self.links(node, level)
            let count = Int(list[0])
            buffer.update(from: list + 1, count: count)
            return count
        }
        return locked ? stripes.withLock(node, copy) : copy()
    }

    /// Greedy descent on one upper level: moves to a better neighbour until there is none.
    func greedy(_ query: UnsafePointer<Float>, from start: Scored, level: Int, scratch: SearchScratch, locked: Bool) -> Scored {
        var best = start
        var moved = true
        while moved {
            moved = false
            let count = neighbours(of: best.node, level, into: scratch.neighbours, locked: locked)
            for i in 0..<count {
                let node = scratch.neighbours[i]
                let score = dot(query, vector(node), dimension)
                if score > best.score {
                    best = Scored(score: score, node: node)
                    moved = true
                }
            }
        }
        return best
    }

    /// Best-first search of one level from `entry`, leaving in `scratch.results` the `ef` best
    /// nodes that `accept` takes. Rejected nodes are still expanded: they carry the search across
    /// regions of removed or filtered-out vectors, and the search goes on until `ef` accepted ones
    /// are found or the reachable graph is exhausted.
    func searchLevel(_ query: UnsafePointer<Float>, entry: Scored, ef: Int, level: Int, scratch: SearchScratch,
                     locked: Bool, accept: (UInt32) -> Bool) {
        scratch.begin(nodes: nodeCount)
        let visited = scratch.visited, epoch = scratch.epoch, buffer = scratch.neighbours
        visited[Int(entry.node)] = epoch
        scratch.candidates.push(Scored(score: -entry.score, node: entry.node))
        if accept(entry.node) { scratch.results.push(entry) }
        while !scratch.candidates.isEmpty {
            let current = scratch.candidates.top
            if scratch.results.count >= ef && -current.score < scratch.results.top.score { break }
            scratch.candidates.pop()
            let count = neighbours(of: current.node, level, into: buffer, locked: locked)
            for i in 0..<count {
                let node = buffer[i]
                guard visited[Int(node)] != epoch else { continue }
                visited[Int(node)] = epoch
                let score = dot(query, vector(node), dimension)
                guard scratch.results.count < ef || score > scratch.results.top.score else { continue }
                scratch.candidates.push(Scored(score: -score, node: node))
                if accept(node) { scratch.results.pushBounded(Scored(score: score, node: node), limit: ef) }
            }
        }
    }

    /// The `ef` best accepted nodes for `query`, best first.
    func search(_ query: UnsafePointer<Float>, ef: Int, scratch: SearchScratch, accept: (UInt32) -> Bool) -> [Scored] {
        guard maxLevel >= 0 else { return [] }
        var entry = Scored(score: dot(query, vector(entryPoint), dimension), node: entryPoint)
        for level in stride(from: maxLevel, to: 0, by: -1) {
            entry = greedy(query, from: entry, level: level, scratch: scratch, locked: false)
        }
        searchLevel(query, entry: entry, ef: ef, level: 0, scratch: scratch, locked: false, accept: accept)
        return scratch.results.drainDescending()
    }
}
