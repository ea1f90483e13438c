import Foundation
import GRDB

/// A paper as a keyword index outside the database reads it: its key, texts and filter columns,
/// and when it last changed (how an index catches up with the store).
public struct IndexablePaper: Sendable, Equatable {
    public var pk: Int64
    public var title: String
    public var abstract: String
    public var authors: [String]
    public var categories: [String]
    /// First-submitted day, `YYYY-MM-DD`.
    public var submittedDay: String?
    public var hasCode: Bool
    /// The store's change stamp, as stored (sortable text): `changedAfter:` takes it back.
    public var changedAt: String
}

extension AppDatabase {
    /// Papers in key order after `afterPK`, at most `limit`; with `changedAfter` and `changedUpTo`,
    /// only those whose change stamp is in that range.
    public func indexablePapers(changedAfter: String? = nil, changedUpTo: String? = nil, afterPK: Int64 = 0, limit: Int) throws -> [IndexablePaper] {
        try writer.read { db in
            var sql = "SELECT * FROM paper WHERE pk > ?"
            var arguments: [any DatabaseValueConvertible] = [afterPK]
            if let changedAfter {
                sql += " AND changedAt > ?"
                arguments.append(changedAfter)
            }
            if let changedUpTo {
                sql += " AND changedAt <= ?"
                arguments.append(changedUpTo)
            }
            sql += " ORDER BY pk LIMIT ?"
            arguments.append(limit)
            return try PaperRecord.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).compactMap { record in
                record.pk.map { IndexablePaper(record, pk: $0, changedAt: DatabaseDate.text(record.changedAt)) }
            }
        }
    }
}

extension IndexablePaper {
    /// A stored row, under key `pk`, as an index reads it.
    init(_ record: PaperRecord, pk: Int64, changedAt: String) {
        self.init(pk: pk, title: record.title, abstract: record.abstract, authors: record.authors, categories: record.categories,
                  submittedDay: record.submittedDay, hasCode: record.hasCode, changedAt: changedAt)
    }
}

/// What one upsert transaction did: each paper's result, the rows it wrote (inserted or updated,
/// merged records as stored), and the change stamps before and of the transaction, which tell an
/// index following the ingest whether any other writer came in between.
public struct WrittenBatch: Sendable {
    public var results: [UpsertResult] = []
    /// The rows written, in the order given.
    public var papers: [IndexablePaper] = []
    /// The newest change stamp stored before this transaction (nil: no papers yet).
    public var previousStamp: String?
    /// This transaction's change stamp (stored only when `papers` is not empty).
    public var stamp: String
}
