import Testing
import VectorIndex

@Suite struct FlatIndexTests {
    let data = ClusteredVectors(count: 500, dimension: 48, clusters: 5)

    func filled() throws -> FlatIndex {
        let index = try FlatIndex(dimension: data.dimension)
        try index.upsert(ids: data.ids, vectors: data.vectors)
        return index
    }

    /// The reference: every score computed in plain Swift, sorted.
    func bruteForce(_ query: [Float], k: Int, allowed: (Int64) -> Bool = { _ in true }) -> [Int64] {
        zip(data.ids, (0..<data.count).map { data.row($0) })
            .filter { allowed($0.0) }
            .map { (id: $0.0, score: zip(query, $0.1).map(*).reduce(0, +)) }
            .sorted { $0.score > $1.score }.prefix(k).map(\.id)
    }

    @Test func topKMatchesBruteForce() throws {
        let index = try filled()
        for query in data.queries {
            let hits = try index.search(query, k: 10)
            #expect(hits.map(\.id) == bruteForce(query, k: 10))
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test func filtersByPredicateAndBySet() throws {
        let index = try filled()
        let even: @Sendable (Int64) -> Bool = { ($0 / 10) % 2 == 0 }
        let few = Set(data.ids.prefix(40))
        for query in data.queries.prefix(10) {
            #expect(try index.search(query, k: 10, filter: .predicate(even)).map(\.id) == bruteForce(query, k: 10, allowed: even))
            #expect(try index.search(query, k: 10, filter: .ids(few)).map(\.id) == bruteForce(query, k: 10, allowed: few.contains))
        }
        #expect(try index.search(data.queries[0], k: 10, filter: .ids([data.ids[3], 999_999])).map(\.id) == [data.ids[3]])
    }

    @Test func removeAndReplace() throws {
        let index = try filled()
        let query = data.queries[0]
        let first = try index.search(query, k: 1)[0].id
        #expect(index.remove(first))
        #expect(!index.remove(first))
        #expect(index.count == data.count - 1)
        #expect(try !index.search(query, k: 50).map(\.id).contains(first))
        // Replacing a vector keeps the id once, with the new vector.
        let target = data.ids[17]
        try index.upsert(id: target, vector: query)
        #expect(index.count == data.count - 1)
        let hit = try index.search(query, k: 1)[0]
        #expect(hit.id == target && abs(hit.score - 1) < 1e-4)
        #expect(index.vector(for: target) == query)
        // The last row moved into the hole: it is still found as itself.
        let last = data.ids[data.count - 1]
        #expect(try index.search(data.row(data.count - 1), k: 1)[0].id == last)
    }

    @Test func badInputIsAnError() throws {
        let index = try filled()
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 48, got: 3)) { try index.search([1, 2, 3], k: 5) }
        #expect(throws: VectorIndexError.batchSizeMismatch(ids: 2, values: 48)) { try index.upsert(ids: [1, 2], vectors: data.row(0)) }
        var bad = data.row(0)
        bad[5] = .nan
        #expect(throws: VectorIndexError.nonFiniteVector(id: 77)) { try index.upsert(id: 77, vector: bad) }
        #expect(!index.contains(77))
        #expect(try index.search(data.queries[0], k: 0).isEmpty)
        #expect(try index.search(data.queries[0], k: 10_000).count == data.count)
        #expect(throws: VectorIndexError.self) { try FlatIndex(dimension: 0) }
        #expect(try FlatIndex(dimension: 4).search([1, 0, 0, 0], k: 3).isEmpty)
    }
}
