import Foundation
import PaperModels
import PaperSearch
import PaperStore
import Pipeline
import TestSupport
import Testing
import TextEncoder

private let modelDirectory = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"].map(URL.init(fileURLWithPath:))
private let encoder = modelDirectory.flatMap { try? SentenceEncoder(modelDirectory: $0) }

/// 40 real cs.CV papers, stored and embedded with the real model.
private func embeddedDatabase() throws -> (AppDatabase, PaperSearcher) {
    let encoder = try #require(encoder)
    let db = try AppDatabase.inMemory()
    _ = try Ingester(database: db).ingest(path: Fixtures.path("daily-corpus-40.jsonl"))
    try Embedder(database: db, model: encoder).run()
    let vectors = try PaperVectors(database: db, model: encoder.modelName)
    return (db, PaperSearcher(database: db, meaning: MeaningSearch(encoder: encoder, vectors: vectors)))
}

/// Built once: embedding the papers is the slow part.
private let shared = Result { try embeddedDatabase() }

@Suite(.enabled(if: encoder != nil, "needs the model that scripts/test.sh fetches (PAPERBOY_TEST_MODEL_DIR)"))
struct MeaningSearchTests {
    let searcher: PaperSearcher
    let flope = "2503.11692"  // FloPE: Flower Pose Estimation for Precision Pollination

    init() throws { searcher = try shared.get().1 }

    func ids(_ query: String, _ mode: SearchMode, limit: Int = 10, offset: Int = 0) throws -> [String] {
        try searcher.search(SearchRequest(query: query, limit: limit, offset: offset, mode: mode)).hits.map(\.paper.id)
    }

    @Test func aParaphraseFindsItsPaperByMeaningWhereKeywordsFindNothing() throws {
        let query = "robots that help bees by working out how blossoms are oriented"
        #expect(try ids(query, .keyword).isEmpty)
        #expect(try ids(query, .semantic).first == flope)
        let hybrid = try searcher.search(SearchRequest(query: query, mode: .hybrid))
        #expect(hybrid.mode == .hybrid)
        // Fusion favours papers that both rankings hold; this one only the meaning ranking holds,
        // yet it stays on the first page. With shared words, it leads.
        #expect(hybrid.hits.map(\.paper.id).contains(flope), "\(hybrid.hits.map(\.paper.id))")
        #expect(try ids("pose estimation of flowers for pollinating robots", .hybrid).first == flope)
    }

    @Test func filtersCombineWithMeaningAndStillFillThePage() throws {
        // Four of the forty papers are in cs.RO.
        for mode in [SearchMode.semantic, .hybrid] {
            let three = try searcher.search(SearchRequest(query: "cat:cs.RO flower pose", limit: 3, mode: mode))
            #expect(three.hits.count == 3)
            #expect(three.hasMore)
            let all = try searcher.search(SearchRequest(query: "cat:cs.RO flower pose", limit: 10, mode: mode))
            #expect(all.hits.count == 4)
            #expect(all.hits.allSatisfy { $0.paper.categories.contains("cs.RO") })
        }
        let coded = try searcher.search(SearchRequest(query: "has:code image restoration", limit: 40, mode: .semantic))
        #expect(coded.hits.count == 17)
        #expect(coded.hits.allSatisfy { !$0.paper.codeLinks.isEmpty })
        let excluded = try ids("gaussian splatting -slam", .semantic, limit: 40)
        #expect(excluded.count == 39)
        #expect(!excluded.contains("2503.11979"))  // DynaGSLAM
    }

    @Test func pagesDoNotOverlapAndEveryModeAnswersAnyText() throws {
        let first = try ids("diffusion models", .semantic, limit: 5)
        let second = try ids("diffusion models", .semantic, limit: 5, offset: 5)
        #expect(first.count == 5 && second.count == 5)
        #expect(Set(first).isDisjoint(with: second))
        for mode in SearchMode.allCases {
            for query in HostileInputTests.nasty + ["量子コンピュータ", "détection d'objets", String(repeating: "vision ", count: 1_500)] {
                _ = try searcher.search(SearchRequest(query: query, mode: mode))
            }
        }
        #expect(try ids("量子コンピュータ", .semantic).count == 10)
    }

    @Test func relatedPapersAreNearestByMeaningNeverThePaperItself() throws {
        let related = try #require(try searcher.related(to: "2503.11979v2", limit: 5))  // DynaGSLAM, a versioned id
        #expect(related.mode == .semantic)
        #expect(related.hits.count == 5)
        #expect(!related.hits.map(\.paper.id).contains("2503.11979"))
        // Its nearest neighbour is the other Gaussian-splatting scene paper.
        #expect(related.hits.map(\.paper.id).prefix(3).contains("2503.12001"))
        #expect(try searcher.related(to: "2501.00000") == nil)
    }
}

@Suite(.enabled(if: encoder != nil, "needs the model that scripts/test.sh fetches (PAPERBOY_TEST_MODEL_DIR)"))
struct MeaningSearchUpdateTests {
    @Test func aChangedPaperIsNeverFoundByItsOldVectorAndCopiesAreNotRelated() throws {
        let (db, searcher) = try embeddedDatabase()
        let query = "robots that help bees by working out how blossoms are oriented"
        let old = try #require(try db.paper(id: "2503.11692"))
        var revised = old
        revised.version = 9
        revised.title = "A survey of tax law"
        revised.abstract = "We review tax legislation."
        try db.upsert([revised])
        #expect(try !searcher.search(SearchRequest(query: query, limit: 40, mode: .semantic)).hits.map(\.paper.id).contains(old.id))

        // A copy under another id with the first title: embedded, yet not "related" to the original.
        var copy = old
        copy.id = "2503.99999"
        try db.upsert([copy])
        try Embedder(database: db, model: try #require(encoder)).run()
        #expect(try searcher.search(SearchRequest(query: "tax legislation", limit: 1, mode: .semantic)).hits.first?.paper.id == old.id)
        #expect(try searcher.search(SearchRequest(query: query, limit: 1, mode: .semantic)).hits.first?.paper.id == copy.id)
        var same = copy
        same.id = "2503.99998"
        try db.upsert([same])
        try Embedder(database: db, model: try #require(encoder)).run()
        let related = try #require(try searcher.related(to: copy.id, limit: 10))
        #expect(!related.hits.map(\.paper.id).contains(same.id))
        #expect(!related.hits.map(\.paper.id).contains(copy.id))
    }
}

@Suite struct SearchWithoutMeaningTests {
    @Test func semanticAndHybridFallBackToKeywordsAndSaySo() throws {
        let db = try AppDatabase.inMemory()
        _ = try Ingester(database: db).ingest(path: Fixtures.path("daily-corpus-40.jsonl"))
        let searcher = PaperSearcher(database: db, meaning: nil)
        for mode in [SearchMode.semantic, .hybrid] {
            let results = try searcher.search(SearchRequest(query: "flower pose", mode: mode))
            #expect(results.mode == .keyword)
            #expect(results.notes == [PaperSearcher.noMeaningNote])
            #expect(results.hits.map(\.paper.id) == ["2503.11692"])
        }
        let related = try #require(try searcher.related(to: "2503.11979"))
        #expect(related.mode == .keyword)
        #expect(!related.hits.isEmpty && !related.hits.map(\.paper.id).contains("2503.11979"))
    }
}
