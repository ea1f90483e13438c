import Foundation
import KeywordIndex
import PaperModels
import PaperStore

/// The store's papers in Paperboy's own keyword engine, in a directory beside the database. The
/// database stays the source of truth: the index records the change stamp it has caught up to,
/// `catchUp()` indexes what changed since (a crash only means doing that again), and `rebuild`
/// makes it anew from every paper.
public final class PaperKeywordIndex: Sendable {
    /// The fields and BM25F weights: as FTS5's column weights (title 5, abstract 1, authors 2).
    public static let schema = IndexSchema(fields: [.init(name: "title", weight: 5), .init(name: "abstract", weight: 1),
                                                    .init(name: "authors", weight: 2)])
    /// The commit's record of the newest change stamp indexed.
    static let watermarkKey = "paperChangedAt"
    public let directory: IndexDirectory
    let database: AppDatabase

    public init(path: String, database: AppDatabase) throws {
        directory = try IndexDirectory(path: path, schema: Self.schema)
        self.database = database
    }

    /// Indexes the papers changed since the last commit (all of them the first time), in commits
    /// of at most `batch` papers; returns how many were indexed.
    @discardableResult
    public func catchUp(batch: Int = 20_000, progress: (Int) -> Void = { _ in }) throws -> Int {
        let since = directory.userData[Self.watermarkKey]
        var after: Int64 = 0
        var newest = since
        var count = 0
        var pending: [IndexDocument] = []
        // Until the last batch is in, commits keep the old stamp: a crash midway redoes the catch-up.
        func flush(final: Bool) throws {
            guard !pending.isEmpty || (final && newest != since) else { return }
            try directory.commit(adding: pending, userData: [Self.watermarkKey: (final ? newest : since) ?? ""])
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            let papers = try database.indexablePapers(changedSince: since, afterPK: after, limit: min(batch, 5_000))
            guard let last = papers.last else { break }
            after = last.pk
            for paper in papers {
                pending.append(Self.document(paper))
                if newest.map({ paper.changedAt > $0 }) ?? true { newest = paper.changedAt }
            }
            count += papers.count
            progress(count)
            if pending.count >= batch { try flush(final: false) }
        }
        try flush(final: true)
        // Commits only add segments; merging them is a step of its own, after the catch-up.
        while try directory.merge() {}
        return count
    }

    /// Replaces the index with one built from every paper in the store.
    public func rebuild(progress: (Int) -> Void = { _ in }) throws {
        var newest = ""
        try directory.replaceAll(userData: [:]) { build in
            var after: Int64 = 0
            var count = 0
            while true {
                let papers = try database.indexablePapers(afterPK: after, limit: 5_000)
                guard let last = papers.last else { break }
                after = last.pk
                for paper in papers {
                    try build.add(Self.document(paper))
                    newest = max(newest, paper.changedAt)
                }
                count += papers.count
                progress(count)
            }
        }
        // The stamp goes in with an empty second commit: a crash before it only means a catch-up.
        try directory.commit(adding: [], userData: [Self.watermarkKey: newest])
    }

    static func document(_ paper: IndexablePaper) -> IndexDocument {
        IndexDocument(key: paper.pk, fields: [paper.title, paper.abstract, paper.authors.joined(separator: ", ")],
                      day: day(paper.submittedDay) ?? .min, tags: paper.categories, flags: paper.hasCode ? 1 : 0)
    }

    /// Days since 1970 of a `YYYY-MM-DD` day.
    static func day(_ text: String?) -> Int32? {
        text.flatMap(Day.date).map { Int32(($0.timeIntervalSince1970 / 86_400).rounded(.down)) }
    }
}
