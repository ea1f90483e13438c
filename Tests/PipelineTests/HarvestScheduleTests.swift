import Foundation
import PaperModels
import Pipeline
import Synchronization
import Testing

@Suite struct HarvestScheduleTests {
    @Test func arxivRunsDailyAtItsTimeAfterTheAnnouncement() {
        let schedule = HarvestSchedule(arxivMinuteOfDay: 90)
        let morning = Day.date(year: 2026, month: 11, day: 29, hour: 0, minute: 10)!
        #expect(schedule.nextArxivRun(after: morning) == Day.date(year: 2026, month: 11, day: 29, hour: 1, minute: 30))
        let atTheTime = Day.date(year: 2026, month: 11, day: 29, hour: 1, minute: 30)!
        #expect(schedule.nextArxivRun(after: atTheTime) == Day.date(year: 2026, month: 11, day: 30, hour: 1, minute: 30))
    }

    /// The scheduler on a simulated clock: sleeping moves the time on instantly.
    @Test func bothGroupsRunAtStartThenHuggingFaceHourlyAndArxivDaily() async {
        let start = Day.date(year: 2026, month: 11, day: 29, hour: 12)!
        let clock = Mutex(start)
        let runs = Mutex<[(HarvestGroup, Date)]>([])
        let scheduler = HarvestScheduler(
            schedule: HarvestSchedule(arxivMinuteOfDay: 90, huggingFaceInterval: 3_600), groups: [.arxiv, .huggingFace],
            harvest: { group in
                let now = clock.withLock { $0 }
                let count = runs.withLock { $0.append((group, now)); return $0.count }
                if group == .arxiv && count > 2 { throw HarvestFailureForTest() }  // logged, the schedule goes on
                if count >= 30 { throw CancellationError() }
            },
            log: { _ in }, now: { clock.withLock { $0 } },
            sleep: { duration in clock.withLock { $0 = $0.addingTimeInterval(duration / .seconds(1)) } })
        await scheduler.run()
        let all = runs.withLock { $0 }
        #expect(all.prefix(2).map(\.0) == [.arxiv, .huggingFace] && all.prefix(2).allSatisfy { $0.1 == start })
        let arxiv = all.filter { $0.0 == .arxiv }.map(\.1)
        #expect(arxiv.count == 2 && arxiv[1] == Day.date(year: 2026, month: 11, day: 30, hour: 1, minute: 30))
        let hf = all.filter { $0.0 == .huggingFace }.map(\.1)
        #expect(zip(hf, hf.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3_600 })
    }

    struct HarvestFailureForTest: Error {}
}
