/// The inner product, the one kernel every search spends its time in. Two 16-lane accumulators
/// let consecutive multiply-adds overlap; the loads are unaligned because queries come from
/// ordinary Swift arrays.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
    var i = 0
    while i + 32 <= count {
        s0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        s1 += ra.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        i += 32
    }
    if i + 16 <= count {
        s0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    var sum = (s0 + s1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// A node number with its score; the heaps and the neighbour lists work on these.
struct Scored {
    var score: Float
    var node: UInt32
}

/// A binary min-heap on `score`. The graph search keeps its results in one (worst on top, so the
/// bound is at hand) and its candidates in another with negated scores (best on top): one type
/// for both keeps the hot loop free of comparator indirection.
struct MinHeap {
    private(set) var items: [Scored] = []

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    var top: Scored { items[0] }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ item: Scored) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[parent].score > item.score else { break }
            items[child] = items[parent]
            child = parent
        }
        items[child] = item
    }

    @discardableResult
    mutating func pop() -> Scored {
        let first = items[0]
        let last = items.removeLast()
        if !items.isEmpty { siftDown(last) }
        return first
    }

    /// Keeps the `limit` highest scores: pushes while there is room, then replaces the lowest.
    mutating func pushBounded(_ item: Scored, limit: Int) {
        if items.count < limit {
            push(item)
        } else if item.score > items[0].score {
            siftDown(item)
        }
    }

    /// Puts `item` at the root and moves it down to its place.
    private mutating func siftDown(_ item: Scored) {
        let n = items.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && items[child + 1].score < items[child].score { child += 1 }
            guard items[child].score < item.score else { break }
            items[parent] = items[child]
            parent = child
        }
        items[parent] = item
    }

    /// The contents, highest score first (empties the heap).
    mutating func drainDescending() -> [Scored] {
        var out = [Scored](repeating: Scored(score: 0, node: 0), count: items.count)
        for i in stride(from: out.count - 1, through: 0, by: -1) { out[i] = pop() }
        return out
    }
}
