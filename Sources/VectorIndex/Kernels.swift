import CVectorKernels

/// The inner product, the one kernel every search spends its time in: C with AVX-512, AVX2 or
/// portable code chosen at run time (`CVectorKernels`), about twice the speed of Swift's SIMD
/// types, which compile to 128-bit SSE for a binary that must run on any x86-64.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    vk_dot(a, b, count)
}

/// The inner products of `query` with four vectors at once. Graph searches are bound by memory
/// latency (each neighbour's vector is a fresh 1.5 kB read from anywhere in the index); reading
/// four vectors in one loop keeps four streams of cache misses in flight instead of one.
@inline(__always)
func dot4(_ query: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
          _ c: UnsafePointer<Float>, _ d: UnsafePointer<Float>, _ count: Int) -> SIMD4<Float> {
    var out = SIMD4<Float>()
    withUnsafeMutableBytes(of: &out) { vk_dot4(query, a, b, c, d, count, $0.baseAddress!.assumingMemoryBound(to: Float.self)) }
    return out
}

/// Which build of the kernels runs here ("avx512", "avx2" or "portable"), for benchmarks' records.
public var vectorKernelsName: String { String(cString: vk_kernel_name()) }

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
