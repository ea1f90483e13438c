import Foundation
import PaperModels
import PaperSearch
import PaperStore
import TestSupport
import Testing

/// Whatever a person (or an attacker) types, search answers: results, an empty list, or notes —
/// never an error. Queries are run for real against FTS5 so that any syntax leaking through fails.
@Suite struct HostileInputTests {
    let search: FTS5KeywordSearch

    init() throws {
        let db = try AppDatabase.inMemory()
        try db.upsert([
            Paper(id: "2606.00001", title: "Sparse attention for long documents", abstract: "Attention that is sparse, with $O(L \\log L)$ cost.",
                  authors: ["Grace Hopper"], categories: ["cs.CL"], submitted: Day.date("2026-06-01")),
            Paper(id: "2606.00002", title: "Quantization of vision transformers", abstract: "Post-training quantization of ViTs.",
                  authors: ["Alan Turing"], categories: ["cs.CV"], submitted: Day.date("2026-06-02")),
        ])
        search = FTS5KeywordSearch(database: db)
    }

    static let nasty = [
        "\"", "\"\"\"", "'", "NEAR(a b", "a AND", "OR OR OR", "NOT x", "^start", "col:val", "title:", "author:\"",
        "-", "--", "*", "a*b*c", "(((", ")))", "{x}", "'; DROP TABLE paper; --", "\" OR 1=1 --", "%", "_", "\\",
        "\u{0}", "\u{1B}[2J", "\u{202E}evil", "🤖 transformer", "量子", "cat:", "cat:%", "since:", "since:99999-99-99",
        "title:\"sparse", "-\"", "x\u{0}y", String(repeating: "(", count: 5000), String(repeating: "a ", count: 5000),
        String(repeating: "\"", count: 10_001), "$O(L \\log L)$",
    ]

    @Test(arguments: nasty) func hostileQueriesNeverThrow(query: String) throws {
        _ = try search.search(SearchRequest(query: query))
    }

    @Test func randomQueriesNeverThrow() throws {
        var rng = SplitMix64(state: 20261129)
        let alphabet = Array("ab sparse attention\"'()*:-^{}[]~+ORNEAND\\%_é量🤖\u{0}\n\t.")
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &rng)
            let query = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            _ = try search.search(SearchRequest(query: query))
        }
    }

    @Test func realQueriesFindThePapers() throws {
        #expect(try search.search(SearchRequest(query: "sparse attention")).hits.map(\.paper.id) == ["2606.00001"])
        #expect(try search.search(SearchRequest(query: "quantization -vision")).hits.isEmpty)
        #expect(try search.search(SearchRequest(query: "sparse OR quantization cat:cs.")).hits.count == 2)
        #expect(try search.search(SearchRequest(query: "author:turing")).hits.map(\.paper.id) == ["2606.00002"])
        #expect(try search.search(SearchRequest(query: "log")).hits.map(\.paper.id) == ["2606.00001"])
        let paged = try search.search(SearchRequest(query: "cat:cs", limit: 1))
        #expect(paged.hits.map(\.paper.id) == ["2606.00002"] && paged.hasMore)
    }
}
