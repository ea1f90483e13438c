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
}
