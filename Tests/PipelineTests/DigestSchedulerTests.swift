import Foundation
import Mailer
import PaperModels
import PaperStore
import Pipeline
import TestSupport
import Testing
import Synchronization

/// The rounds of `paperboy serve`'s digest service with a pinned clock, delivering to a real
/// SMTP server process: a subscriber gets one digest a day, at their own hour in their time zone.
@Suite struct DigestSchedulerTests {
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    /// `hour`:`minute` UTC on `day`.
    static func utc(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date {
        Day.date(day)!.addingTimeInterval(Double(hour * 3_600 + minute * 60))
    }

    @Test func eachRoundSendsWhatHasComeDueOncePerDay() async throws {
        // 18:00 in Zurich is 16:00 UTC in June (summer time).
        let world = try DigestTests.World(preferences: DigestPreferences(hour: 18, timeZone: "Europe/Zurich", trendingCount: 5))
        let server = try SMTPTestServer()
        defer { server.stop() }
        let log = Log()
        let scheduler = DigestScheduler(run: world.run, sender: world.sender(server), log: log.append)

        await scheduler.round(now: Self.utc("2026-06-12", 15, 59))
        #expect(server.receivedCount() == 0 && log.lines.withLock { $0.isEmpty })

        await scheduler.round(now: Self.utc("2026-06-12", 16, 1))
        #expect(server.receivedCount() == 1)
        #expect(log.lines.withLock { $0 } == ["digests: 1 queued; 1 sent, 0 deferred, 0 failed, 0 interrupted"])

        // Later rounds of the same day find the day's digest already sent.
        await scheduler.round(now: Self.utc("2026-06-12", 16, 2))
        await scheduler.round(now: Self.utc("2026-06-12", 21, 59))
        #expect(server.receivedCount() == 1 && log.lines.withLock { $0.count } == 1)

        // 22:00 UTC is already the next day in Zurich, but not yet 18:00 there.
        await scheduler.round(now: Self.utc("2026-06-12", 22, 30))
        #expect(server.receivedCount() == 1)

        // The next day's digest: five more trending papers, none of the first five.
        await scheduler.round(now: Self.utc("2026-06-13", 16, 0))
        let received = try server.received()
        #expect(received.count == 2)
        #expect(received.map { $0.headers["Subject"] ?? "" } == ["5 trending papers — Fri 12 Jun", "5 trending papers — Sat 13 Jun"])
        let first = Set(DigestTests.paperIDs(received[0].plain ?? "")), second = Set(DigestTests.paperIDs(received[1].plain ?? ""))
        #expect(first.count == 5 && second.count == 5 && first.isDisjoint(with: second))
    }
}
