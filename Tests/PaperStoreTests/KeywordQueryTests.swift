import Foundation
import PaperModels
import PaperStore
import Testing

@Suite struct KeywordQueryTests {
    let db: AppDatabase

    init() throws {
        db = try AppDatabase.inMemory()
        try db.upsert([
            makePaper("2606.00001", title: "Sparse attention for long documents", abstract: "Attention that is sparse scales to long inputs.",
                      authors: ["Grace Hopper"], categories: ["cs.CL", "cs.LG"], submitted: "2026-06-01"),
            makePaper("2606.00002", title: "Diffusion models for images", abstract: "We train diffusion models; attention is dense.",
                      authors: ["Alan Turing"], categories: ["cs.CV"], submitted: "2026-06-10"),
            makePaper("2605.00003", title: "A survey of attention", abstract: "A survey of attention mechanisms.",
                      authors: ["Ada Lovelace"], categories: ["stat.ML"], submitted: "2026-05-15"),
        ])
    }

    func ids(_ query: KeywordQuery) throws -> [String] { try db.keywordSearch(query).map(\.paper.id) }

    @Test func titleMatchesRankAboveAbstractMatches() throws {
        #expect(try ids(KeywordQuery(match: "\"sparse\"")) == ["2606.00001"])
        let attention = try ids(KeywordQuery(match: "\"attention\""))
        #expect(Set(attention) == ["2606.00001", "2606.00002", "2605.00003"])
        #expect(attention.last == "2606.00002")  // the only one without "attention" in its title
    }

    @Test func snippetsMarkTheMatchedTerms() throws {
        let hit = try #require(try db.keywordSearch(KeywordQuery(match: "\"diffusion\"")).first)
        #expect(hit.snippet.contains("\(KeywordHit.markStart)diffusion\(KeywordHit.markEnd)"))
        #expect(hit.score > 0)
    }

    @Test func categoryFiltersTakeExactCategoriesAndArchivePrefixes() throws {
        #expect(try ids(KeywordQuery(match: "\"attention\"", categories: ["cs.CL"])) == ["2606.00001"])
        #expect(Set(try ids(KeywordQuery(match: "\"attention\"", categories: ["cs."]))) == ["2606.00001", "2606.00002"])
        #expect(Set(try ids(KeywordQuery(match: "\"attention\"", categories: ["cs"]))) == ["2606.00001", "2606.00002"])
        #expect(try ids(KeywordQuery(match: "\"attention\"", categories: ["stat.ML", "cs.CV"])).count == 2)
        #expect(try ids(KeywordQuery(match: "\"attention\"", categories: ["c%"])).isEmpty)
    }

    @Test func dateBoundsAreInclusive() throws {
        #expect(Set(try ids(KeywordQuery(match: "\"attention\"", since: "2026-06-01"))) == ["2606.00001", "2606.00002"])
        #expect(try ids(KeywordQuery(match: "\"attention\"", until: "2026-06-01", sort: .date)) == ["2606.00001", "2605.00003"])
    }

    @Test func exclusionsWorkWithAndWithoutPositiveTerms() throws {
        #expect(Set(try ids(KeywordQuery(match: "\"attention\"", exclude: "\"survey\""))) == ["2606.00001", "2606.00002"])
        #expect(try ids(KeywordQuery(exclude: "\"attention\"")).isEmpty)
        #expect(try ids(KeywordQuery(exclude: "\"diffusion\"", sort: .date)) == ["2606.00001", "2605.00003"])
    }

    @Test func aFilterAloneListsNewestFirstAndPagingSlices() throws {
        #expect(try ids(KeywordQuery(categories: ["cs"])) == ["2606.00002", "2606.00001"])
        #expect(try ids(KeywordQuery(match: "\"attention\"", sort: .date, limit: 1, offset: 1)) == ["2606.00001"])
    }

    @Test func theIndexFollowsUpdates() throws {
        var changed = makePaper("2606.00002", title: "Flow matching for images", abstract: "No more of the old words.",
                                version: 2, authors: ["Alan Turing"], categories: ["cs.CV"], submitted: "2026-06-10")
        changed.versions = [PaperVersion(number: 2, date: Day.date("2026-06-12"))]
        #expect(try db.upsert([changed]) == [.updated])
        #expect(try ids(KeywordQuery(match: "\"diffusion\"")).isEmpty)
        #expect(try ids(KeywordQuery(match: "\"flow\" \"matching\"")) == ["2606.00002"])
        #expect(try ids(KeywordQuery(match: "authors : \"turing\"")) == ["2606.00002"])
        #expect(try db.fullTextIndexIsConsistent())
    }
}
