import Testing
import VectorIndex

@Suite struct HNSWIndexTests {
    static let data = ClusteredVectors(count: 3000, clusters: 30, queries: 100)

    static func built(_ configure: (inout HNSWParameters) -> Void = { _ in }) throws -> HNSWIndex {
        var parameters = HNSWParameters()
        configure(&parameters)
        let index = try HNSWIndex(dimension: data.dimension, parameters: parameters)
        try index.upsert(ids: data.ids, vectors: data.vectors)
        return index
    }

    static func exact() throws -> FlatIndex {
        let index = try FlatIndex(dimension: data.dimension)
        try index.upsert(ids: data.ids, vectors: data.vectors)
        return index
    }

    @Test(arguments: [1, 2]) func recallAtTenAgainstExactSearch(threads: Int) throws {
        let index = try Self.built { $0.buildThreads = threads }
        let exact = try Self.exact()
        let approximate = try Self.data.queries.map { try index.search($0, k: 10) }
        let truth = try Self.data.queries.map { try exact.search($0, k: 10) }
        let recall = ClusteredVectors.recall(approximate, truth)
        #expect(recall >= 0.95, "recall@10 \(recall)")
        #expect(approximate.allSatisfy { $0.count == 10 })
    }

    @Test func incrementalInsertsFindTheNewVectors() throws {
        let index = try HNSWIndex(dimension: Self.data.dimension)
        for start in stride(from: 0, to: 600, by: 100) {  // batches of 100, one by one at the end
            try index.upsert(ids: Array(Self.data.ids[start ..< start + 100]),
                             vectors: Array(Self.data.vectors[start * 384 ..< (start + 100) * 384]))
        }
        for row in 600..<650 { try index.upsert(id: Self.data.ids[row], vector: Self.data.row(row)) }
        #expect(index.count == 650)
        #expect(index.vector(for: Self.data.ids[620]) == Self.data.row(620))
        #expect(index.vector(for: 12_345) == nil)
        for row in stride(from: 0, to: 650, by: 13) {
            #expect(try index.search(Self.data.row(row), k: 1).first?.id == Self.data.ids[row])
        }
    }

    @Test func removedAndReplacedVectorsAreNeverReturned() throws {
        let index = try Self.built()
        let removed = Set(Self.data.ids.enumerated().filter { $0.offset % 3 != 0 }.map(\.element))
        for id in removed { #expect(index.remove(id)) }
        #expect(index.count == Self.data.count - removed.count)
        #expect(index.removedCount == removed.count)
        for query in Self.data.queries + (0..<30).map({ Self.data.row($0 * 7) }) {
            let hits = try index.search(query, k: 10)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { !removed.contains($0.id) })
        }
        // A replaced vector is found under its id with the new vector, and not by the old one.
        let id = Self.data.ids[0], old = Self.data.row(0), new = Self.data.queries[5]
        try index.upsert(id: id, vector: new)
        #expect(try index.search(new, k: 1).first == VectorHit(id: id, score: try #require(index.search(new, k: 1).first).score))
        #expect(try index.search(old, k: 30).filter { $0.id == id }.allSatisfy { abs($0.score - 1) > 1e-3 })
        let compacted = try index.compacted()
        #expect(compacted.count == index.count && compacted.removedCount == 0)
        #expect(try compacted.search(new, k: 1).first?.id == id)
    }

    @Test(arguments: [0.5, 0.1, 0.02, 0.003])
    func filteredSearchReturnsKWhenKExist(share: Double) throws {
        let index = try Self.built()
        let exact = try Self.exact()
        let modulus = Int64((1 / share).rounded())
        let allowed: @Sendable (Int64) -> Bool = { ($0 / 10) % modulus == 0 }
        let allowedIDs = Set(Self.data.ids.filter(allowed))
        var approximate: [[VectorHit]] = [], truth: [[VectorHit]] = []
        for query in Self.data.queries.prefix(30) {
            let expected = try exact.search(query, k: 10, filter: .predicate(allowed))
            for filter in [VectorFilter.predicate(allowed), .ids(allowedIDs)] {
                let hits = try index.search(query, k: 10, filter: filter)
                #expect(hits.count == min(10, allowedIDs.count))
                #expect(hits.allSatisfy { allowedIDs.contains($0.id) })
                approximate.append(hits)
                truth.append(expected)
            }
        }
        #expect(ClusteredVectors.recall(approximate, truth) >= 0.95)
    }

    /// Without a set ef, the search widens with the collection (the recall of a fixed ef falls as it grows).
    @Test func efFollowsTheCollectionsSizeUnlessSet() throws {
        #expect(HNSWIndex.automaticEF(count: 0) == 64 && HNSWIndex.automaticEF(count: 74_728) == 64)
        #expect(HNSWIndex.automaticEF(count: 1_000_000) == 200 && HNSWIndex.automaticEF(count: 2_700_000) == 256)
        let index = try Self.built()
        #expect(index.efSearch == nil)
        let query = Self.data.queries[0]
        #expect(try index.search(query, k: 10) == index.search(query, k: 10, filter: nil, ef: 64))
        index.efSearch = 12
        #expect(try index.search(query, k: 10) == index.search(query, k: 10, filter: nil, ef: 12))
    }

    @Test func edgeCases() throws {
        let empty = try HNSWIndex(dimension: 8)
        #expect(try empty.search([1, 0, 0, 0, 0, 0, 0, 0], k: 5).isEmpty)
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 8, got: 2)) { try empty.search([1, 0], k: 5) }
        #expect(throws: VectorIndexError.self) { try HNSWIndex(dimension: 8, parameters: { var p = HNSWParameters(); p.m = 1; return p }()) }
        try empty.upsert(ids: [1, 2, 1], vectors: [Float](repeating: 0.5, count: 24))
        #expect(empty.count == 2)  // id 1 twice in one batch: the last row wins
        #expect(try empty.search([Float](repeating: 0.5, count: 8), k: 10).count == 2)
        #expect(empty.remove(1) && empty.remove(2) && !empty.remove(2))
        #expect(try empty.search([Float](repeating: 0.5, count: 8), k: 10).isEmpty)
        let index = try Self.built()
        #expect(try index.search(Self.data.queries[0], k: 0).isEmpty)
        #expect(try index.search(Self.data.queries[0], k: 5000).count == Self.data.count)  // more than exist: all
    }
}
