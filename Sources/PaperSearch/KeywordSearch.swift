import Foundation
import PaperModels
import PaperStore

/// A keyword search request as the CLI, the web site and the API make it.
public struct SearchRequest: Sendable, Equatable {
    public var query: String
    public var limit: Int
    public var offset: Int
    public var sort: KeywordQuery.Sort

    public init(query: String, limit: Int = 10, offset: Int = 0, sort: KeywordQuery.Sort = .relevance) {
        self.query = query
        self.limit = max(1, min(limit, 1_000))
        self.offset = max(0, min(offset, 100_000))
        self.sort = sort
    }
}

/// One page of results.
public struct SearchResults: Sendable, Equatable {
    public var hits: [KeywordHit]
    /// True when another page follows.
    public var hasMore: Bool
    /// What the query parser could not use as typed (shown to the user, never an error).
    public var notes: [String]
}

/// Keyword search behind an interface of its own, so that an engine other than FTS5 can replace it.
public protocol KeywordSearching: Sendable {
    func search(_ request: SearchRequest) throws -> SearchResults
}

/// Keyword search with SQLite FTS5 and BM25 over the paper store.
public struct FTS5KeywordSearch: KeywordSearching {
    let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    public func search(_ request: SearchRequest) throws -> SearchResults {
        let parsed = SearchQuery(request.query)
        guard !parsed.isEmpty else {
            return SearchResults(hits: [], hasMore: false, notes: parsed.notes + ["Nothing to search for: type some words, a \"phrase\", or a filter such as cat:cs.CL."])
        }
        var query = FTS5Compiler.keywordQuery(for: parsed)
        query.sort = request.sort
        query.limit = request.limit + 1
        query.offset = request.offset
        let hits = try database.keywordSearch(query)
        return SearchResults(hits: Array(hits.prefix(request.limit)), hasMore: hits.count > request.limit, notes: parsed.notes)
    }
}

/// Turns a parsed query into FTS5 syntax. Every word is double-quoted, so no user text is ever
/// read as an FTS5 operator, and words only ever contain letters and digits.
enum FTS5Compiler {
    static func keywordQuery(for query: SearchQuery) -> KeywordQuery {
        let match = query.clauses.isEmpty ? nil : query.clauses.map(clause).joined(separator: " AND ")
        let exclude = query.excluded.isEmpty ? nil : query.excluded.map(term).joined(separator: " OR ")
        return KeywordQuery(match: match, exclude: exclude, categories: query.categories, since: query.since, until: query.until, hasCode: query.hasCode)
    }

    static func clause(_ terms: [SearchQuery.Term]) -> String {
        terms.count == 1 ? term(terms[0]) : "(" + terms.map(term).joined(separator: " OR ") + ")"
    }

    static func term(_ term: SearchQuery.Term) -> String {
        let phrase = "\"" + term.words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (term.isPrefix ? "*" : "")
        switch term.field {
        case .title: return "title : " + phrase
        case .authors: return "authors : " + phrase
        case nil: return phrase
        }
    }
}
