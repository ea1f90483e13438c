import Dispatch
import Foundation
import KeywordIndex
import PaperStore
import Synchronization

/// Indexes the papers of a bulk ingest as the store writes them, on a thread of its own, instead
/// of reading every paper back out of the database after the ingest (`catchUp`). It indexes the
/// rows each transaction wrote (merged records as stored, not the parsed papers) and commits a
/// segment every `commitSize` papers, built in memory.
///
/// The database stays the source of truth. A commit advances the index's watermark only over
/// the ingest's own transactions, and only while they follow one another with no other writer in
/// between (`StampChain`), so the watermark never claims a paper the index does not hold. A kill
/// leaves the last commit; the next catch-up indexes the rest. Whatever the feed cannot vouch for
/// (another writer came in between, or another process indexed meanwhile) is left to that catch-up.
public final class IngestIndexFeed: @unchecked Sendable {
    private let index: PaperKeywordIndex
    private let commitSize: Int
    private let queue = DispatchQueue(label: "paperboy.ingest.keyword-index")
    /// Segments are written and committed here, in order, while the next one is built: written
    /// on `queue`, each commit stopped the whole pipeline for a moment, and a million-paper
    /// ingest left its cores idle 8% of the time.
    private let commitQueue = DispatchQueue(label: "paperboy.ingest.keyword-commits")
    /// One segment waits to be committed at most: a second finished one waits for it, so memory
    /// holds at most two segments' worth of postings.
    private let commitSlot = DispatchSemaphore(value: 1)
    /// Merges run here, beside the indexing (see `scheduleMerges`).
    private let mergeQueue = DispatchQueue(label: "paperboy.ingest.keyword-merges")
    /// At most this many written batches wait for the feed: memory stays bounded (see `BatchWriter`).
    private let slots = DispatchSemaphore(value: 4)
    // Touched only on `queue`.
    private var chain: StampChain?
    private var build: SegmentBuild?
    /// The keys in `build`, and the stamp of its first transaction.
    private var keys = Set<Int64>()
    private var firstStamp: String?
    private var stopped = false
    private var failure: Error?
    // Touched only on `commitQueue`.
    private var indexed = 0
    private var commitFailure: Error?
    private var mergeScheduled = false
    /// Set on `commitQueue` when a commit failed or was refused: later ones are not made, and
    /// `queue` stops building them.
    private let commitsStopped = Atomic<Bool>(false)
    // Touched only on `mergeQueue`.
    private var mergeFailure: Error?

    /// Brings `index` up to date first (nothing to do when it is), so that the ingest's
    /// transactions follow on from what it holds.
    public init(index: PaperKeywordIndex, commitSize: Int = 24_000) throws {
        self.index = index
        self.commitSize = commitSize
        try index.catchUp()
    }

