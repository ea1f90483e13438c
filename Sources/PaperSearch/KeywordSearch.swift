import Foundation
import PaperModels
import PaperStore

/// How a search finds papers: by the words they contain, by what they mean, or both fused.
public enum SearchMode: String, Sendable, CaseIterable, Codable {
    case keyword, semantic, hybrid
}

/// A search request as the CLI, the web site and the API make it.
public struct SearchRequest: Sendable, Equatable {
    public var query: String
    public var limit: Int
    public var offset: Int
    public var sort: KeywordQuery.Sort
    public var mode: SearchMode
    /// Keyword mode requires every word (as a search box promises); false ranks papers holding
    /// any of them by BM25, as retrieval evaluations of natural-language questions do.
    public var allWords = true

    public init(query: String, limit: Int = 10, offset: Int = 0, sort: KeywordQuery.Sort = .relevance, mode: SearchMode = .hybrid) {
        self.query = query
        self.limit = max(1, min(limit, 1_000))
        self.offset = max(0, min(offset, 100_000))
        self.sort = sort
        self.mode = mode
    }
}

/// One page of results.
public struct SearchResults: Sendable, Equatable {
    public var hits: [KeywordHit]
    /// True when another page follows.
    public var hasMore: Bool
    /// What the query parser could not use as typed (shown to the user, never an error).
    public var notes: [String]
    /// The mode that produced the hits: hybrid and semantic fall back to keyword without a model.
    public var mode: SearchMode = .keyword
}

/// A keyword engine, behind an interface of its own so that an engine other than FTS5 can replace it.
public protocol KeywordSearching: Sendable {
    /// Paper keys and BM25 scores of one page, best first. `anyWord` ranks papers holding any of
    /// the words (as BM25 evaluations and hybrid search do) instead of requiring all of them.
    func rank(_ query: SearchQuery, anyWord: Bool, sort: KeywordQuery.Sort, limit: Int, offset: Int) throws -> [(pk: Int64, score: Double)]
    /// The papers of a ranking with snippets around the words of `query`.
    func hits(_ ranked: [(pk: Int64, score: Double)], for query: SearchQuery) throws -> [KeywordHit]
    /// Brings the engine's index up to date with the store now, instead of at the next search.
    func refresh() throws
    /// The papers that pass the query's filters and exclusions (what a search by meaning may
    /// return); nil when it has none, and every paper passes.
    func papers(passing query: SearchQuery) throws -> Set<Int64>?
    /// What the engine wants to run beside a long-lived server (merging its index's segments, so
    /// that no search waits for a merge); nil when nothing. `log` hears what it did.
    func backgroundWork(log: @escaping @Sendable (String) -> Void) -> (@Sendable () async -> Void)?
}

extension KeywordSearching {
    public func backgroundWork(log: @escaping @Sendable (String) -> Void) -> (@Sendable () async -> Void)? { nil }

    /// A page of keyword results: every word required, as a search box promises.
    public func search(_ request: SearchRequest) throws -> SearchResults {
        let parsed = SearchQuery(request.query)
        guard !parsed.isEmpty else { return SearchResults(hits: [], hasMore: false, notes: parsed.notes + [SearchQuery.emptyNote]) }
        let ranked = try rank(parsed, anyWord: false, sort: request.sort, limit: request.limit + 1, offset: request.offset)
        return SearchResults(hits: try hits(Array(ranked.prefix(request.limit)), for: parsed), hasMore: ranked.count > request.limit, notes: parsed.notes)
    }
}

/// Keyword search with SQLite FTS5 and BM25 over the paper store.
public struct FTS5KeywordSearch: KeywordSearching {
    let database: AppDatabase

    public init(database: AppDatabase) { self.database = database }

    public func rank(_ query: SearchQuery, anyWord: Bool, sort: KeywordQuery.Sort, limit: Int, offset: Int) throws -> [(pk: Int64, score: Double)] {
        var keywordQuery = FTS5Compiler.keywordQuery(for: query, anyWord: anyWord)
        keywordQuery.sort = sort
        keywordQuery.limit = limit
        keywordQuery.offset = offset
        return try database.keywordRanking(keywordQuery)
    }

    public func hits(_ ranked: [(pk: Int64, score: Double)], for query: SearchQuery) throws -> [KeywordHit] {
        try database.hits(ranked, snippetMatch: FTS5Compiler.keywordQuery(for: query, anyWord: true).match)
    }

    public func refresh() throws { try database.refreshFullTextIndex() }

    public func papers(passing query: SearchQuery) throws -> Set<Int64>? {
        guard query.hasFilters else { return nil }
        var filters = FTS5Compiler.keywordQuery(for: query)
        filters.match = nil
        return Set(try database.paperKeys(matching: filters))
    }
}

/// Turns a parsed query into FTS5 syntax. Every word is double-quoted, so no user text is ever
/// read as an FTS5 operator, and words only ever contain letters and digits.
enum FTS5Compiler {
    static func keywordQuery(for query: SearchQuery, anyWord: Bool = false) -> KeywordQuery {
        let clauses = query.rankedClauses(anyWord: anyWord)
        let match = clauses.isEmpty ? nil : clauses.map(clause).joined(separator: anyWord ? " OR " : " AND ")
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

extension SearchQuery {
    /// Whether the query narrows the papers besides its words: categories, dates, has:code, exclusions.
    var hasFilters: Bool {
        !excluded.isEmpty || !categories.isEmpty || since != nil || until != nil || hasCode
    }

    /// The clauses a keyword engine ranks by. With any word allowed, a paper that shares only
    /// "the", "how" and "are" with a question would rank; function words go (unless nothing else
    /// is left).
    func rankedClauses(anyWord: Bool) -> [[Term]] {
        guard anyWord else { return clauses }
        let meaningful = clauses.filter { $0.count > 1 || $0[0].words.count > 1 || !StopWords.english.contains($0[0].words[0]) }
        return meaningful.isEmpty ? clauses : meaningful
    }
}
