import Foundation

/// When the scheduled harvests run: arXiv once a day, after its announcement (20:00 US Eastern,
/// that is 00:00 or 01:00 UTC), and Hugging Face every hour, so that upvotes and trending move.
public struct HarvestSchedule: Sendable, Equatable {
    /// Minutes after midnight UTC of the daily arXiv harvest (01:30 by default).
    public var arxivMinuteOfDay: Int
    /// Seconds between two Hugging Face harvests.
    public var huggingFaceInterval: Double

    public init(arxivMinuteOfDay: Int = 90, huggingFaceInterval: Double = 3_600) {
        self.arxivMinuteOfDay = min(max(arxivMinuteOfDay, 0), 1_439)
        self.huggingFaceInterval = max(60, huggingFaceInterval)
    }

    /// The first daily arXiv time strictly after `date`.
    public func nextArxivRun(after date: Date) -> Date {
        let midnight = (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let today = midnight + Double(arxivMinuteOfDay * 60)
        return Date(timeIntervalSince1970: today > date.timeIntervalSince1970 ? today : today + 86_400)
    }
}

/// Which sources a scheduled harvest is for.
public enum HarvestGroup: String, Sendable {
    case arxiv, huggingFace
}

/// Runs the harvests on a schedule until cancelled: both groups once at the start (the saved
/// state makes that cheap, and a server that was down catches up), then each at its time.
/// A failing harvest is logged and the schedule goes on.
public struct HarvestScheduler: Sendable {
    public var schedule: HarvestSchedule
    public var groups: [HarvestGroup]
    public var harvest: @Sendable (HarvestGroup) async throws -> Void
    public var log: @Sendable (String) -> Void
    public var now: @Sendable () -> Date
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(schedule: HarvestSchedule, groups: [HarvestGroup], harvest: @escaping @Sendable (HarvestGroup) async throws -> Void,
                log: @escaping @Sendable (String) -> Void, now: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.schedule = schedule
        self.groups = groups
        self.harvest = harvest
        self.log = log
        self.now = now
        self.sleep = sleep
    }

    /// Returns when the task is cancelled.
    public func run() async {
        // In the order of `groups`, which breaks ties.
        var due = groups.map { (group: $0, time: now()) }
        while !Task.isCancelled, let next = due.indices.min(by: { due[$0].time < due[$1].time }) {
            let (group, time) = due[next]
            let wait = time.timeIntervalSince(now())
            if wait > 0 {
                do { try await sleep(.milliseconds(Int64(wait * 1000))) } catch { return }
            }
            do { try await harvest(group) } catch is CancellationError { return } catch {
                log("scheduled \(group.rawValue) harvest failed: \(error)")
            }
            due[next].time = group == .arxiv ? schedule.nextArxivRun(after: now())
                : now().addingTimeInterval(schedule.huggingFaceInterval)
        }
    }
}
