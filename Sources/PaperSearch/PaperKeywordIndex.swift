import Foundation
import KeywordIndex
import PaperModels
import PaperStore

/// The store's papers in Paperboy's own keyword engine, in a directory beside the database. The
/// database stays the source of truth: the index records the change stamp it has caught up to,
/// `refresh()` (before every search) indexes what changed since, and `rebuild` makes it anew from
/// every paper. A crash or a kill at any moment only means indexing those papers again.
///
/// Several processes may share the directory (the site, and `paperboy ingest` beside it): every
/// write, and every opening, happens under an exclusive lock on the directory, and a process that
/// finds another's commit on disk reopens the index before it adds its own.
public final class PaperKeywordIndex: @unchecked Sendable {
    /// The fields and BM25F weights: as FTS5's column weights (title 5, abstract 1, authors 2).
    public static let schema = IndexSchema(fields: [.init(name: "title", weight: 5), .init(name: "abstract", weight: 1),
                                                    .init(name: "authors", weight: 2)])
    /// The commit's record of the newest change stamp indexed.
    static let watermarkKey = "paperChangedAt"
    /// The commit's record of which database it indexes (`AppDatabase.storeIdentity`).
    static let storeKey = "store"
    public let path: String
    let database: AppDatabase
    let identity: String
    /// Guards `current` and `commitStamp`.
    private let lock = NSLock()
    /// One writer at a time in this process (the directory lock orders processes).
    private let writing = NSLock()
    private var current: IndexDirectory
    private var commitStamp: [Int]
    private var leavesMerges = false

    /// Opens the index at `path`, made anew when it belongs to another database (a new database
    /// file at the same path reuses paper keys); `refresh` or `catchUp` brings it up to date.
    public init(path: String, database: AppDatabase) throws {
        self.path = path
        self.database = database
        identity = try database.storeIdentity()
        (current, commitStamp) = try IndexDirectoryLock.withExclusive(path) {
            (try IndexDirectory(path: path, schema: Self.schema), IndexDirectoryLock.commitStamp(path))
        }
    }

    /// Whether catch-ups leave merging to `mergeSegments()` (`runMerges` in the background, as
    /// `serve` does), so that a search that catches up never waits for a merge.
    public var mergesInBackground: Bool {
        get { lock.withLock { leavesMerges } }
        set { lock.withLock { leavesMerges = newValue } }
    }

    /// The live index (a catch-up replaces it when another process committed meanwhile).
    public var directory: IndexDirectory { lock.withLock { current } }

    /// Whether the index holds this database's papers as they are now: one indexed read.
    public func isCurrent() throws -> Bool {
        let userData = directory.userData
        return try userData[Self.storeKey] == identity && database.lastPaperChange() == userData[Self.watermarkKey]
    }

    /// Indexes what changed since the last commit when anything did: cheap when nothing did, so
    /// every search calls it, and papers harvested or ingested while serving are found at once.
    public func refresh() throws {
        if try !isCurrent() { try catchUp() }
    }

    /// Indexes the papers changed since the last commit, in commits of at most `batch` papers;
    /// returns how many were indexed. A new index, or one of another database, is built whole.
    @discardableResult
    public func catchUp(batch: Int = 20_000, progress: (Int) -> Void = { _ in }) throws -> Int {
        try write { directory in
            var since = directory.userData[Self.watermarkKey]
            if directory.userData[Self.storeKey] != identity {
                // Another database's papers (or none yet): start empty and index every paper, in
                // the same bounded batches (a bulk rebuild holds far more in memory).
                if directory.snapshot.documentCount > 0 { try directory.replaceAll(userData: [:]) { _ in } }
                since = nil
            }
            // Up to the newest stamp now: a write after this read gets a newer one (stamps only
            // grow), and the next catch-up takes it, even where it touches a page read already.
            guard let target = try database.lastPaperChange(), target != since else { return 0 }
            var after: Int64 = 0
            var count = 0
            var pending: [IndexDocument] = []
            // Until the last batch is in, commits keep the old stamp: a crash midway redoes the catch-up.
            func flush(final: Bool) throws {
                guard !pending.isEmpty || final else { return }
                try directory.commit(adding: pending, userData: userData(watermark: final ? target : since))
                pending.removeAll(keepingCapacity: true)
            }
            while true {
                let papers = try database.indexablePapers(changedAfter: since, changedUpTo: target, afterPK: after, limit: min(batch, 5_000))
                guard let last = papers.last else { break }
                after = last.pk
                pending += papers.map(Self.document)
                count += papers.count
                progress(count)
                if pending.count >= batch { try flush(final: false) }
            }
            try flush(final: true)
            // Commits only add segments; merging them is a step of its own, after the catch-up
            // (or in the background, see `runMerges`).
            if !mergesInBackground { while try directory.merge() {} }
            return count
        }
    }