    /// Takes one transaction's written rows; call in the order the transactions committed.
    /// Waits while the feed is four batches behind.
    public func add(_ batch: WrittenBatch) {
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard !stopped else { return }
            do { try take(batch) } catch {
                (failure, stopped, build) = (error, true, nil)
            }
        }
    }

    /// Commits what is left and merges segments while there are too many; returns how many papers
    /// the feed indexed, or the error that stopped it.
    public func finish() throws -> Int {
        try queue.sync {
            if let failure { throw failure }
            if !stopped { commit() }
        }
        let count = try commitQueue.sync { () throws -> Int in
            if let commitFailure { throw commitFailure }
            return indexed
        }
        if let failure = mergeQueue.sync(execute: { mergeFailure }) { throw failure }
        try index.mergeSegments()
        return count
    }

    private func take(_ batch: WrittenBatch) throws {
        var chain = self.chain ?? StampChain(start: batch.previousStamp)
        chain.extend(with: batch)
        self.chain = chain
        guard !batch.papers.isEmpty else { return }
        if commitsStopped.load(ordering: .relaxed) {
            (stopped, build) = (true, nil)
            return
        }
        // A paper written twice in one batch (the input repeats it) is indexed as last written; a
        // paper already in the build is written anew: commit first, so that no segment holds a key twice.
        var latest: [Int64: Int] = [:]
        for (position, paper) in batch.papers.enumerated() { latest[paper.pk] = position }
        if batch.papers.contains(where: { keys.contains($0.pk) }) { commit() }
        let build = self.build ?? SegmentBuild(schema: PaperKeywordIndex.schema, temporaryDirectory: index.path, flushPositions: .max, threads: 1)
        self.build = build
        if firstStamp == nil { firstStamp = batch.stamp }
        for (position, paper) in batch.papers.enumerated() where latest[paper.pk] == position {
            try build.add(PaperKeywordIndex.document(paper))
            keys.insert(paper.pk)
        }
        if keys.count >= commitSize { commit() }
    }

    /// Merges the segments the commits leave while the ingest goes on, on a thread of its own.
    /// Merged on `queue`, they held up indexing, and through it the writer and the parser, for
    /// seconds at a time (a million-paper ingest took 126 s instead of about 108). Merges of up to
    /// `16 × commitSize` papers run here; larger ones wait for `finish`. Since merges copy postings
    /// blocks instead of decoding them (`SegmentMerger`), they cost little memory: the cap was
    /// `4 × commitSize`, which left `finish` a 10 s merge of 440,000 papers at the end of a
    /// million-paper ingest; it now finishes in about a second (its last commit included).
    private func scheduleMerges() {
        guard !mergeScheduled else { return }
        mergeScheduled = true
        mergeQueue.async { [self] in
            do { try index.mergeSegments(maxDocuments: 16 * commitSize) } catch { mergeFailure = error }
            commitQueue.async { self.mergeScheduled = false }
        }
    }

    /// Hands the segment built so far to `commitQueue` and starts the next one.
    private func commit() {
        guard let finished = build, let firstStamp, let chain else { return }
        // Handed over: `queue` never touches this build again, so one thread at a time does.
        nonisolated(unsafe) let build = finished
        let keys = self.keys
        (self.build, self.firstStamp, self.keys) = (nil, nil, [])
        commitSlot.wait()
        commitQueue.async { [self] in
            defer { commitSlot.signal() }
            guard !commitsStopped.load(ordering: .relaxed) else { return }
            do {
                guard try index.commitIngested(build, keys: keys, firstStamp: firstStamp, chain: chain) else {
                    commitsStopped.store(true, ordering: .relaxed)
                    return
                }
                indexed += keys.count
                scheduleMerges()
            } catch {
                commitFailure = error
                commitsStopped.store(true, ordering: .relaxed)
            }
        }
    }
}

/// The ingest's transactions as a run of change stamps that no other writer interleaves: from the
/// newest stamp before the first (`start`, nil for an empty store) to the last one that wrote a
/// paper (`end`). Every paper change stamped in (start, end] is then one of the ingest's.
struct StampChain {
    let start: String?
    private(set) var end: String?
    /// False once a transaction found a newer stamp than `end`: another writer came in between.
    private(set) var unbroken = true

    init(start: String?) {
        self.start = start
        end = start
    }

    mutating func extend(with batch: WrittenBatch) {
        guard unbroken, batch.previousStamp == end else {
            unbroken = false
            return
        }
        if !batch.papers.isEmpty { end = batch.stamp }
    }

    /// Whether an index that holds every change up to `watermark` and this chain's papers holds
    /// every change up to `end`: when the watermark reaches the chain's start.
    func continues(_ watermark: String?) -> Bool {
        guard let start else { return true }
        return watermark.map { $0 >= start } ?? false
    }
}

extension PaperKeywordIndex {
    /// Commits an ingest's segment: see `IngestIndexFeed`. Returns false, committing nothing,
    /// when the index already went past `firstStamp` (another process indexed these papers,
    /// perhaps newer versions of them) or holds another database's papers: a catch-up takes over.
    func commitIngested(_ build: SegmentBuild, keys: Set<Int64>, firstStamp: String, chain: StampChain) throws -> Bool {
        try write { directory -> Bool in
            let userData = directory.userData
            var watermark = userData[Self.watermarkKey]
            if userData[Self.storeKey] != identity {
                guard directory.snapshot.documentCount == 0 else { return false }
                watermark = nil
            }
            if let watermark, watermark >= firstStamp { return false }
            if chain.continues(watermark), let end = chain.end, end > (watermark ?? "") { watermark = end }
            try directory.commit(build, deleting: keys, userData: self.userData(watermark: watermark))
            return true
        }
    }
}
