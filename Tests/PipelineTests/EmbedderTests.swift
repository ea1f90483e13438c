import Foundation
import PaperStore
@testable import Pipeline
import TestSupport
import Testing
import TextEncoder

@Suite(.enabled(if: testModelDirectory != nil, "needs the model that scripts/test.sh fetches"))
struct EmbedderTests {
    @Test func everyPaperGetsTheEncodersVectorOfTitleNewlineAbstractOnce() throws {
        let db = try AppDatabase.inMemory()
        let ingest = try Ingester(database: db).ingest(path: Fixtures.path("daily-corpus-40.jsonl"))
        #expect(ingest.inserted == 40)
        let encoder = try SentenceEncoder(modelDirectory: try #require(testModelDirectory))
        var reports: [EmbedProgress] = []
        let done = try Embedder(database: db, model: encoder, batchSize: 16).run { reports.append($0) }
        #expect(done == EmbedProgress(embedded: 40, total: 40))
        #expect(reports.map(\.embedded) == [16, 32, 40])

        let first = try #require(try db.papersLackingEmbedding(model: "none", limit: 1).first)
        let expected = encoder.encode([first.text])[0]
        let stored = try #require(try db.embedding(paperPK: first.paperPK, model: encoder.modelName))
        // The stored vector: the fast path where the CPU has it, rounded to float16.
        let cosine = zip(expected, stored).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(cosine > 0.9999)

        #expect(try Embedder(database: db, model: encoder).run() == EmbedProgress(embedded: 0, total: 0))
    }
}
