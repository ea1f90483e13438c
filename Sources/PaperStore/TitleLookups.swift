import GRDB
import PaperModels

/// Finding the paper a title-only record (a `local:` id, from a page listing) is the same as.
///
/// Two look-ups, two indexes:
/// - an arXiv paper looks for a title-only paper of its title: a partial index over the
///   title-only papers, always kept (a handful of rows);
/// - a title-only paper looks for any paper of its title: an index over every title, made when
///   such a paper first needs it and set aside by a bulk ingest of arXiv papers.
///
/// Why the second is not always kept: titles arrive in no order, so each new paper dirtied a
/// random page of a whole-table title index. At a million papers that index alone made a bulk
/// ingest a fifth slower (137 s against 109 s; write-ahead log and page reads). The index is
/// derived, so dropping it can lose nothing, and every look-up that needs it makes it first.
extension AppDatabase {
    static func registerTitleLookupMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-title-lookups") { db in
            try db.execute(sql: """
                DROP INDEX paper_on_titleKey;
                CREATE INDEX paper_localTitle ON paper(titleKey) WHERE \(localIDCondition);
                """)
        }
    }

    /// The ids of title-only papers: a range of the id index, and the partial index's condition.
    static let localIDCondition = "id >= 'local:' AND id < 'local;'"

    /// The record that `incoming` should join although the ids differ: a listing paper (no id)
    /// and an arXiv paper with the same title are the same paper.
    static func sameTitleRecord(for incoming: Paper, titleKey: String, in db: Database) throws -> PaperRecord? {
        guard !titleKey.isEmpty else { return nil }
        if incoming.id.hasPrefix("local:") {
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS paper_titleKey ON paper(titleKey)")
            return try PaperRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM paper WHERE titleKey = ? LIMIT 1"), arguments: [titleKey])
        }
        return try PaperRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM paper WHERE titleKey = ? AND \(localIDCondition) LIMIT 1"),
                                        arguments: [titleKey])
    }

    /// Whether any title-only paper is stored: without one, arXiv papers need no title look-up.
    static func hasTitleOnlyPapers(in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM paper WHERE \(localIDCondition))")) ?? true
    }

    /// Sets the whole-table title index aside for a bulk ingest of arXiv papers (see above); the
    /// next title-only paper makes it again.
    public func setAsideTitleIndex() throws {
        try writer.write { db in try db.execute(sql: "DROP INDEX IF EXISTS paper_titleKey") }
    }
}
