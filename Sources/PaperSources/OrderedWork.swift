import Foundation

/// Runs pieces of work on worker threads of its own while the caller prepares the next ones, and
/// hands their results back in the order the work was submitted. At most `inFlight` pieces are
/// queued or running, so memory stays bounded. End with `finish` or `cancel`: until then the
/// worker threads wait for more.
///
/// Why not `concurrentPerform` per piece: the calling thread then does a share of every piece and
/// waits for the slowest share before it can read on, so a bulk ingest's reading thread, not the
/// cores, set the pace. Here the caller only reads and hands out; the cores stay busy.
///
/// Why threads of its own, at a lower priority: this work can run ahead, while the stages after it
/// (one SQLite writer, one index builder) cannot. Competing for two cores as equals, parsing took
/// the writer's turn and then waited for it; yielding to it, a million-paper ingest took 88 s
/// instead of 96. Lowering a thread's priority cannot be undone without privileges, hence not the
/// shared pool's threads.
final class OrderedWork<Result: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result?
    }

    private let inFlight: Int
    private var queued: [Slot] = []
    private var next = 0  // the oldest slot not yet handed back
    /// Work not yet taken by a worker, and whether the workers should stop once it is done.
    private let condition = NSCondition()
    private var waiting: [(slot: Slot, work: @Sendable () -> Result)] = []
    private var closed = false

    /// - Parameters:
    ///   - threads: worker threads, started now and stopped by `finish` or `cancel`.
    ///   - niceness: how much lower than the caller's their scheduling priority is (Linux, where
    ///     it is a thread's own).
    init(inFlight: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount, niceness: Int32 = 10) {
        self.inFlight = max(1, inFlight)
        for _ in 0..<max(1, threads) {
            Thread { [self] in
                Self.lowerPriority(by: niceness)
                while let (slot, work) = take() {
                    slot.result = work()
                    slot.done.signal()
                }
            }.start()
        }
    }

    deinit { close() }

    /// Starts `work` on a worker; first hands back (to `deliver`) the oldest result when
    /// `inFlight` pieces are already under way.
    func submit(_ work: @escaping @Sendable () -> Result, deliver: (Result) throws -> Void) rethrows {
        while queued.count - next >= inFlight { try deliver(takeOldest()) }
        let slot = Slot()
        queued.append(slot)
        condition.withLock {
            waiting.append((slot, work))
            condition.signal()
        }
    }

    /// Hands back every result still under way, in order, and stops the workers.
    func finish(deliver: (Result) throws -> Void) rethrows {
        while next < queued.count { try deliver(takeOldest()) }
        close()
    }

    /// Waits for every piece still under way, drops the results (after an error), and stops the workers.
    func cancel() {
        while next < queued.count { _ = takeOldest() }
        close()
    }

    private func takeOldest() -> Result {
        let slot = queued[next]
        slot.done.wait()
        next += 1
        if next >= 64 {  // forget delivered slots now and then, not on every delivery
            queued.removeFirst(next)
            next = 0
        }
        return slot.result!
    }

    /// The next piece for a worker; nil once closed and nothing is left.
    private func take() -> (Slot, @Sendable () -> Result)? {
        condition.withLock {
            while waiting.isEmpty && !closed { condition.wait() }
            return waiting.isEmpty ? nil : waiting.removeFirst()
        }
    }

    private func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    private static func lowerPriority(by niceness: Int32) {
        #if os(Linux)
        // On Linux the "process" priority of `who == 0` is the calling thread's own.
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        setpriority(which, 0, min(19, getpriority(which, 0) + niceness))
        #endif
    }
}
