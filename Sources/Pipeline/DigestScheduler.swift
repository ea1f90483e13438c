import Foundation

/// The digest service inside `paperboy serve`: every `interval` it composes the digests that
/// have come due (each subscriber at their own hour) and delivers the outbox, until cancelled.
/// Retries wait for a later round instead of holding one up.
public struct DigestScheduler: Sendable {
    let run: DigestRun
    let sender: OutboxSender
    let interval: Duration
    let log: @Sendable (String) -> Void

    public init(run: DigestRun, sender: OutboxSender, interval: Duration = .seconds(60), log: @escaping @Sendable (String) -> Void) {
        self.run = run
        self.sender = sender
        self.interval = interval
        self.log = log
    }

    public func runUntilCancelled() async {
        while !Task.isCancelled {
            await round(now: Date())
            try? await Task.sleep(for: interval)
        }
    }

    /// One round: compose what is due, deliver what is queued, and log anything that happened.
    public func round(now: Date) async {
        do {
            let composed = try run.compose(DigestSelection(), now: now)
            let delivered = try await sender.deliverDue()
            if composed.queued + delivered.sent + delivered.failed + delivered.deferred + delivered.interrupted > 0 {
                log("digests: \(composed.queued) queued; \(delivered.sent) sent, \(delivered.deferred) deferred, \(delivered.failed) failed, \(delivered.interrupted) interrupted")
            }
            for problem in delivered.problems { log("digest problem: \(problem)") }
        } catch {
            log("digest round failed: \(error)")
        }
    }
}
