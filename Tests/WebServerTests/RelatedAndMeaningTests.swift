import Foundation
import HTTPTypes
import PaperSearch
import PaperStore
import Pipeline
import TestSupport
import Testing
import TextEncoder

@Suite("Related papers and search by meaning on the site")
struct RelatedAndMeaningTests {
    static let model = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"].map(URL.init(fileURLWithPath:))

    private func ids(_ json: Any?) -> [String] {
        (json as? [[String: Any]] ?? []).compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
    }

    @Test func relatedPapersWithoutEmbeddingsShareTheTitlesWords() async throws {
        try await TestSite.withClient { client in
            let response = try await client.get("/api/papers/2503.11979/related?limit=3")
            #expect(response.status == .ok)
            let related = ids(response.json)
            #expect(related.count == 3 && !related.contains("2503.11979"))
            #expect(try await client.get("/api/papers/astro-ph/0601001/related").status == .ok)
            #expect(try await client.get("/api/papers/2501.00000/related").status == .notFound)
            #expect(try await client.get("/api/papers/2503.11979/related?limit=0").status == .badRequest)
            let page = try await client.get("/papers/2503.11979")
            #expect(page.body.contains("<h2 id=\"related\">Related papers</h2>"))
        }
    }

    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func withEmbeddingsTheSiteSearchesByMeaningAndOffersEveryMode() async throws {
        let database = try TestSite.makeDatabase()
        let encoder = try SentenceEncoder(modelDirectory: try #require(Self.model))
        try Embedder(database: database, model: encoder).run()
        let searcher = PaperSearcher(database: database, meaning: MeaningSearch(
            encoder: encoder, vectors: try PaperVectors(database: database, model: encoder.modelName)))
        try await TestSite.withClient(database: database, searcher: searcher) { client in
            let query = "robots%20that%20help%20bees%20by%20working%20out%20how%20blossoms%20are%20oriented"
            #expect(ids(try await client.get("/api/papers/search?q=\(query)&mode=semantic&limit=3").json).first == "2503.11692")
            #expect(ids(try await client.get("/api/papers/search?q=\(query)&mode=keyword").json).isEmpty)
            let page = try await client.get("/search?q=\(query)")
            #expect(page.status == .ok && page.body.contains("FloPE"))
            #expect(page.body.contains("value=\"semantic\""))
            let related = ids(try await client.get("/api/papers/2503.11979/related?limit=5").json)
            #expect(related.count == 5 && !related.contains("2503.11979"))
            #expect(related.prefix(3).contains("2503.12001"))
        }
    }
}
