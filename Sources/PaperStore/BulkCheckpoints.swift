import Dispatch
import GRDB
import GRDBSQLite
import Synchronization

/// Keeps a bulk ingest's write-ahead log short without holding up the writer.
///
/// SQLite's own checkpoint runs inside the commit that takes the log past its limit: the writer
/// waits while the log is synced, copied into the database and the database synced. That is
/// 0.3–0.4 s per 256 MiB of log, seven times in a million-paper ingest, and the stages before
/// and after the writer ran dry meanwhile (dips in the cores' use every few seconds).
///
/// Here a connection of its own copies the log on another thread while the writer goes on.
/// Then the writer copies what it wrote meanwhile, a small part, between two transactions:
/// SQLite starts the log over at the next transaction only once all of it is copied.
/// Checkpoints of the PASSIVE kind never block or break a transaction, and the log is still
/// synced before the database is written, so crash safety is what it was.
public final class BulkCheckpoints: @unchecked Sendable {
    private let database: AppDatabase
    private let helper: DatabaseQueue?
    private let queue = DispatchQueue(label: "paperboy.ingest.checkpoints")
    private let limit: Int
    /// The log's length in pages after the writer's last commit (set by SQLite's WAL hook).
    private let pagesInLog: PageCount
    private let phase = Atomic<Phase>(.idle)
    private var stopped = false
    private enum Phase: UInt8, AtomicRepresentable {
        case idle
        /// The helper is copying the log.
        case copying
        /// The helper copied the log as it was when it began; the writer copies the rest.
        case copied
    }

    /// Counted pages, shared with the C hook, which holds a reference of its own until `stop()`.
    private final class PageCount: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Takes over checkpoints on `database`'s writer connection, copying the log once it holds
    /// `limit` pages. Without a file (an in-memory database), checkpoints stay SQLite's.
    init(database: AppDatabase, limit: Int) throws {
        self.database = database
        self.limit = limit
        pagesInLog = PageCount()
        guard let path = database.path else {
            helper = nil
            return
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        helper = try DatabaseQueue(path: path, configuration: configuration)
        let context = Unmanaged.passRetained(pagesInLog).toOpaque()
        try database.writer.writeWithoutTransaction { db in
            // Replaces SQLite's automatic checkpoints, which are made through this same hook.
            _ = sqlite3_wal_hook(db.sqliteConnection, { context, _, _, pages in
                Unmanaged<PageCount>.fromOpaque(context!).takeUnretainedValue().value.store(Int(pages), ordering: .relaxed)
                return SQLITE_OK
            }, context)
        }
    }

    /// Call after each of the writer's transactions, on the thread that writes.
    public func afterTransaction() throws {
        guard let helper else { return }
        if phase.compareExchange(expected: .copied, desired: .idle, ordering: .acquiringAndReleasing).exchanged {
            try database.writer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } else if pagesInLog.value.load(ordering: .relaxed) >= limit,
                  phase.compareExchange(expected: .idle, desired: .copying, ordering: .acquiringAndReleasing).exchanged {
            queue.async { [self] in
                // A failed copy (another process checkpointing, say) leaves the log to the writer's.
                _ = try? helper.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                phase.store(.copied, ordering: .releasing)
            }
        }
    }

    /// Waits for a copy under way and hands checkpoints back to SQLite (every `limit` pages).
    public func stop() throws {
        guard helper != nil, !stopped else { return }
        stopped = true
        queue.sync {}
        try database.writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, nil, nil)
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(limit)")
        }
        Unmanaged.passUnretained(pagesInLog).release()  // the hook's reference
    }
}
