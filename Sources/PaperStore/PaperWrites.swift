import Foundation
import GRDB
import PaperModels

/// What an upsert did to each paper it was given.
public enum UpsertResult: Sendable, Equatable {
    case inserted
    case updated
    case unchanged
}

extension AppDatabase {
    /// Stores `papers` in one transaction: each is merged into the record stored under its id
    /// (see `Paper.merged(with:)`), or inserted. A paper known only by title (`local:` id) and an
    /// arXiv record of the same title become one record, under the arXiv id.
    /// Either the whole batch is written or, on error or a kill, none of it.
    @discardableResult
    public func upsert(_ papers: [Paper], now: Date = Date()) throws -> [UpsertResult] {
        try writer.write { db in
            let lastPK = try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(pk), 0) FROM paper")) ?? 0
            let results = try papers.map { try Self.upsert($0, in: db, now: now) }
            // Index this batch's new papers in one statement (pk is AUTOINCREMENT: new rows are above lastPK).
            try db.cachedStatement(sql: """
                INSERT INTO paperFTS(rowid, title, abstract, authors) SELECT pk, title, abstract, authors FROM paper WHERE pk > ?
                """).execute(arguments: [lastPK])
            return results
        }
    }

    private static func upsert(_ incoming: Paper, in db: Database, now: Date) throws -> UpsertResult {
        let titleKey = Text.titleKey(incoming.title)
        // Cached statements: compiling SQL for each paper would cost more than storing it.
        var existing = try PaperRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM paper WHERE id = ?"), arguments: [incoming.id])
        if existing == nil {
            existing = try sameTitleRecord(for: incoming, titleKey: titleKey, in: db)
        }
        guard let existing, let pk = existing.pk else {
            var record = PaperRecord(incoming, pk: nil, changedAt: now)
            try record.insert(db)
            try writeCategories(record.categories, pk: record.pk, in: db)
            return .inserted
        }
        var merged = existing.paper.merged(with: incoming)
        if merged.id.hasPrefix("local:") && !incoming.id.hasPrefix("local:") { merged.id = incoming.id }
        if merged == existing.paper { return .unchanged }
        let record = PaperRecord(merged, pk: pk, changedAt: now)
        try record.update(db)
        if record.categories != existing.categories { try writeCategories(record.categories, pk: pk, in: db) }
        return .updated
    }

    /// The record that `incoming` should join although the ids differ: a listing paper (no id)
    /// and an arXiv paper with the same title are the same paper.
    private static func sameTitleRecord(for incoming: Paper, titleKey: String, in db: Database) throws -> PaperRecord? {
        guard !titleKey.isEmpty else { return nil }
        let sql = incoming.id.hasPrefix("local:")
            ? "SELECT * FROM paper WHERE titleKey = ? LIMIT 1"
            : "SELECT * FROM paper WHERE titleKey = ? AND id LIKE 'local:%' LIMIT 1"
        return try PaperRecord.fetchOne(db.cachedStatement(sql: sql), arguments: [titleKey])
    }

    private static func writeCategories(_ categories: [String], pk: Int64?, in db: Database) throws {
        guard let pk else { return }
        try db.cachedStatement(sql: "DELETE FROM paperCategory WHERE paperPK = ?").execute(arguments: [pk])
        let insert = try db.cachedStatement(sql: "INSERT INTO paperCategory (category, paperPK) VALUES (?, ?)")
        for category in Set(categories) { try insert.execute(arguments: [category, pk]) }
    }
}
