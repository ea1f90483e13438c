/// The best `capacity` results so far, as a min-heap on score (the weakest on top, to be
/// replaced). A result enters only with a score strictly above the weakest kept, so among equal
/// scores the one found first stays. `threshold` is what a document must beat to enter: what
/// lets execution skip documents and blocks.
struct TopK {
    private(set) var heap: [(score: Float, order: Int, key: Int64)] = []
    let capacity: Int
    private var inserted = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        heap.reserveCapacity(self.capacity)
    }

    var isFull: Bool { heap.count == capacity }
    /// −∞ until full, then the weakest kept score.
    var threshold: Float { isFull ? heap[0].score : -.infinity }

    /// Whether a bound can still beat the threshold (with slack for sums added in another order).
    @inline(__always)
    func admits(_ bound: Float) -> Bool { !isFull || bound >= heap[0].score * (1 - 1e-5) }

    mutating func insert(score: Float, key: Int64) {
        inserted += 1
        if heap.count < capacity {
            heap.append((score, inserted, key))
            var i = heap.count - 1
            while i > 0, Self.less(heap[i], heap[(i - 1) / 2]) {
                heap.swapAt(i, (i - 1) / 2)
                i = (i - 1) / 2
            }
        } else if score > heap[0].score {
            heap[0] = (score, inserted, key)
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var least = i
                if left < heap.count, Self.less(heap[left], heap[least]) { least = left }
                if right < heap.count, Self.less(heap[right], heap[least]) { least = right }
                if least == i { break }
                heap.swapAt(i, least)
                i = least
            }
        }
    }

    /// The weaker of two entries: lower score, or at equal score the later one.
    private static func less(_ a: (score: Float, order: Int, key: Int64), _ b: (score: Float, order: Int, key: Int64)) -> Bool {
        a.score < b.score || (a.score == b.score && a.order > b.order)
    }

    /// Best first.
    func sorted() -> [(score: Float, key: Int64)] {
        heap.sorted { $0.score > $1.score || ($0.score == $1.score && $0.order < $1.order) }.map { ($0.score, $0.key) }
    }
}
