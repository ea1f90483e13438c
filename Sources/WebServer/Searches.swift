import Foundation
import PaperModels
import PaperSearch
import PaperStore
import PaperViews

/// A search as the page, the Atom feed and the API ask for it, validated.
struct SearchInput {
    var query: String
    var mode: SearchMode
    var category: String?
    var since: String?
    var until: String?
    var sort: KeywordQuery.Sort
    var page: Int
    var limit: Int

    /// The typed query with the form's filters added in the query language itself, so every
    /// engine reads them the same way. The filters are validated, so they cannot add other terms.
    var fullQuery: String {
        [query, category.map { "cat:\($0)" }, since.map { "since:\($0)" }, until.map { "until:\($0)" }]
            .compactMap { $0 }.joined(separator: " ")
    }
}

extension Site {
    /// Reads `q`, `mode`, `cat`, `since`, `until`, `sort` and the page (`page` from 1 on pages,
    /// `p` from 0 in the API); throws a `PageError` that says what to fix.
    func searchInput(_ parameters: QueryParameters, api: Bool, defaultLimit: Int) throws -> SearchInput {
        let page = api ? try parameters.integer("p", in: 0...999, default: 0) + 1 : try parameters.integer("page", in: 1...1_000, default: 1)
        let input = SearchInput(
            query: parameters["q"] ?? "", mode: try searchMode(named: parameters["mode"]),
            category: try parameters.category(), since: try parameters.day("since"), until: try parameters.day("until"),
            sort: KeywordQuery.Sort(rawValue: try parameters.choice("sort", ["relevance", "date"], default: "relevance")) ?? .relevance,
            page: page, limit: api ? try parameters.integer("limit", in: 1...100, default: defaultLimit) : defaultLimit)
        if SearchQuery(input.fullQuery).isEmpty {
            throw PageError.badRequest(input.query.isEmpty
                ? "Nothing to search for: give q, some words or a \"phrase\"."
                : "Nothing to search for in “\(input.query.prefix(100))”: use letters or digits, a \"phrase\", or a filter such as cat:cs.CL.")
        }
        return input
    }

    func search(_ input: SearchInput) throws -> SearchResults {
        try searcher.search(SearchRequest(query: input.fullQuery, limit: input.limit, offset: (input.page - 1) * input.limit, sort: input.sort, mode: input.mode))
    }
}

extension Snippet {
    /// A store snippet, whose matched terms sit between `KeywordHit.markStart` and `markEnd`.
    init(marked text: String) {
        var parts: [Part] = []
        // Split on the one-character marks by Swift's own `split`: Foundation's
        // `components(separatedBy:)` cost a tenth of a search answer.
        let start = Character(KeywordHit.markStart), end = Character(KeywordHit.markEnd)
        for (index, piece) in text.split(separator: start, omittingEmptySubsequences: false).enumerated() {
            // Every piece after the first starts with a match, up to the end mark.
            let halves = piece.split(separator: end, omittingEmptySubsequences: false)
            if index > 0, halves.count > 1 {
                parts.append(Part(text: ReadableText.latex(String(halves[0])), matched: true))
                parts.append(Part(text: ReadableText.latex(halves.dropFirst().joined()), matched: false))
            } else {
                parts.append(Part(text: ReadableText.latex(halves.joined()), matched: false))
            }
        }
        self.init(parts: parts.filter { !$0.text.isEmpty })
    }
}
