import Foundation
import GRDB
import PaperModels

/// A full-text request in the store's terms: FTS5 expressions plus SQL filters. The search module
/// turns what a person typed into one of these; only valid FTS5 syntax reaches `match`.
public struct KeywordQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable { case relevance, date }

    /// Papers must match this FTS5 expression (nil: no positive terms).
    public var match: String?
    /// Papers matching this FTS5 expression are left out.
    public var exclude: String?
    /// Category filters: `cs.CL` exactly, `cs.` or `cs` as a prefix. Any one must hold.
    public var categories: [String]
    /// Inclusive `YYYY-MM-DD` bounds on the first-submitted day.
    public var since: String?
    public var until: String?
    /// Only papers with a code link.
    public var hasCode: Bool
    public var sort: Sort
    public var limit: Int
    public var offset: Int

    public init(match: String? = nil, exclude: String? = nil, categories: [String] = [], since: String? = nil,
                until: String? = nil, hasCode: Bool = false, sort: Sort = .relevance, limit: Int = 10, offset: Int = 0) {
        self.match = match
        self.exclude = exclude
        self.categories = categories
        self.since = since
        self.until = until
        self.hasCode = hasCode
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// One paper found by a keyword search.
public struct KeywordHit: Sendable, Equatable {
    public var paper: Paper
    /// The paper's row key: what rankings and the vector index identify it by.
    public var paperPK: Int64
    /// The ranking's score (for keyword search BM25, higher is better; 0 when there were no positive terms).
    public var score: Double
    /// A stretch of the abstract with matched terms between `KeywordHit.markStart` and `markEnd`.
    public var snippet: String
    public static let markStart = "\u{2}"
    public static let markEnd = "\u{3}"
}

extension AppDatabase {
    /// BM25 weights of the full-text columns: a word in the title counts five times one in the
    /// abstract, an author name twice.
    static let columnWeights = (title: 5.0, abstract: 1.0, authors: 2.0)

    /// Runs a keyword query; `limit + 1` rows are fetched by callers that need to know if more exist.
    public func keywordSearch(_ query: KeywordQuery) throws -> [KeywordHit] {
        try hits(keywordRanking(query), snippetMatch: query.match)
    }

    /// One page of a keyword query as paper keys and BM25 scores, best first (no rows read).
    /// Two steps make a search: rank to find the page's keys (the sorter then holds only keys and
    /// scores), then read those few rows and their snippets. Selecting whole rows and snippets in
    /// the ranking query made SQLite build them for every match before sorting.
    public func keywordRanking(_ query: KeywordQuery) throws -> [(pk: Int64, score: Double)] {
        try refreshFullTextIndex()
        let (sql, arguments) = rankingSQL(query)
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { (pk: $0[0] as Int64, score: $0[1] as Double) }
        }
    }

    /// Every paper key that passes the query's match and filters, in no particular order: what a
    /// filtered search by meaning may return.
    public func paperKeys(matching query: KeywordQuery) throws -> [Int64] {
        if query.match != nil || query.exclude != nil { try refreshFullTextIndex() }
        let (sql, arguments) = rankingSQL(query, ordered: false)
        return try writer.read { db in try Int64.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// The papers of `ranked`, in its order, with a snippet of the abstract: around the words of
    /// `snippetMatch` (an FTS5 expression) when the paper matches it, else the abstract's start.
    /// Keys of papers that no longer exist are skipped.
    public func hits(_ ranked: [(pk: Int64, score: Double)], snippetMatch: String?) throws -> [KeywordHit] {
        guard !ranked.isEmpty else { return [] }
        return try writer.read { db in
            let keys = ranked.map(\.pk)
            let rows = try PaperRecord.fetchAll(db, sql: "SELECT * FROM paper WHERE pk IN (\(keys.map { _ in "?" }.joined(separator: ",")))",
                                                arguments: StatementArguments(keys))
            let byKey = Dictionary(rows.compactMap { row in row.pk.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
            let snippet = try snippetMatch.map { _ in
                try db.cachedStatement(sql: """
                    SELECT snippet(paperFTS, 1, '\(KeywordHit.markStart)', '\(KeywordHit.markEnd)', '…', 40)
                    FROM paperFTS WHERE paperFTS MATCH ? AND rowid = ?
                    """)
            }
            return try ranked.compactMap { hit in
                guard let record = byKey[hit.pk] else { return nil }
                let matched = try snippet.flatMap { try String.fetchOne($0, arguments: [snippetMatch, hit.pk]) }
                let text = matched ?? (record.abstract.count > 240 ? String(record.abstract.prefix(240)) + "…" : record.abstract)
                return KeywordHit(paper: record.paper, paperPK: hit.pk, score: hit.score, snippet: text)
            }
        }
    }

    /// The ranking query: `(pk, score)` rows of one page, best first.
    private func rankingSQL(_ query: KeywordQuery, ordered: Bool = true) -> (String, StatementArguments) {
        let w = Self.columnWeights
        let bm25 = "bm25(paperFTS, \(w.title), \(w.abstract), \(w.authors))"
        // The paper table is joined only when a filter or the order needs its columns.
        let needsPaper = query.match == nil || (ordered && query.sort == .date) || query.since != nil || query.until != nil || query.hasCode
        let key = query.match == nil ? "paper.pk" : "paperFTS.rowid"
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let match = query.match { conditions.append("paperFTS MATCH ?"); arguments.append(match) }
        if !query.categories.isEmpty {
            let filter = CategoryFilter.condition(query.categories, key: key)
            conditions.append(filter.sql)
            arguments += filter.arguments as [(any DatabaseValueConvertible)?]
        }
        if let since = query.since { conditions.append("paper.submittedDay >= ?"); arguments.append(since) }
        if let until = query.until { conditions.append("paper.submittedDay <= ?"); arguments.append(until) }
        if query.hasCode { conditions.append("paper.hasCode") }
        if let exclude = query.exclude {
            conditions.append("\(key) NOT IN (SELECT rowid FROM paperFTS WHERE paperFTS MATCH ?)")
            arguments.append(exclude)
        }
        var sql: String
        if query.match == nil {
            sql = "SELECT paper.pk, 0.0 FROM paper"
        } else {
            sql = "SELECT paperFTS.rowid, -\(bm25) FROM paperFTS" + (needsPaper ? " JOIN paper ON paper.pk = paperFTS.rowid" : "")
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        guard ordered else { return (sql, StatementArguments(arguments)) }
        sql += query.match != nil && query.sort == .relevance ? " ORDER BY \(bm25)" : " ORDER BY paper.submitted DESC, paper.pk DESC"
        sql += " LIMIT ? OFFSET ?"
        arguments += [query.limit, query.offset]
        return (sql, StatementArguments(arguments))
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
