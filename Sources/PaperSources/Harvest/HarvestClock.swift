import Foundation

/// The time and the waiting of the harvesters: injected so that tests can shorten the politeness
/// delays and the `Retry-After` waits, and check what was asked for.
public protocol HarvestClock: Sendable {
    /// The current instant (monotonic).
    func now() -> ContinuousClock.Instant
    /// Waits for `duration` (throws when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// Real time.
public struct SystemHarvestClock: HarvestClock {
    public init() {}
    public func now() -> ContinuousClock.Instant { ContinuousClock.now }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
