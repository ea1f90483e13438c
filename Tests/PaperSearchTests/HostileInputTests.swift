import Foundation
import PaperModels
import PaperSearch
import PaperStore
import TestSupport
import Testing

/// Whatever a person (or an attacker) types, search answers: results, an empty list, or notes —
/// never an error. Queries are run for real against FTS5 so that any syntax leaking through fails,
/// and against Paperboy's own engine, which must answer the same.
@Suite final class HostileInputTests {
    let searches: [any KeywordSearching]
    let indexDirectory: URL

    init() throws {
        let db = try AppDatabase.inMemory()
        try db.upsert([
            Paper(id: "2606.00001", title: "Sparse attention for long documents", abstract: "Attention that is sparse, with $O(L \\log L)$ cost.",
                  authors: ["Grace Hopper"], categories: ["cs.CL"], submitted: Day.date("2026-06-01")),
            Paper(id: "2606.00002", title: "Quantization of vision transformers", abstract: "Post-training quantization of ViTs.",
                  authors: ["Alan Turing"], categories: ["cs.CV"], submitted: Day.date("2026-06-02")),
        ])
        indexDirectory = try Fixtures.temporaryDirectory()
        let index = try PaperKeywordIndex(path: indexDirectory.path, database: db)
        try index.catchUp()
        searches = [FTS5KeywordSearch(database: db), EngineKeywordSearch(database: db, index: index)]
    }

    deinit { try? FileManager.default.removeItem(at: indexDirectory) }

    func search(_ request: SearchRequest) throws -> [SearchResults] {
        try searches.map { try $0.search(request) }
    }

    static let nasty = [
        "\"", "\"\"\"", "'", "NEAR(a b", "a AND", "OR OR OR", "NOT x", "^start", "col:val", "title:", "author:\"",
        "-", "--", "*", "a*b*c", "(((", ")))", "{x}", "'; DROP TABLE paper; --", "\" OR 1=1 --", "%", "_", "\\",
        "\u{0}", "\u{1B}[2J", "\u{202E}evil", "🤖 transformer", "量子", "cat:", "cat:%", "since:", "since:99999-99-99",
        "title:\"sparse", "-\"", "x\u{0}y", String(repeating: "(", count: 5000), String(repeating: "a ", count: 5000),
        String(repeating: "\"", count: 10_001), "$O(L \\log L)$",
    ]

    @Test(arguments: nasty) func hostileQueriesNeverThrow(query: String) throws {
        _ = try search(SearchRequest(query: query))
    }

    @Test func randomQueriesNeverThrow() throws {
        var rng = SplitMix64(state: 20261129)
        let alphabet = Array("ab sparse attention\"'()*:-^{}[]~+ORNEAND\\%_é量🤖\u{0}\n\t.")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let query = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            _ = try search(SearchRequest(query: query))
        }
    }

    @Test func realQueriesFindThePapers() throws {
        for engine in searches {
            let search = { (query: String) in try engine.search(SearchRequest(query: query)) }
            #expect(try search("sparse attention").hits.map(\.paper.id) == ["2606.00001"])
            #expect(try search("quantization -vision").hits.isEmpty)
            #expect(try search("sparse OR quantization cat:cs.").hits.count == 2)
            #expect(try search("author:turing").hits.map(\.paper.id) == ["2606.00002"])
            #expect(try search("log").hits.map(\.paper.id) == ["2606.00001"])
            #expect(try search("quantization since:2026-06-02 until:2026-06-02").hits.count == 1)
            #expect(try search("quantization since:2026-06-03").hits.isEmpty)
            let paged = try engine.search(SearchRequest(query: "cat:cs", limit: 1))
            #expect(paged.hits.map(\.paper.id) == ["2606.00002"] && paged.hasMore)
            let marked = try search("sparse attention").hits.first?.snippet ?? ""
            #expect(marked.contains(KeywordHit.markStart + "Attention" + KeywordHit.markEnd) && marked.contains(KeywordHit.markStart + "sparse" + KeywordHit.markEnd))
        }
    }
}
