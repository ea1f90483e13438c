import Foundation
import Testing
import PaperModels

@Suite("Feed windows")
struct FeedWindowTests {
    @Test func dayWeekAndMonth() throws {
        let day = try #require(FeedWindow.day("2026-11-29"))
        #expect((day.firstDay, day.lastDay, day.kind) == ("2026-11-29", "2026-11-29", .day))
        // ISO 8601: 2026-W48 runs from Monday 23 to Sunday 29 November.
        let week = try #require(FeedWindow.week("2026-W48"))
        #expect((week.firstDay, week.lastDay) == ("2026-11-23", "2026-11-29"))
        let month = try #require(FeedWindow.month("2024-02"))
        #expect((month.firstDay, month.lastDay) == ("2024-02-01", "2024-02-29"))
    }

    @Test("ISO weeks at year boundaries", arguments: [
        ("2026-W01", "2025-12-29", "2026-01-04"), ("2020-W53", "2020-12-28", "2021-01-03"),
        ("2021-W01", "2021-01-04", "2021-01-10"), ("2015-W53", "2015-12-28", "2016-01-03"),
    ])
    func isoWeeks(label: String, monday: String, sunday: String) throws {
        let week = try #require(FeedWindow.week(label))
        #expect(week.firstDay == monday)
        #expect(week.lastDay == sunday)
        #expect(FeedWindow.containing(monday, kind: .week) == week)
        #expect(FeedWindow.containing(week.lastDay, kind: .week) == week)
    }

    @Test func previousAndNextCrossBoundaries() throws {
        #expect(FeedWindow.day("2026-03-01")?.previous?.label == "2026-02-28")
        #expect(FeedWindow.week("2026-W01")?.previous?.label == "2025-W52")
        #expect(FeedWindow.week("2020-W53")?.next?.label == "2021-W01")
        #expect(FeedWindow.month("2026-12")?.next?.label == "2027-01")
        #expect(FeedWindow.containing("2027-01-01", kind: .week)?.label == "2026-W53")
        #expect(FeedWindow.containing("2026-11-29", kind: .month)?.label == "2026-11")
    }

    @Test("rejects malformed windows", arguments: [
        "", "2026", "2026-W", "2026-W0", "2026-W00", "2026-W54", "2025-W53", "2026-48", "W48-2026", "2026-W4a",
        "2026-13", "2026-00", "2026-1", "20261-01", "+026-01", "2026-W+1", "２０２６-W48",
    ])
    func rejects(text: String) {
        #expect(FeedWindow.week(text) == nil)
        #expect(FeedWindow.month(text) == nil)
        #expect(FeedWindow.day(text) == nil)
    }
}

@Suite("Trending formula")
struct TrendingTests {
    let now = Day.date("2026-11-29")!.addingTimeInterval(12 * 3_600)

    @Test func theFormulaAsPublished() {
        // (10 + 2·log2(1 + 7) + 1) / (0.5 + 1)^1.5 = 17 / 1.8371…
        #expect(abs(Trending.score(upvotes: 10, githubStars: 7, ageDays: 0.5) - 17 / pow(1.5, 1.5)) < 1e-12)
        #expect(Trending.score(upvotes: nil, githubStars: nil, ageDays: 0) == 1)
        #expect(Trending.score(upvotes: -5, githubStars: -1, ageDays: -3) == 1)
        #expect(Trending.ageDays(feedDay: "2026-11-28", now: now) == 1.5)
        #expect(Trending.ageDays(feedDay: "2026-12-25", now: now) == 0)
        #expect(Trending.ageDays(feedDay: "garbage", now: now) == .infinity)
        #expect(Trending.ageDays(feedDay: nil, now: now) == .infinity)
        #expect(Trending.score(upvotes: 99, githubStars: 99, ageDays: .infinity) == 0)
    }

    @Test func votesAndStarsRaiseAgeLowers() {
        let fresh = Trending.score(upvotes: 5, githubStars: nil, ageDays: 0)
        #expect(Trending.score(upvotes: 6, githubStars: nil, ageDays: 0) > fresh)
        #expect(Trending.score(upvotes: 5, githubStars: 100, ageDays: 0) > fresh)
        #expect(Trending.score(upvotes: 5, githubStars: nil, ageDays: 1) < fresh)
        // Stars count logarithmically: 1,000 stars weigh about 20 upvotes, not 1,000.
        let starred = Trending.score(upvotes: 0, githubStars: 1_000, ageDays: 0)
        #expect(starred > Trending.score(upvotes: 19, githubStars: nil, ageDays: 0))
        #expect(starred < Trending.score(upvotes: 21, githubStars: nil, ageDays: 0))
    }

    @Test func rankOrdersByScoreThenVotesThenId() {
        let candidates = [
            Trending.Candidate(id: "2611.00001", upvotes: 3, githubStars: nil, feedDay: "2026-11-20"),
            Trending.Candidate(id: "2611.00002", upvotes: 3, githubStars: nil, feedDay: "2026-11-29"),
            Trending.Candidate(id: "2611.00003", upvotes: 40, githubStars: 500, feedDay: "2026-11-27"),
            Trending.Candidate(id: "2611.00004", upvotes: 0, githubStars: nil, feedDay: nil),
            Trending.Candidate(id: "2611.00005", upvotes: 0, githubStars: nil, feedDay: "2026-11-29"),
        ]
        let ranked = Trending.rank(candidates, now: now).map(\.candidate.id)
        #expect(ranked == ["2611.00003", "2611.00002", "2611.00005", "2611.00001", "2611.00004"])
    }
}
