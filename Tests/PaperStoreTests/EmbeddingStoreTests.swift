import Foundation
@testable import PaperStore
import TestSupport
import Testing

private let model = "test-model"

private func unitVector(_ rng: inout SplitMix64, dimension: Int = 384) -> [Float] {
    let raw = (0..<dimension).map { _ in Float.random(in: -1...1, using: &rng) }
    let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return raw.map { $0 / norm }
}

@Suite struct Float16VectorTests {
    @Test func roundTripKeepsUnitVectorsWithinOneMillionthOfCosine() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<200 {
            let vector = unitVector(&rng)
            let restored = try! #require(Float16Vector.floats(Float16Vector.data(vector)))
            #expect(restored.count == 384)
            let cosine = zip(vector, restored).reduce(0) { $0 + $1.0 * $1.1 }
                / restored.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(cosine > 0.999999)
        }
    }

    @Test func aDamagedBlobIsRejected() {
        #expect(Float16Vector.floats(Data([1, 2, 3])) == nil)
        #expect(Float16Vector.data([1.5, -2]).count == 4)
        #expect(Float16Vector.floats(Float16Vector.data([1.5, -2])) == [1.5, -2])
    }
}

@Suite struct EmbeddingStoreTests {
    let db = try! AppDatabase.inMemory()

    private func embedAll(_ rng: inout SplitMix64) throws -> [EmbeddingInput] {
        let inputs = try db.papersLackingEmbedding(model: model, limit: 100)
        try db.storeEmbeddings(inputs.map { (input: $0, vector: unitVector(&rng)) }, model: model)
        return inputs
    }

    @Test func papersLackingAVectorAreListedInKeyOrderWithTitleNewlineAbstract() throws {
        try db.upsert([makePaper("2606.00002", title: "Second", abstract: "Two."), makePaper("2606.00001", title: "First", abstract: "One.")])
        let all = try db.papersLackingEmbedding(model: model, limit: 10)
        #expect(all.map(\.paperID) == ["2606.00002", "2606.00001"])
        #expect(all.map(\.text) == ["Second\nTwo.", "First\nOne."])
        #expect(try db.papersLackingEmbedding(model: model, afterPK: all[0].paperPK, limit: 10).map(\.paperID) == ["2606.00001"])
        #expect(try db.countPapersLackingEmbedding(model: model) == 2)

        var rng = SplitMix64(state: 1)
        let vector = unitVector(&rng)
        #expect(try db.storeEmbeddings([(input: all[0], vector: vector)], model: model) == 1)
        #expect(try db.countPapersLackingEmbedding(model: model) == 1)
        #expect(try db.countPapersLackingEmbedding(model: "another-model") == 2)
        let stored = try #require(try db.embedding(paperPK: all[0].paperPK, model: model))
        #expect(zip(stored, vector).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test func aNewTitleOrAbstractDropsTheVectorButNewUpvotesDoNot() throws {
        try db.upsert([makePaper("2606.00001"), makePaper("2606.00002")])
        var rng = SplitMix64(state: 2)
        _ = try embedAll(&rng)
        #expect(try db.countPapersLackingEmbedding(model: model) == 0)

        try db.upsert([makePaper("2606.00001", upvotes: 12)])
        #expect(try db.countPapersLackingEmbedding(model: model) == 0)

        try db.upsert([makePaper("2606.00002", abstract: "A revised abstract.", version: 2)])
        #expect(try db.papersLackingEmbedding(model: model, limit: 10).map(\.paperID) == ["2606.00002"])
    }

    @Test func aVectorComputedFromTextThatChangedMeanwhileIsNotStored() throws {
        try db.upsert([makePaper("2606.00001")])
        let stale = try db.papersLackingEmbedding(model: model, limit: 10)
        try db.upsert([makePaper("2606.00001", title: "A new title", version: 2)])
        var rng = SplitMix64(state: 3)
        #expect(try db.storeEmbeddings([(input: stale[0], vector: unitVector(&rng))], model: model) == 0)
        #expect(try db.countPapersLackingEmbedding(model: model) == 1)
    }

    @Test func readingAfterASequenceYieldsOnlyNewerAndRewrittenVectors() throws {
        try db.upsert((1...5).map { makePaper(String(format: "2606.%05d", $0)) })
        var rng = SplitMix64(state: 4)
        let inputs = try embedAll(&rng)
        var seen: [StoredEmbedding] = []
        try db.forEachEmbedding(model: model) { seen.append($0) }
        #expect(seen.map(\.paperPK) == inputs.map(\.paperPK))
        #expect(seen.allSatisfy { $0.vector.count == 384 })
        let last = try #require(seen.last?.sequence)

        // A rewritten vector comes back with a sequence number never used before.
        try db.storeEmbeddings([(input: inputs[1], vector: unitVector(&rng))], model: model)
        var newer: [StoredEmbedding] = []
        try db.forEachEmbedding(model: model, afterSequence: last) { newer.append($0) }
        #expect(newer.map(\.paperPK) == [inputs[1].paperPK])
        #expect(newer[0].sequence > last)
        #expect(try db.currentEmbeddingSequences([inputs[0].paperPK, inputs[1].paperPK, 999])
                == [inputs[0].paperPK: seen[0].sequence, inputs[1].paperPK: newer[0].sequence])
    }
}
