import Foundation
import KeywordIndex
import PaperModels
import PaperStore

/// Keyword search with Paperboy's own engine: the query language compiled to an engine query,
/// papers read from the store, snippets marked by the engine's analyser. Each ranking first
/// brings the index up to date, so papers written meanwhile (by a harvest, or an ingest in
/// another process) are found at once.
public struct EngineKeywordSearch: KeywordSearching {
    let database: AppDatabase
    let index: PaperKeywordIndex

    public init(database: AppDatabase, index: PaperKeywordIndex) {
        self.database = database
        self.index = index
    }

    public func refresh() throws { try index.refresh() }

    /// How often the background job looks for segments to merge.
    static let mergeInterval = Duration.seconds(10)

    /// From now on, catch-ups leave merging to the job this returns.
    public func backgroundWork(log: @escaping @Sendable (String) -> Void) -> (@Sendable () async -> Void)? {
        index.mergesInBackground = true
        return { [index] in await index.runMerges(every: Self.mergeInterval, log: log) }
    }

    public func rank(_ query: SearchQuery, anyWord: Bool, sort: KeywordQuery.Sort, limit: Int, offset: Int) throws -> [(pk: Int64, score: Double)] {
        try refresh()
        return try index.directory.snapshot.search(Self.indexQuery(for: query, anyWord: anyWord, sort: sort), limit: limit, offset: offset)
            .map { (pk: $0.key, score: Double($0.score)) }
    }

    public func hits(_ ranked: [(pk: Int64, score: Double)], for query: SearchQuery) throws -> [KeywordHit] {
        let terms = query.clauses.joined().filter { !$0.isPrefix }
        let stems = Set(terms.flatMap { Analyzer.terms($0.words.joined(separator: " ")) })
        let prefixes = query.clauses.joined().filter(\.isPrefix).flatMap { Analyzer.words($0.words.joined(separator: " ")) }
        return try database.hits(ranked, snippetMatch: nil).map { hit in
            var hit = hit
            if let snippet = Highlighter.snippet(hit.paper.abstract, terms: stems, prefixes: prefixes,
                                                 markStart: KeywordHit.markStart, markEnd: KeywordHit.markEnd) {
                hit.snippet = snippet
            }
            return hit
        }
    }

    public func papers(passing query: SearchQuery) throws -> Set<Int64>? {
        guard query.hasFilters else { return nil }
        try refresh()
        let snapshot = index.directory.snapshot
        let filterOnly = IndexQuery(clauses: [], excluded: query.excluded.map(Self.term), filter: Self.filter(for: query), order: .newest)
        return Set(try snapshot.search(filterOnly, limit: snapshot.liveDocumentCount).map(\.key))
    }

    /// The engine's form of a parsed query: the same clauses FTS5 gets, the filters as columns.
    static func indexQuery(for query: SearchQuery, anyWord: Bool, sort: KeywordQuery.Sort) -> IndexQuery {
        var clauses = query.rankedClauses(anyWord: anyWord).map { $0.map(term) }
        var matchAny = anyWord
        // `a OR b OR c` alone is one clause of alternatives, the same documents and scores as any
        // of its terms; asked that way the engine prunes with block maxima, where one clause
        // would score every document of the union (ten times slower at 200k papers).
        if !matchAny, clauses.count == 1, clauses[0].count > 1 {
            clauses = clauses[0].map { [$0] }
            matchAny = true
        }
        return IndexQuery(clauses: clauses, matchAny: matchAny, excluded: query.excluded.map(term), filter: filter(for: query),
                          order: sort == .date || clauses.isEmpty ? .newest : .score)
    }

    static func term(_ term: SearchQuery.Term) -> IndexQuery.Term {
        IndexQuery.Term(term.words.joined(separator: " "), field: term.field?.rawValue, isPrefix: term.isPrefix, isExact: term.isQuoted)
    }

    /// The query's categories, dates and has:code as the engine's per-document columns.
    static func filter(for query: SearchQuery) -> IndexQuery.Filter {
        var filter = IndexQuery.Filter()
        for category in query.categories {
            if category.hasSuffix(".") || !category.contains(".") {
                let archive = category.hasSuffix(".") ? String(category.dropLast()) : category
                filter.tags.append(archive)
                filter.tagPrefixes.append(archive + ".")
            } else {
                filter.tags.append(category)
            }
        }
        if query.since != nil || query.until != nil {
            let low = PaperKeywordIndex.day(query.since) ?? (Int32.min + 1)
            let high = PaperKeywordIndex.day(query.until) ?? Int32.max
            // since after until matches nothing: no paper's day is Int32.max (an unknown day is .min).
            filter.days = low <= high ? low...high : Int32.max...Int32.max
        }
        if query.hasCode { filter.requiredFlags = 1 }
        return filter
    }
}
