import Foundation
import GRDB
import PaperModels

/// Counts for `paperboy stats`.
public struct StoreStatistics: Sendable, Equatable, Codable {
    public var papers: Int
    public var bySource: [Count]
    public var byCategory: [Count]
    public var byMonth: [Count]

    public struct Count: Sendable, Equatable, Codable {
        public var key: String
        public var count: Int
        public init(key: String, count: Int) {
            self.key = key
            self.count = count
        }
    }
}

extension AppDatabase {
    /// The paper stored under `id`; versioned (`2503.11677v2`), URL and `arXiv:` forms are accepted.
    public func paper(id: String) throws -> Paper? {
        let key = ArxivID(id)?.bare ?? id
        return try writer.read { db in try PaperRecord.filter(Column("id") == key).fetchOne(db)?.paper }
    }

    /// The row key of the paper stored under `id` (bare), nil when there is none.
    public func paperKey(id: String) throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT pk FROM paper WHERE id = ?"), arguments: [id]) }
    }

    /// Every paper's id by its row key (for evaluations, which map rankings back to their ids).
    public func paperIDsByKey() throws -> [Int64: String] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT pk, id FROM paper").map { ($0[0] as Int64, $0[1] as String) })
        }
    }

    public func paperCount() throws -> Int {
        try writer.read { db in try PaperRecord.fetchCount(db) }
    }

    /// Papers by source, by category (a paper counts once for each of its categories) and by
    /// month of first submission; `top` limits the category list.
    public func statistics(topCategories top: Int = 20) throws -> StoreStatistics {
        try writer.read { db in
            func counts(_ sql: String) throws -> [StoreStatistics.Count] {
                try Row.fetchAll(db, sql: sql).map { StoreStatistics.Count(key: $0[0] ?? "(none)", count: $0[1]) }
            }
            return StoreStatistics(
                papers: try PaperRecord.fetchCount(db),
                bySource: try counts("SELECT value, count(*) AS n FROM paper, json_each(paper.sources) GROUP BY value ORDER BY n DESC"),
                byCategory: try counts("SELECT category, count(*) AS n FROM paperCategory GROUP BY category ORDER BY n DESC, category LIMIT \(top)"),
                byMonth: try counts("SELECT substr(submittedDay, 1, 7) AS month, count(*) FROM paper GROUP BY month ORDER BY month DESC"))
        }
    }
}