    /// Merges segments until few enough are left; returns how many merges it made. Each merged
    /// segment is written while searches and catch-ups go on, and swapped in as a commit of its
    /// own (dropped when another process committed meanwhile: the next pass merges again).
    /// `maxDocuments` leaves larger merges for later (see `IngestIndexFeed`).
    @discardableResult
    public func mergeSegments(maxDocuments: Int = .max) throws -> Int {
        var merges = 0
        while true {
            let directory = self.directory
            guard let pending = try directory.prepareMerge(maxDocuments: maxDocuments) else { return merges }
            let swapped = try write { current in
                // Another process's commit reopened the index meanwhile: the merge is dropped.
                current === directory ? try current.completeMerge(pending) : false
            }
            guard swapped else { return merges }
            merges += 1
        }
    }

    /// Runs `mergeSegments()` every `interval` until the task is cancelled (with
    /// `mergesInBackground` set); `log` hears of merges and failures.
    public func runMerges(every interval: Duration, log: @Sendable (String) -> Void) async {
        while !Task.isCancelled {
            do {
                let merges = try mergeSegments()
                if merges > 0 { log("Keyword index: \(merges) background merge(s), \(directory.snapshot.segments.count) segments now") }
            } catch {
                log("Keyword index: background merge failed: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// Replaces the index with one built from every paper in the store, by the bulk builder
    /// (`paperboy reindex`: faster than a catch-up, and holds more in memory).
    public func rebuild(progress: (Int) -> Void = { _ in }) throws {
        try write { directory in
            let target = try database.lastPaperChange()
            var count = 0
            try directory.replaceAll(userData: [:]) { build in
                var after: Int64 = 0
                while true {
                    let papers = try database.indexablePapers(afterPK: after, limit: 5_000)
                    guard let last = papers.last else { break }
                    after = last.pk
                    for paper in papers { try build.add(Self.document(paper)) }
                    count += papers.count
                    progress(count)
                }
            }
            // The stamp goes in with an empty second commit: a crash before it only means building again.
            try directory.commit(adding: [], userData: userData(watermark: target))
        }
    }

    /// What a commit records: this database, and the newest change stamp indexed (none while the
    /// database has no papers, as `lastPaperChange` then says).
    func userData(watermark: String?) -> [String: String] {
        var userData = [Self.storeKey: identity]
        userData[Self.watermarkKey] = watermark
        return userData
    }

    /// Runs `body` as the only writer of the directory, on the index as it is on disk.
    func write<T>(_ body: (IndexDirectory) throws -> T) throws -> T {
        try writing.withLock {
            try IndexDirectoryLock.withExclusive(path) {
                var (directory, stamp) = lock.withLock { (current, commitStamp) }
                if IndexDirectoryLock.commitStamp(path) != stamp {
                    directory = try IndexDirectory(path: path, schema: Self.schema)
                }
                defer {
                    stamp = IndexDirectoryLock.commitStamp(path)
                    lock.withLock { (current, commitStamp) = (directory, stamp) }
                }
                return try body(directory)
            }
        }
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
