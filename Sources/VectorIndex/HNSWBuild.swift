import Dispatch

extension HNSWGraph {
    /// Links nodes `range` (already appended) into the graph, on `threads` threads. Each thread
    /// takes every `threads`-th node; links are then taken under stripe locks.
    func link(_ range: Range<Int>, threads: Int, pool: ScratchPool) {
        var start = range.lowerBound
        if maxLevel < 0, start < range.upperBound {
            pool.with(nodes: nodeCount) { insert(UInt32(start), scratch: $0, locked: false) }  // the first node is the entry point
            start += 1
        }
        let remaining = range.upperBound - start
        let threads = remaining < 1_000 ? 1 : max(1, threads)  // below that, spawning costs more than it saves
        if threads == 1 {
            pool.with(nodes: nodeCount) { scratch in
                for node in start..<range.upperBound { insert(UInt32(node), scratch: scratch, locked: false) }
            }
            return
        }
        let first = start, end = range.upperBound
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            pool.with(nodes: nodeCount) { scratch in
                for node in stride(from: first + thread, to: end, by: threads) {
                    insert(UInt32(node), scratch: scratch, locked: true)
                }
            }
        }
    }

    /// Inserts one appended node: descends greedily to its level, then on each of its levels finds
    /// `efConstruction` neighbours, keeps up to M of them by the heuristic, and links both ways.
    private func insert(_ node: UInt32, scratch: SearchScratch, locked: Bool) {
        let level = Int(levels[Int(node)])
        let query = UnsafePointer(vector(node))
        entryLock.lock()
        let top = maxLevel
        if top < 0 {
            entryPoint = node
            maxLevel = level
            entryLock.unlock()
            return
        }
        // A node that raises the top level becomes the entry point; it keeps the lock until it is
        // linked, so that no search starts from it half-built (rare: one node in M^level).
        let raisesTop = level > top
        var best = Scored(score: dot(query, vector(entryPoint), dimension), node: entryPoint)
        if !raisesTop { entryLock.unlock() }
        for l in stride(from: top, to: level, by: -1) {
            best = greedy(query, from: best, level: l, scratch: scratch, locked: locked)
        }
        for l in stride(from: min(level, top), through: 0, by: -1) {
            // Removed nodes are accepted here: they stay in the graph as waypoints.
            searchLevel(query, entry: best, ef: efConstruction, level: l, scratch: scratch, locked: locked) { _ in true }
            let found = scratch.results.drainDescending()
            guard let closest = found.first else { continue }
            let chosen = selectNeighbours(found, limit: m)
            withList(node, locked: locked) {
                let list = links(node, l)
                list[0] = UInt32(chosen.count)
                for (i, neighbour) in chosen.enumerated() { list[1 + i] = neighbour.node }
            }
            for neighbour in chosen { connect(neighbour.node, to: node, level: l, locked: locked) }
            best = closest
        }
        if raisesTop {
            entryPoint = node
            maxLevel = level
            entryLock.unlock()
        }
    }

    /// Adds `node` to `neighbour`'s list; when the list is full, re-selects it by the heuristic
    /// among its old members and `node`.
    private func connect(_ neighbour: UInt32, to node: UInt32, level: Int, locked: Bool) {
        let limit = level == 0 ? maxM0 : m
        withList(neighbour, locked: locked) {
            let list = links(neighbour, level)
            let count = Int(list[0])
            if count < limit {
                list[1 + count] = node
                list[0] = UInt32(count + 1)
                return
            }
            let base = UnsafePointer(vector(neighbour))
            var candidates = (0...count).map { i -> Scored in
                let other = i == count ? node : list[1 + i]
                return Scored(score: dot(base, vector(other), dimension), node: other)
            }
            candidates.sort { $0.score > $1.score }
            let kept = selectNeighbours(candidates, limit: limit)
            list[0] = UInt32(kept.count)
            for (i, kept) in kept.enumerated() { list[1 + i] = kept.node }
        }
    }

    /// The neighbour-selection heuristic (the paper's algorithm 4, as in hnswlib): walking the
    /// candidates best first, keep one only if it is closer to the base than to every one kept
    /// so far. Links then spread in all directions instead of bunching inside one cluster, which
    /// keeps clustered data navigable.
    private func selectNeighbours(_ sorted: [Scored], limit: Int) -> [Scored] {
        guard sorted.count > limit else { return sorted }
        var kept: [Scored] = []
        kept.reserveCapacity(limit)
        for candidate in sorted {
            let v = UnsafePointer(vector(candidate.node))
            if kept.allSatisfy({ dot(v, vector($0.node), dimension) <= candidate.score }) {
                kept.append(candidate)
                if kept.count == limit { break }
            }
        }
        return kept
    }

    @inline(__always)
    private func withList(_ node: UInt32, locked: Bool, _ body: () -> Void) {
        if locked { stripes.withLock(node, body) } else { body() }
    }
}
