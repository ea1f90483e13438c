import Dispatch
import Foundation
import PaperModels
import PaperSearch
import PaperStore
import Synchronization

/// Writes batches of papers on a thread of its own while the caller parses the next ones, so that
/// parsing and SQLite's indexing use both cores. Batches are written in the order submitted; at
/// most `depth` wait, so memory stays bounded however large the input is. Each transaction's
/// written rows go on to `feed`, which keeps the keyword index in step.
///
/// The stages of a bulk ingest (parse, write, index, build) run on six threads over two cores;
/// the queues between them are four deep, and 16 rounds of lines may be in flight. The writer
/// used to take up to 0.4 s over one batch now and then (measured at the queue): SQLite's
/// checkpoints, inside its commits. Queues eight deep and 32 rounds let the other stages run
/// ahead meanwhile (3% faster) for 25–30 MiB more memory. With the checkpoints beside the writer
/// (`BulkCheckpoints`), the shallower queues are as fast again (four alternating pairs over a
/// million papers: 39.7–41.5 s either way) and the peak is back to about 221 MiB (real
/// papers: about 250 MiB instead of 270–290).
final class BatchWriter: @unchecked Sendable {
    struct Counts: Equatable {
        var inserted = 0
        var updated = 0
        var unchanged = 0
    }

    private let database: AppDatabase
    private let checkpoints: BulkCheckpoints
    private let feed: IngestIndexFeed?
    private let queue = DispatchQueue(label: "paperboy.ingest.writer")
    private let slots: DispatchSemaphore
    // Touched only on `queue`.
    private var counts = Counts()
    private var titleIndexSetAside = false
    // Read from the submitting thread without waiting for the queue: asking the queue (`sync`)
    // at each batch made the parser wait until every queued batch was written.
    private let writtenSoFar = Atomic<Int>(0)
    private let failure = Mutex<(any Error)?>(nil)

    init(database: AppDatabase, feed: IngestIndexFeed?, depth: Int = 4) throws {
        checkpoints = try database.prepareForBulkWrites()
        self.database = database
        self.feed = feed
        slots = DispatchSemaphore(value: depth)
    }

    /// An ingest that stopped on an error never called `finish()`: checkpoints go back to SQLite.
    deinit { try? checkpoints.stop() }

    /// Queues a batch; throws the error of an earlier batch, if one failed.
    func submit(_ batch: [Paper]) throws {
        if let failure = failure.withLock({ $0 }) { throw failure }
        let prepared = AppDatabase.prepare(batch)  // row building happens here, off the writer thread
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.failure.withLock({ $0 == nil }) else { return }
            do {
                if !self.titleIndexSetAside, Self.isBulk(batch) {
                    try self.database.setAsideTitleIndex()
                    self.titleIndexSetAside = true
                }
                let written = try self.database.write(prepared)
                self.feed?.add(written)
                self.writtenSoFar.add(written.results.count, ordering: .relaxed)
                for result in written.results {
                    switch result {
                    case .inserted: self.counts.inserted += 1
                    case .updated: self.counts.updated += 1
                    case .unchanged: self.counts.unchanged += 1
                    }
                }
                // Last: the batch is stored, handed to the index and counted whatever a copy does.
                try self.checkpoints.afterTransaction()
            } catch {
                self.failure.withLock { $0 = error }
            }
        }
    }

    /// A batch of many arXiv papers and no title-only ones: an ingest that should not keep the
    /// whole-table title index up to date paper by paper (see `AppDatabase.setAsideTitleIndex`).
    private static func isBulk(_ batch: [Paper]) -> Bool {
        batch.count >= 1_000 && !batch.contains { $0.id.hasPrefix("local:") }
    }

    /// Papers written so far (the batches still queued are not counted).
    var written: Int { writtenSoFar.load(ordering: .relaxed) }

    /// Waits for every queued batch and returns what they did, or the first error.
    func finish() throws -> Counts {
        try queue.sync {
            try checkpoints.stop()
            if let failure = failure.withLock({ $0 }) { throw failure }
            return counts
        }
    }
}
