import Foundation
import GRDB
import PaperModels

/// What an upsert did to each paper it was given.
public enum UpsertResult: Sendable, Equatable {
    case inserted
    case updated
    case unchanged
}

/// Papers already turned into table rows (see `AppDatabase.prepare`).
public struct PreparedPapers: Sendable {
    let papers: [Paper]
    let rows: [PaperRecord]
    /// Each row's column values after `pk`, ready to bind to the insert statement.
    let insertValues: [[DatabaseValue]]
    let now: Date
}

extension AppDatabase {
    /// Stores `papers` in one transaction: each is merged into the record stored under its id
    /// (see `Paper.merged(with:)`), or inserted. A paper known only by title (`local:` id) and an
    /// arXiv record of the same title become one record, under the arXiv id.
    /// Either the whole batch is written or, on error or a kill, none of it.
    @discardableResult
    public func upsert(_ papers: [Paper], now: Date = Date()) throws -> [UpsertResult] {
        try upsert(Self.prepare(papers, now: now))
    }

    /// Turns papers into table rows ahead of `upsert(_:)`, on the caller's thread: a bulk ingest
    /// prepares the next batch while the database writes the previous one.
    public static func prepare(_ papers: [Paper], now: Date = Date()) -> PreparedPapers {
        // One pass, each row's values taken from it in place: two passes copied every row.
        var rows: [PaperRecord] = []
        var insertValues: [[DatabaseValue]] = []
        rows.reserveCapacity(papers.count)
        insertValues.reserveCapacity(papers.count)
        for paper in papers {
            let row = PaperRecord(paper, pk: nil, changedAt: now)
            var values = row.databaseValues
            values.removeFirst()  // the key, which SQLite assigns
            insertValues.append(values)
            rows.append(row)
        }
        return PreparedPapers(papers: papers, rows: rows, insertValues: insertValues, now: now)
    }

    /// Stores prepared papers; see `upsert(_:now:)`.
    @discardableResult
    public func upsert(_ batch: PreparedPapers) throws -> [UpsertResult] {
        try write(batch).results
    }

    /// Prepares the writer connection for a bulk ingest. The write-ahead log is copied back into
    /// the database every 256 MiB instead of every 4 MiB (at a batch per checkpoint, the same
    /// index pages were rewritten and the file synced once per batch), on a thread of its own
    /// (`BulkCheckpoints`; call its `afterTransaction()` after each write and `stop()` at the
    /// end). Crash safety is the log's, not the checkpoint's: a kill still leaves every committed
    /// batch whole. The page cache shrinks to 16 MiB: appending papers touches the right-hand
    /// edges of the table and its indexes (none takes keys in random order, see `TitleLookups`),
    /// and the default 64 MiB only added to a million-paper ingest's peak memory.
    public func prepareForBulkWrites(checkpointPages: Int = 16384) throws -> BulkCheckpoints {
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -16384") }
        return try BulkCheckpoints(database: self, limit: checkpointPages)
    }

    /// Stores prepared papers (see `upsert(_:now:)`) and returns the rows as written, for an
    /// index that follows the store during a bulk ingest.
    public func write(_ batch: PreparedPapers) throws -> WrittenBatch {
        try writer.write { db in try Self.write(batch, in: db) }
    }

    /// The upsert inside a transaction that may write more (a harvest stores its state with the papers).
    static func upsert(_ batch: PreparedPapers, in db: Database) throws -> [UpsertResult] {
        try write(batch, in: db).results
    }

    private static func write(_ batch: PreparedPapers, in db: Database) throws -> WrittenBatch {
        let previous = try lastPaperChange(in: db)
        let batch = batch.stamped(changeStamp(atLeast: batch.now, after: previous))
        // Without any title-keyed paper stored, arXiv papers need no look-up by title.
        let hasLocal = try hasTitleOnlyPapers(in: db)
        let inserts = try PaperInserts(db)
        var written = WrittenBatch(previousStamp: previous, stamp: DatabaseDate.text(batch.now))
        written.results.reserveCapacity(batch.papers.count)
        for index in batch.papers.indices {
            // A new arXiv paper costs one statement, not a look-up followed by an insert. With
            // title-only papers stored, it may also be one of them, which `upsert` looks for.
            if !hasLocal && !batch.rows[index].id.hasPrefix("local:"),
               let pk = try inserts.insertIfNew(values: batch.insertValues[index], categories: batch.rows[index].categories, in: db) {
                written.results.append(.inserted)
                written.papers.append(IndexablePaper(batch.rows[index], pk: pk, changedAt: written.stamp))
                continue
            }
            let (result, row) = try Self.upsert(batch.papers[index], row: batch.rows[index], values: batch.insertValues[index], hasLocal: hasLocal,
                                                inserts: inserts, in: db, now: batch.now)
            written.results.append(result)
            if let row, let pk = row.pk { written.papers.append(IndexablePaper(row, pk: pk, changedAt: written.stamp)) }
        }
        return written
    }

