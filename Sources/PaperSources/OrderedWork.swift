import Dispatch

/// Runs pieces of work on the shared thread pool while the caller prepares the next ones, and
/// hands their results back in the order the work was submitted. At most `inFlight` pieces are
/// queued or running, so memory stays bounded.
///
/// Why not `concurrentPerform` per piece: the calling thread then does a share of every piece and
/// waits for the slowest share before it can read on, so a bulk ingest's reading thread, not the
/// cores, set the pace. Here the caller only reads and hands out; the cores stay busy.
final class OrderedWork<Result: Sendable>: @unchecked Sendable {
    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var result: Result?
    }

    private let inFlight: Int
    private var queued: [Slot] = []
    private var next = 0  // the oldest slot not yet handed back

    init(inFlight: Int) { self.inFlight = max(1, inFlight) }

    /// Starts `work` on the pool; first hands back (to `deliver`) the oldest result when
    /// `inFlight` pieces are already under way.
    func submit(_ work: @escaping @Sendable () -> Result, deliver: (Result) throws -> Void) rethrows {
        while queued.count - next >= inFlight { try deliver(takeOldest()) }
        let slot = Slot()
        queued.append(slot)
        DispatchQueue.global().async {
            slot.result = work()
            slot.done.signal()
        }
    }

    /// Hands back every result still under way, in order.
    func finish(deliver: (Result) throws -> Void) rethrows {
        while next < queued.count { try deliver(takeOldest()) }
    }

    /// Waits for every piece still under way and drops the results (after an error).
    func cancel() {
        while next < queued.count { _ = takeOldest() }
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
}
