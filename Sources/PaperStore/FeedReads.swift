import Foundation
import GRDB
import PaperModels

/// A page of the daily feed: papers whose feed day (featured, else first submitted) falls in a
/// span of days, most upvoted (or newest) first.
public struct FeedQuery: Sendable, Equatable {
    public enum Order: Sendable { case upvotes, newest }

    public var firstDay: String
    public var lastDay: String
    /// `cs.CL` exactly, or `cs` / `cs.` for a whole archive; nil for every category.
    public var category: String?
    public var order: Order
    public var limit: Int
    public var offset: Int

    public init(firstDay: String, lastDay: String, category: String? = nil, order: Order = .upvotes, limit: Int = 30, offset: Int = 0) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.category = category
        self.order = order
        self.limit = limit
        self.offset = offset
    }
}

public struct FeedPage: Sendable, Equatable {
    public var papers: [Paper]
    /// How many papers the whole span holds (all pages).
    public var total: Int
}

extension AppDatabase {
    /// The day a paper belongs to in the feed, as SQL; the same expression is indexed (v3 migration).
    static let feedDaySQL = "coalesce(featuredOn, submittedDay)"

    /// Upvotes from Hugging Face and from this Paperboy's own users, as SQL.
    static let upvotesSQL = "(coalesce(upvotes, 0) + localUpvotes)"

    /// The web site's migrations, append-only like all: the feed-day index (a day's page and the
    /// days around it are index look-ups), accounts and upvotes, submissions; then the feed index
    /// that also covers a page's ranking (day, upvotes, date), so a page is ranked from the index
    /// alone, replacing the feed-day index it extends.
    static func registerWebMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-web: feed-day index") { db in
            try db.execute(sql: "CREATE INDEX paper_feedDay ON paper(\(Self.feedDaySQL))")
        }
        registerAccountMigration(&migrator)
        registerSubmissionMigration(&migrator)
        migrator.registerMigration("v4-web: feed ranking index") { db in
            try db.execute(sql: """
                CREATE INDEX paper_feed ON paper(\(Self.feedDaySQL), \(Self.upvotesSQL), submitted);
                DROP INDEX paper_feedDay;
                """)
        }
    }

    /// One page of a feed: by upvotes, then newest; or newest first.
    public func feed(_ query: FeedQuery) throws -> FeedPage {
        let (condition, arguments) = feedCondition(firstDay: query.firstDay, lastDay: query.lastDay, category: query.category)
        let order = query.order == .upvotes ? "\(Self.upvotesSQL) DESC, submitted DESC, pk DESC" : "submitted DESC, pk DESC"
        return try writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM paper WHERE \(condition)", arguments: arguments) ?? 0
            // Rank keys first, then read the page's rows: sorting whole rows (abstracts and all)
            // made a day's page 10 times slower.
            let keys = try Int64.fetchAll(db, sql: "SELECT pk FROM paper WHERE \(condition) ORDER BY \(order) LIMIT ? OFFSET ?",
                                          arguments: arguments + [query.limit, query.offset])
            let records = try PaperRecord.filter(keys.contains(Column("pk"))).fetchAll(db)
            let byKey = Dictionary(records.compactMap { record in record.pk.map { ($0, record.paper) } }, uniquingKeysWith: { first, _ in first })
            return FeedPage(papers: keys.compactMap { byKey[$0] }, total: total)
        }
    }

    /// The latest feed day on or before `day` that has papers (the front page's default day).
    public func latestFeedDay(onOrBefore day: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT max(\(Self.feedDaySQL)) FROM paper WHERE \(Self.feedDaySQL) <= ?", arguments: [day])
        }
    }

    /// The nearest days with papers before and after `day`, for the feed's previous/next links.
    public func feedDays(around day: String) throws -> (previous: String?, next: String?) {
        try writer.read { db in
            (try String.fetchOne(db, sql: "SELECT max(\(Self.feedDaySQL)) FROM paper WHERE \(Self.feedDaySQL) < ?", arguments: [day]),
             try String.fetchOne(db, sql: "SELECT min(\(Self.feedDaySQL)) FROM paper WHERE \(Self.feedDaySQL) > ?", arguments: [day]))
        }
    }

    /// The categories of a span's papers, most frequent first (for the feed's category filter).
    public func feedCategories(firstDay: String, lastDay: String, limit: Int = 30) throws -> [StoreStatistics.Count] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT category, count(*) AS n FROM paperCategory
                WHERE paperPK IN (SELECT pk FROM paper WHERE \(Self.feedDaySQL) BETWEEN ? AND ?)
                GROUP BY category ORDER BY n DESC, category LIMIT ?
                """, arguments: [firstDay, lastDay, limit]).map { StoreStatistics.Count(key: $0[0], count: $0[1]) }
        }
    }

    /// What the trending formula needs of every paper in a span: a few columns, not whole rows,
    /// so that a month of papers is scored without decoding a month of abstracts.
    public func trendingCandidates(firstDay: String, lastDay: String, category: String? = nil) throws -> [Trending.Candidate] {
        let (condition, arguments) = feedCondition(firstDay: firstDay, lastDay: lastDay, category: category)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, \(Self.upvotesSQL), githubStars, \(Self.feedDaySQL) FROM paper WHERE \(condition)",
                             arguments: arguments).map {
                Trending.Candidate(id: $0[0], upvotes: $0[1], githubStars: $0[2], feedDay: $0[3])
            }
        }
    }

    /// The papers stored under these ids (bare ids), in the order given; unknown ids are left out.
    public func papers(ids: [String]) throws -> [Paper] {
        guard !ids.isEmpty else { return [] }
        return try writer.read { db in
            let records = try PaperRecord.filter(ids.contains(Column("id"))).fetchAll(db)
            let byID = Dictionary(records.map { ($0.id, $0.paper) }, uniquingKeysWith: { first, _ in first })
            return ids.compactMap { byID[$0] }
        }
    }

    private func feedCondition(firstDay: String, lastDay: String, category: String?) -> (String, StatementArguments) {
        var sql = "\(Self.feedDaySQL) BETWEEN ? AND ?"
        var arguments: [any DatabaseValueConvertible] = [firstDay, lastDay]
        if let category {
            let filter = CategoryFilter.condition([category], key: "pk")
            sql += " AND " + filter.sql
            arguments += filter.arguments
        }
        return (sql, StatementArguments(arguments))
    }
}
