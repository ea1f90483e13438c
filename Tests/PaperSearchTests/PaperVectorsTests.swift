import Foundation
import PaperModels
import PaperSearch
import PaperStore
import TestSupport
import Testing

/// The vector index kept beside the database: saved, read back, and never trusted over the table.
@Suite struct PaperVectorsTests {
    let dir: URL
    var path: String { dir.appendingPathComponent("paperboy.sqlite").path }
    init() throws { dir = try Fixtures.temporaryDirectory() }

    private func unitVector(_ rng: inout SplitMix64) -> [Float] {
        let raw = (0..<384).map { _ in Float.random(in: -1...1, using: &rng) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// A database of `count` papers with random vectors; returns each paper's key and vector.
    private func database(_ count: Int, seed: UInt64) throws -> (AppDatabase, [(pk: Int64, vector: [Float])]) {
        let db = try AppDatabase.open(path: path)
        try db.upsert((1...count).map { Paper(id: String(format: "2606.%05d", $0 + Int(seed) * 100), title: "Paper \($0) of \(seed)", abstract: "Text \($0).") })
        var rng = SplitMix64(state: seed)
        let inputs = try db.papersLackingEmbedding(model: "m", limit: count)
        let items = inputs.map { (input: $0, vector: unitVector(&rng)) }
        try db.storeEmbeddings(items, model: "m")
        return (db, items.map { (pk: $0.input.paperPK, vector: $0.vector) })
    }

    @Test func aSavedIndexIsReadBackAndTakesVectorsWrittenSince() throws {
        let (db, papers) = try database(20, seed: 1)
        try PaperVectors(database: db, model: "m").save()
        #expect(FileManager.default.fileExists(atPath: path + ".vectors") && FileManager.default.fileExists(atPath: path + ".vectors.json"))

        // After the save: one vector rewritten, one paper's text changed (its vector dropped).
        var rng = SplitMix64(state: 99)
        let rewritten = unitVector(&rng)
        let inputs = try db.papersLackingEmbedding(model: "other", limit: 20)
        try db.storeEmbeddings([(input: inputs[3], vector: rewritten)], model: "m")
        try db.upsert([Paper(id: inputs[5].paperID, version: 2, title: "New title", abstract: "New text.")])

        let vectors = try PaperVectors(database: db, model: "m")
        #expect(vectors.count == 20)
        #expect(try vectors.nearest(to: rewritten, k: 1).first?.pk == papers[3].pk)
        #expect(try vectors.nearest(to: papers[0].vector, k: 1).first.map { $0.pk == papers[0].pk && $0.score > 0.999 } == true)
        #expect(try !vectors.nearest(to: papers[5].vector, k: 20).map(\.pk).contains(papers[5].pk))
        #expect(try vectors.nearest(to: papers[0].vector, k: 20, allowed: [papers[1].pk, papers[2].pk]).map(\.pk).sorted() == [papers[1].pk, papers[2].pk].sorted())
    }

    @Test func anIndexSavedForAnotherDatabaseAtThePathIsNotUsed() throws {
        let (first, _) = try database(10, seed: 1)
        try PaperVectors(database: first, model: "m").save()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let (second, papers) = try database(12, seed: 2)
        let vectors = try PaperVectors(database: second, model: "m")
        #expect(vectors.count == 12)
        for paper in papers { #expect(try vectors.nearest(to: paper.vector, k: 1).first?.pk == paper.pk) }
        // A damaged file is rebuilt from the table, not trusted.
        try Data("not an index".utf8).write(to: URL(fileURLWithPath: path + ".vectors"))
        #expect(try PaperVectors(database: second, model: "m").count == 12)
    }
}