    /// What the upsert of a paper not inserted as new did, and the row it wrote (none when unchanged).
    private static func upsert(_ incoming: Paper, row: PaperRecord, values: [DatabaseValue], hasLocal: Bool, inserts: PaperInserts,
                               in db: Database, now: Date) throws -> (UpsertResult, PaperRecord?) {
        var existing = try PaperRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM paper WHERE id = ?"), arguments: [incoming.id])
        if existing == nil && (hasLocal || incoming.id.hasPrefix("local:")) {
            existing = try sameTitleRecord(for: incoming, titleKey: row.titleKey, in: db)
        }
        guard let existing, let pk = existing.pk else {
            guard let pk = try inserts.insertIfNew(values: values, categories: row.categories, in: db) else {
                throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "paper \(incoming.id) appeared during its own upsert")
            }
            var inserted = row
            inserted.pk = pk
            return (.inserted, inserted)
        }
        var merged = existing.paper.merged(with: incoming)
        if merged.id.hasPrefix("local:") && !incoming.id.hasPrefix("local:") { merged.id = incoming.id }
        if merged == existing.paper { return (.unchanged, nil) }
        let record = PaperRecord(merged, pk: pk, changedAt: now)
        try record.update(db)
        if record.categories != existing.categories {
            try db.cachedStatement(sql: "DELETE FROM paperCategory WHERE paperPK = ?").execute(arguments: [pk])
            try inserts.insertCategories(record.categories, pk: pk)
        }
        return (.updated, record)
    }
}

/// The statements that store a new paper, prepared once per transaction: looking a cached
/// statement up by its SQL (hashing the text) for every paper showed in a bulk ingest's profile.
private struct PaperInserts {
    /// Inserts a row unless a paper of its id is stored.
    private static let paperSQL = """
        INSERT INTO paper (\(PaperRecord.columnNames.dropFirst().joined(separator: ", ")))
        VALUES (\(Array(repeating: "?", count: PaperRecord.columnNames.count - 1).joined(separator: ", ")))
        ON CONFLICT(id) DO NOTHING
        """
    private let paper: RawStatement
    private let category: RawStatement

    init(_ db: Database) throws {
        paper = try RawStatement(Self.paperSQL, in: db)
        category = try RawStatement("INSERT INTO paperCategory (category, paperPK) VALUES (?, ?)", in: db)
    }

    /// The key of the row inserted with `values` (a row's values after `pk`); nil when a paper
    /// of its id is already stored.
    func insertIfNew(values: [DatabaseValue], categories: [String], in db: Database) throws -> Int64? {
        try paper.run(values)
        guard paper.changes > 0 else { return nil }
        let pk = db.lastInsertedRowID
        try insertCategories(categories, pk: pk)
        return pk
    }

    func insertCategories(_ categories: [String], pk: Int64) throws {
        // A few categories each: a repeated one is found by looking back, without building a Set.
        for (index, name) in categories.enumerated() where !categories[..<index].contains(name) {
            try category.run(name, pk)
        }
    }
}

extension PreparedPapers {
    /// The same rows with another change stamp.
    func stamped(_ stamp: Date) -> PreparedPapers {
        guard stamp != now else { return self }
        let column = PaperRecord.columnNames.firstIndex(of: "changedAt")! - 1  // the values start after pk
        let text = DatabaseDate.text(stamp).databaseValue
        return PreparedPapers(papers: papers, rows: rows.map { var row = $0; row.changedAt = stamp; return row },
                              insertValues: insertValues.map { var values = $0; values[column] = text; return values }, now: stamp)
    }
}
