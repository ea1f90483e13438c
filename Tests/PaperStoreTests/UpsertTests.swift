import Foundation
import PaperModels
import PaperStore
import Testing

@Suite struct UpsertTests {
    let db: AppDatabase
    init() throws { db = try AppDatabase.inMemory() }

    @Test func listsWithQuotesBackslashesAndControlCharactersComeBackAsStored() throws {
        // List columns are JSON text written by hand (`JSONText`): each escape must read back.
        let authors = ["O'Brien \"Bob\"", "back\\slash \\u0041", "tab\there", "line\nbreak\u{1}", "Müller 日本", ""]
        var paper = makePaper("2503.11677", authors: authors, categories: ["cs.LG", "cs.\"CL"])
        paper.codeLinks = ["https://github.com/a/b\"c"]
        try db.upsert([paper])
        let stored = try #require(try db.paper(id: "2503.11677"))
        #expect(stored.authors == authors)
        #expect(stored.categories == ["cs.LG", "cs.\"CL"])
        #expect(stored.codeLinks == ["https://github.com/a/b\"c"])
    }

    @Test func eachPaperOfABatchKeepsItsOwnTextsEmptyAndLongOnesIncluded() throws {
        // The insert lends SQLite each text in place for one row only (`RawStatement`): a text
        // bound from a buffer that was gone, or left over from the row before, would show here.
        let papers = (0..<40).map { number in
            var paper = makePaper(String(format: "2503.%05d", number), title: "Paper \(number) " + String(repeating: "é", count: number),
                                  abstract: String(repeating: "Sparse attention \(number). ", count: 1 + number * 25),
                                  authors: number % 3 == 0 ? [] : ["Author \(number)", ""], categories: ["cs.\(number)"])
            paper.comments = number % 2 == 0 ? "" : "\(number) pages"
            paper.doi = number % 5 == 0 ? nil : "10.1/\(number)"
            return paper
        }
        #expect(try db.upsert(papers) == Array(repeating: .inserted, count: papers.count))
        for paper in papers { #expect(try db.paper(id: paper.id) == paper) }
    }

    @Test func insertsThenLeavesAnIdenticalRecordUnchanged() throws {
        let paper = makePaper("2503.11677")
        #expect(try db.upsert([paper]) == [.inserted])
        #expect(try db.upsert([paper]) == [.unchanged])
        #expect(try db.paperCount() == 1)
        #expect(try db.paper(id: "2503.11677") == paper)
    }

    @Test func aNewerVersionReplacesTheTextAndAnOlderOneDoesNot() throws {
        try db.upsert([makePaper("2503.11677", title: "First title", version: 1)])
        #expect(try db.upsert([makePaper("2503.11677", title: "Second title", version: 2)]) == [.updated])
        #expect(try db.paper(id: "2503.11677")?.title == "Second title")
        #expect(try db.paper(id: "2503.11677")?.version == 2)
        #expect(try db.upsert([makePaper("2503.11677", title: "First title", version: 1)]) == [.unchanged])
        #expect(try db.paper(id: "2503.11677")?.title == "Second title")
    }

    @Test func twoSourcesMergeIntoTheRicherRecord() throws {
        try db.upsert([makePaper("2606.00001", version: 2, upvotes: nil, sources: ["arxiv-jsonl"])])
        let fromHF = Paper(id: "2606.00001", title: "A study of sparse attention", abstract: "",
                           community: Community(upvotes: 42, githubRepo: "https://github.com/x/y", featuredOn: "2026-06-03"), sources: ["hf"])
        #expect(try db.upsert([fromHF]) == [.updated])
        let merged = try #require(try db.paper(id: "2606.00001"))
        #expect(merged.community.upvotes == 42)
        #expect(merged.community.githubRepo == "https://github.com/x/y")
        #expect(merged.version == 2)
        #expect(merged.versions.count == 1)
        #expect(merged.abstract == "We study sparse attention in transformers.")
        #expect(merged.sources == ["arxiv-jsonl", "hf"])
    }

    @Test func versionedAndPrefixedIdsFindTheBareRecord() throws {
        try db.upsert([makePaper("astro-ph/9204001")])
        #expect(try db.paper(id: "astro-ph/9204001v2")?.id == "astro-ph/9204001")
        #expect(try db.paper(id: "arXiv:astro-ph/9204001")?.id == "astro-ph/9204001")
        #expect(try db.paper(id: "https://arxiv.org/abs/astro-ph/9204001v1")?.id == "astro-ph/9204001")
        #expect(try db.paper(id: "9204001") == nil)
    }

    @Test func aListingPaperAndTheArxivRecordOfTheSameTitleBecomeOne() throws {
        let title = "LRP-QViT: Mixed-Precision Vision Transformer Quantization"
        let listed = Paper(id: Paper.localID(title: title), title: title, abstract: "Vision transformers (ViTs) ...", sources: ["listing"])
        try db.upsert([listed])
        #expect(try db.upsert([makePaper("2401.11243", title: "LRP-QViT: mixed-precision vision transformer quantization", sources: ["arxiv-api"])]) == [.updated])
        #expect(try db.paperCount() == 1)
        let joined = try #require(try db.paper(id: "2401.11243"))
        #expect(joined.sources == ["listing", "arxiv-api"])
        // Ingesting the listing again joins the arXiv record instead of creating a second paper.
        #expect(try db.upsert([listed]) == [.unchanged])
        #expect(try db.paperCount() == 1)
    }

    @Test func aListingPaperFindsItsArxivRecordAfterABulkIngestSetTheTitleIndexAside() throws {
        let title = "LRP-QViT: Mixed-Precision Vision Transformer Quantization"
        try db.upsert([makePaper("2401.11243", title: title, sources: ["arxiv-api"]), makePaper("2401.11244")])
        try db.setAsideTitleIndex()
        let listed = Paper(id: Paper.localID(title: title.uppercased()), title: title.uppercased(), abstract: "Vision transformers (ViTs) ...",
                           sources: ["listing"])
        #expect(try db.upsert([listed]) == [.updated])
        #expect(try db.paperCount() == 2)
        #expect(try db.paper(id: "2401.11243")?.sources == ["arxiv-api", "listing"])
        // The look-up made the index again, and a second set-aside is harmless.
        try db.setAsideTitleIndex()
        try db.setAsideTitleIndex()
        #expect(try db.upsert([listed]) == [.unchanged])
        #expect(try db.paperCount() == 2)
    }

    @Test func anArxivPaperStillJoinsATitleOnlyPaperWithoutTheWholeTitleIndex() throws {
        let title = "Sparse Mixture of Experts at Scale"
        try db.setAsideTitleIndex()
        try db.upsert([Paper(id: Paper.localID(title: title), title: title, abstract: "", sources: ["listing"])])
        try db.setAsideTitleIndex()
        #expect(try db.upsert([makePaper("2402.00001"), makePaper("2402.00002", title: title.lowercased())]) == [.inserted, .updated])
        #expect(try db.paperCount() == 2)
        #expect(try db.paper(id: "2402.00002")?.sources.contains("listing") == true)
    }

    @Test func duplicatesInsideOneBatchAreStoredOnce() throws {
        let results = try db.upsert([makePaper("2606.00002"), makePaper("2606.00002"), makePaper("2606.00003")])
        #expect(results == [.inserted, .unchanged, .inserted])
        #expect(try db.paperCount() == 2)
    }

    @Test func aPaperAndItsNewerVersionInOneBatchLeaveTheIndexConsistent() throws {
        let results = try db.upsert([makePaper("2606.00002", title: "Zebra attention"), makePaper("2606.00003"),
                                     makePaper("2606.00002", title: "Dense attention", version: 2)])
        #expect(results == [.inserted, .inserted, .updated])
        #expect(try db.fullTextIndexIsConsistent())
        #expect(try db.keywordSearch(KeywordQuery(match: "\"dense\"")).map(\.paper.id) == ["2606.00002"])
        #expect(try db.keywordSearch(KeywordQuery(match: "\"zebra\"")).isEmpty)
    }

    @Test func statisticsCountBySourceCategoryAndMonth() throws {
        try db.upsert([
            makePaper("2606.00001", categories: ["cs.CL", "cs.AI"], submitted: "2026-06-01", sources: ["hf"]),
            makePaper("2605.00002", categories: ["cs.CL"], submitted: "2026-05-20", sources: ["arxiv-api", "hf"]),
        ])
        let stats = try db.statistics()
        #expect(stats.papers == 2)
        #expect(stats.bySource.first == StoreStatistics.Count(key: "hf", count: 2))
        #expect(stats.byCategory.first == StoreStatistics.Count(key: "cs.CL", count: 2))
        #expect(stats.byMonth.map(\.key) == ["2026-06", "2026-05"])
    }
}
