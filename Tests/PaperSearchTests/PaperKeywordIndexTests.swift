import Foundation
import PaperModels
import PaperSearch
import PaperStore
import TestSupport
import Testing

/// The engine's index follows the database: a catch-up indexes what changed since its commit,
/// and a rebuild makes the same index from scratch.
@Suite struct PaperKeywordIndexTests {
    @Test func catchUpFollowsUpdatesAndRebuildAgrees() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try db.upsert([Paper(id: "2606.00001", version: 1, title: "Sparse attention", abstract: "Long documents.", authors: ["Ada Lovelace"], categories: ["cs.CL"])])
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        #expect(try index.catchUp() == 1)
        #expect(try index.catchUp() <= 1)  // the last stamp again at most, never everything
        let search = EngineKeywordSearch(database: db, index: index)
        #expect(try search.search(SearchRequest(query: "sparse")).hits.count == 1)
        // A newer version replaces the title.
        try db.upsert([Paper(id: "2606.00001", version: 2, title: "Dense attention", abstract: "Long documents.", authors: ["Ada Lovelace"], categories: ["cs.CL"]),
                       Paper(id: "2606.00002", title: "Sparse codes", abstract: "Dictionaries.", authors: ["Alan Turing"], categories: ["cs.LG"])])
        let reopened = try PaperKeywordIndex(path: directory.path, database: db)
        try reopened.catchUp()
        let after = EngineKeywordSearch(database: db, index: reopened)
        #expect(try after.search(SearchRequest(query: "sparse")).hits.map(\.paper.id) == ["2606.00002"])
        #expect(try after.search(SearchRequest(query: "dense")).hits.map(\.paper.id) == ["2606.00001"])
        try reopened.rebuild()
        #expect(try after.search(SearchRequest(query: "attention OR codes")).hits.count == 2)
        #expect(reopened.directory.snapshot.liveDocumentCount == 2)
    }

    /// Two owners of one directory (the site, and an ingest in another process): each write
    /// starts from what is on disk, so neither loses the other's commit, and a search finds
    /// papers written after the index was opened without any explicit catch-up.
    @Test func ownersOfOneDirectoryNeverLoseEachOthersCommits() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func paper(_ n: Int, _ title: String) -> Paper {
            Paper(id: "2606.0000\(n)", title: title, abstract: "An abstract.", authors: ["Grace Hopper"], categories: ["cs.PL"])
        }
        try db.upsert([paper(1, "Compilers for everyone")])
        let site = try PaperKeywordIndex(path: directory.path, database: db)
        let ingest = try PaperKeywordIndex(path: directory.path, database: db)
        #expect(try !site.isCurrent())
        try site.refresh()
        #expect(try site.isCurrent() && ingest.isCurrent() == false)  // the other's view is the old commit
        try db.upsert([paper(2, "Linkers for everyone")])
        #expect(try ingest.catchUp() >= 1)
        try db.upsert([paper(3, "Loaders for everyone")])
        let search = EngineKeywordSearch(database: db, index: site)
        #expect(try search.search(SearchRequest(query: "everyone")).hits.map(\.paper.id).sorted() == ["2606.00001", "2606.00002", "2606.00003"])
        #expect(try site.isCurrent())
        let reopened = try PaperKeywordIndex(path: directory.path, database: db)
        #expect(try reopened.isCurrent() && reopened.directory.snapshot.liveDocumentCount == 3)
    }

    @Test func anIndexOfAnotherDatabaseIsRebuilt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = try AppDatabase.inMemory()
        try old.upsert([Paper(id: "2606.00001", title: "Old paper", abstract: "Gone.", authors: ["A B"], categories: ["cs.AI"])])
        try PaperKeywordIndex(path: directory.path, database: old).refresh()
        let new = try AppDatabase.inMemory()
        try new.upsert([Paper(id: "2606.00009", title: "New paper", abstract: "Here.", authors: ["C D"], categories: ["cs.AI"])])
        let index = try PaperKeywordIndex(path: directory.path, database: new)
        #expect(try !index.isCurrent())
        let search = EngineKeywordSearch(database: new, index: index)
        #expect(try search.search(SearchRequest(query: "paper")).hits.map(\.paper.id) == ["2606.00009"])
        #expect(index.directory.snapshot.liveDocumentCount == 1)
    }

    /// Unquoted words find every form (stems); a quoted word or phrase only the words as written.
    @Test func quotedWordsAreExact() throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try db.upsert([Paper(id: "2606.00001", title: "Running robots", abstract: "Legged machines running fast.", authors: ["A B"], categories: ["cs.RO"]),
                       Paper(id: "2606.00002", title: "Robots that run", abstract: "A robot runs.", authors: ["C D"], categories: ["cs.RO"])])
        let search = EngineKeywordSearch(database: db, index: try PaperKeywordIndex(path: directory.path, database: db))
        func ids(_ query: String) throws -> [String] { try search.search(SearchRequest(query: query)).hits.map(\.paper.id).sorted() }
        #expect(try ids("running") == ["2606.00001", "2606.00002"])
        #expect(try ids("\"running\"") == ["2606.00001"])
        #expect(try ids("\"running robots\"") == ["2606.00001"])
        #expect(try ids("\"robots that run\"") == ["2606.00002"])
    }
}

/// In `serve`, merges run as a background job: catch-ups (and so searches) only commit, and the
/// job merges the segments they leave, the index finding the same papers throughout.
@Suite struct BackgroundMergeTests {
    @Test func catchUpsLeaveMergesToTheBackgroundJob() async throws {
        let db = try AppDatabase.inMemory()
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try PaperKeywordIndex(path: directory.path, database: db)
        let search = EngineKeywordSearch(database: db, index: index)
        let background = search.backgroundWork(log: { _ in })
        let work = try #require(background)
        #expect(index.mergesInBackground)
        // One commit per catch-up: more segments than the index keeps once merged.
        for n in 1...12 {
            try db.upsert([Paper(id: "2606.\(String(format: "%05d", n))", title: "Merging segments \(n)", abstract: "Size tiers.",
                                 authors: ["Ada Lovelace"], categories: ["cs.DB"])])
            try index.refresh()
        }
        #expect(index.directory.snapshot.segments.count == 12)
        let job = Task { await work() }
        defer { job.cancel() }
        var waited = 0
        while index.directory.snapshot.segments.count > 8, waited < 200 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        #expect(index.directory.snapshot.segments.count <= 8)
        #expect(try search.search(SearchRequest(query: "merging segments", limit: 20)).hits.count == 12)
        #expect(try index.mergeSegments() == 0)
    }
}
