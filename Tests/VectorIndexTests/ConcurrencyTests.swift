import Foundation
import Testing
import VectorIndex

@Suite struct ConcurrencyTests {
    /// Searches on several threads while another thread inserts and removes: no crash, every
    /// answer full, and no id returned after its removal finished.
    @Test(arguments: [AdaptiveVectorIndex.Strategy.exact, .approximate, .automatic(threshold: 1_000)])
    func readersBesideAWriter(strategy: AdaptiveVectorIndex.Strategy) throws {
        let data = ClusteredVectors(count: 2_000, dimension: 64, clusters: 10, queries: 40)
        let index = try AdaptiveVectorIndex(dimension: 64, strategy: strategy)
        try index.upsert(ids: Array(data.ids.prefix(800)), vectors: Array(data.vectors.prefix(800 * 64)))
        let removed = Locked(Set<Int64>())
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            if worker == 0 {
                for start in stride(from: 800, to: 2_000, by: 200) {
                    try? index.upsert(ids: Array(data.ids[start ..< start + 200]),
                                      vectors: Array(data.vectors[start * 64 ..< (start + 200) * 64]))
                    let gone = data.ids[start - 800]
                    index.remove(gone)
                    removed.withLock { _ = $0.insert(gone) }
                }
                return
            }
            for round in 0..<30 {
                let before = removed.withLock { $0 }
                let hits = (try? index.search(data.queries[(round * 3 + worker) % 40], k: 10)) ?? []
                if hits.count != 10 || hits.contains(where: { before.contains($0.id) }) {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(index.count == 2_000 - 6)
        #expect(index.isApproximate == (strategy != .exact))
    }
}

/// A value shared between the test's threads.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
