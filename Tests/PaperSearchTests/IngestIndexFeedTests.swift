import Foundation
import PaperModels
import PaperSearch
import PaperStore
import TestSupport
import Testing

/// The keyword index built beside an ingest, from the rows the store wrote, is the index a
/// rebuild makes; it never claims papers it does not hold, and a catch-up completes it after a
/// kill or another writer.
@Suite struct IngestIndexFeedTests {
    static func paper(_ n: Int, title: String, abstract: String = "An abstract.", version: Int? = 1, upvotes: Int? = nil,
                      categories: [String] = ["cs.DS"]) -> Paper {
        Paper(id: String(format: "2607.%05d", n), version: version, title: title, abstract: abstract, authors: ["Edsger Dijkstra", "Tony Hoare"],
              categories: categories, submitted: Day.date("2026-07-0\(n % 9 + 1)"), community: Community(upvotes: upvotes))
    }

    static let queries = ["graphs", "shortest paths", "\"shortest paths\"", "heaps OR tries", "dijkstra", "title:sorting", "cat:cs.DS trees", "-graphs sorting"]

    /// Each query's hits (ids, sorted: scores depend on how the documents are spread over segments) through `index`.
    static func hits(_ db: AppDatabase, _ index: PaperKeywordIndex) throws -> [[String]] {
        let search = EngineKeywordSearch(database: db, index: index)
        return try queries.map { try search.search(SearchRequest(query: $0, limit: 50, mode: .keyword)).hits.map(\.paper.id).sorted() }
    }

    static func rebuilt(_ db: AppDatabase) throws -> (PaperKeywordIndex, URL) {
        let directory = try Fixtures.temporaryDirectory()
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        try index.rebuild()
        return (index, directory)
    }

    @Test func anIndexBuiltBesideTheIngestEqualsARebuild() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        let feed = try IngestIndexFeed(index: index, commitSize: 3)
        let titles = ["Shortest paths in graphs", "Sorting networks", "Heaps and tries", "Balanced trees", "Graph sorting", "Tries for text"]
        var n = 0
        for chunk in [titles[0..<2], titles[2..<5], titles[5..<6]] {
            feed.add(try db.write(AppDatabase.prepare(chunk.map { n += 1; return Self.paper(n, title: $0) })))
        }
        // Updates: a newer version replaces the title; an older record only adds upvotes, so the
        // stored (merged) title stays the newer one, not the title this input carries; and an
        // input that names one paper twice in a batch.
        feed.add(try db.write(AppDatabase.prepare([Self.paper(1, title: "Shortest paths with heaps", version: 2),
                                                    Self.paper(7, title: "Suffix tries"), Self.paper(7, title: "Suffix tries", upvotes: 3)])))
        feed.add(try db.write(AppDatabase.prepare([Self.paper(1, title: "Shortest paths in graphs", version: 1, upvotes: 12)])))
        #expect(try feed.finish() == 9)
        #expect(try index.isCurrent())
        #expect(index.directory.snapshot.liveDocumentCount == 7)
        let (rebuilt, rebuiltDirectory) = try Self.rebuilt(db)
        defer { try? FileManager.default.removeItem(at: rebuiltDirectory) }
        let expected = try Self.hits(db, rebuilt)
        #expect(try Self.hits(db, index) == expected)
        #expect(expected[0].contains("2607.00005") && !expected[0].contains("2607.00001"))  // the stored title, not the input's
        #expect(try EngineKeywordSearch(database: db, index: index).search(SearchRequest(query: "title:heaps", mode: .keyword)).hits.map(\.paper.id).sorted()
                == ["2607.00001", "2607.00003"])
    }

    /// A kill after some of the feed's commits: the database holds batches the index never got.
    /// The index is readable, does not claim them, and a catch-up completes it.
    @Test func aKilledIngestLeavesAnIndexTheCatchUpCompletes() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feed = try IngestIndexFeed(index: try PaperKeywordIndex(path: directory.path, database: db), commitSize: 2)
        feed.add(try db.write(AppDatabase.prepare([Self.paper(1, title: "Shortest paths"), Self.paper(2, title: "Sorting networks")])))
        #expect(try feed.finish() == 2)
        // Written after the feed's last commit, as by an ingest killed before it indexed them.
        try db.upsert([Self.paper(3, title: "Heaps of graphs"), Self.paper(1, title: "Shortest paths revisited", version: 2)])
        let reopened = try PaperKeywordIndex(path: directory.path, database: db)
        #expect(try !reopened.isCurrent())
        #expect(reopened.directory.snapshot.liveDocumentCount == 2)
        #expect(try reopened.catchUp() == 2)
        let (rebuilt, rebuiltDirectory) = try Self.rebuilt(db)
        defer { try? FileManager.default.removeItem(at: rebuiltDirectory) }
        #expect(try Self.hits(db, reopened) == Self.hits(db, rebuilt))
    }

    /// Another writer between two of the ingest's transactions: the feed's commits must not
    /// claim that writer's paper, which the next catch-up then indexes.
    @Test func anotherWriterInBetweenIsLeftToTheCatchUp() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        let feed = try IngestIndexFeed(index: index, commitSize: 1)
        feed.add(try db.write(AppDatabase.prepare([Self.paper(1, title: "Shortest paths")])))
        try db.upsert([Self.paper(2, title: "Harvested graphs")])  // not the ingest's
        feed.add(try db.write(AppDatabase.prepare([Self.paper(3, title: "Sorting graphs")])))
        #expect(try feed.finish() == 2)
        #expect(try !index.isCurrent())
        #expect(index.directory.snapshot.liveDocumentCount == 2)
        try index.refresh()
        #expect(try index.isCurrent())
        let search = EngineKeywordSearch(database: db, index: index)
        #expect(try search.search(SearchRequest(query: "graphs", mode: .keyword)).hits.map(\.paper.id).sorted() == ["2607.00002", "2607.00003"])
    }

    /// Another process indexed the ingest's papers before the feed committed them (the feed
    /// commits on a queue of its own): the refused commit stops the feed, no later segment is
    /// committed, and the index holds each paper once.
    @Test func aCommitAnotherProcessOvertookStopsTheFeed() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        let feed = try IngestIndexFeed(index: index, commitSize: 1)
        let first = try db.write(AppDatabase.prepare([Self.paper(1, title: "Shortest paths")]))
        let second = try db.write(AppDatabase.prepare([Self.paper(2, title: "Sorting graphs")]))
        let third = try db.write(AppDatabase.prepare([Self.paper(3, title: "Heaps of graphs")]))
        #expect(try PaperKeywordIndex(path: directory.path, database: db).catchUp() == 3)  // the other process
        for batch in [first, second, third] { feed.add(batch) }
        #expect(try feed.finish() == 0)
        let reopened = try PaperKeywordIndex(path: directory.path, database: db)
        #expect(reopened.directory.snapshot.liveDocumentCount == 3)
        #expect(try reopened.isCurrent())
        let search = EngineKeywordSearch(database: db, index: reopened)
        #expect(try search.search(SearchRequest(query: "graphs", mode: .keyword)).hits.map(\.paper.id).sorted() == ["2607.00002", "2607.00003"])
    }
}
