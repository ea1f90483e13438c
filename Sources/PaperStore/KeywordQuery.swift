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
    public var sort: Sort
    public var limit: Int
    public var offset: Int

    public init(match: String? = nil, exclude: String? = nil, categories: [String] = [], since: String? = nil,
                until: String? = nil, sort: Sort = .relevance, limit: Int = 10, offset: Int = 0) {
        self.match = match
        self.exclude = exclude
        self.categories = categories
        self.since = since
        self.until = until
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// One paper found by a keyword search.
public struct KeywordHit: Sendable, Equatable {
    public var paper: Paper
    /// BM25 relevance (higher is better); 0 when there were no positive terms.
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
        var filters: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if !query.categories.isEmpty {
            var alternatives: [String] = []
            for category in query.categories {
                if category.hasSuffix(".") || !category.contains(".") {
                    let archive = category.hasSuffix(".") ? String(category.dropLast()) : category
                    alternatives.append("category = ? OR category LIKE ? ESCAPE '\\'")
                    arguments.append(contentsOf: [archive, Self.likeEscaped(archive) + ".%"])
                } else {
                    alternatives.append("category = ?")
                    arguments.append(category)
                }
            }
            filters.append("paper.pk IN (SELECT paperPK FROM paperCategory WHERE \(alternatives.joined(separator: " OR ")))")
        }
        if let since = query.since { filters.append("paper.submittedDay >= ?"); arguments.append(since) }
        if let until = query.until { filters.append("paper.submittedDay <= ?"); arguments.append(until) }
        if let exclude = query.exclude {
            filters.append("paper.pk NOT IN (SELECT rowid FROM paperFTS WHERE paperFTS MATCH ?)")
            arguments.append(exclude)
        }
        let w = Self.columnWeights
        var sql: String
        var allArguments: [(any DatabaseValueConvertible)?] = []
        if let match = query.match {
            sql = """
                SELECT paper.*, -bm25(paperFTS, \(w.title), \(w.abstract), \(w.authors)) AS score,
                       snippet(paperFTS, 1, '\(KeywordHit.markStart)', '\(KeywordHit.markEnd)', '…', 40) AS snippet
                FROM paperFTS JOIN paper ON paper.pk = paperFTS.rowid
                WHERE paperFTS MATCH ?
                """
            allArguments.append(match)
            for filter in filters { sql += " AND \(filter)" }
            sql += query.sort == .relevance ? " ORDER BY bm25(paperFTS, \(w.title), \(w.abstract), \(w.authors))" : " ORDER BY paper.submitted DESC, paper.pk DESC"
        } else {
            sql = "SELECT paper.*, 0.0 AS score, substr(paper.abstract, 1, 240) AS snippet FROM paper"
            if !filters.isEmpty { sql += " WHERE " + filters.joined(separator: " AND ") }
            sql += " ORDER BY paper.submitted DESC, paper.pk DESC"
        }
        sql += " LIMIT ? OFFSET ?"
        allArguments += arguments
        allArguments += [query.limit, query.offset]
        let statementArguments = StatementArguments(allArguments)
        return try writer.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                KeywordHit(paper: try PaperRecord(row: row).paper, score: row["score"], snippet: row["snippet"] ?? "")
            }
        }
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
