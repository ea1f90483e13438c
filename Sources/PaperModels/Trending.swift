import Foundation

/// Paperboy's trending formula, published (Hugging Face does not publish its own):
///
///     score = (upvotes + 2 · log2(1 + GitHub stars) + 1) / (age in days + 1) ^ 1.5
///
/// `age` runs from the start of the paper's feed day (the day it was featured, else first
/// submitted) to the reference time. Upvotes count one each; stars count logarithmically, so a
/// repository's popularity helps without a famous repository drowning every vote (1,000 stars
/// weigh about 20 upvotes). The `+ 1` keeps papers without votes ranked by freshness alone. With
/// the exponent 1.5 a paper keeps 35% of its score at one day old and 4.4% at a week, so a strong
/// paper stays visible for days while yesterday's modest one yields to today's.
public enum Trending {
    /// The formula as shown to people, on the trending page and in the README.
    public static let formula = "score = (upvotes + 2 × log₂(1 + GitHub stars) + 1) / (age in days + 1)^1.5"

    public static let starWeight = 2.0
    public static let gravity = 1.5

    /// The score of one paper; negative or missing figures count as zero.
    public static func score(upvotes: Int?, githubStars: Int?, ageDays: Double) -> Double {
        let votes = Double(max(0, upvotes ?? 0))
        let stars = Double(max(0, githubStars ?? 0))
        let points = votes + starWeight * log2(1 + stars) + 1
        return points / pow(max(0, ageDays) + 1, gravity)
    }

    /// Days from the start of the `YYYY-MM-DD` feed day to `now`: 0 for a day in the future,
    /// infinite for an unreadable or missing day, so a paper of unknown age never passes for fresh.
    public static func ageDays(feedDay: String?, now: Date) -> Double {
        guard let feedDay, let start = Day.date(feedDay) else { return .infinity }
        return max(0, now.timeIntervalSince(start) / 86_400)
    }

    /// What the formula needs to know of a paper.
    public struct Candidate: Sendable, Equatable {
        public var id: String
        public var upvotes: Int?
        public var githubStars: Int?
        public var feedDay: String?
        public init(id: String, upvotes: Int?, githubStars: Int?, feedDay: String?) {
            self.id = id
            self.upvotes = upvotes
            self.githubStars = githubStars
            self.feedDay = feedDay
        }
    }

    /// Orders papers by score, best first; ties go to more upvotes, then to the larger id (newer).
    public static func rank(_ candidates: [Candidate], now: Date) -> [(candidate: Candidate, score: Double)] {
        candidates.map { c in
            (c, score(upvotes: c.upvotes, githubStars: c.githubStars, ageDays: ageDays(feedDay: c.feedDay, now: now)))
        }.sorted { a, b in
            if a.1 != b.1 { return a.1 > b.1 }
            let (ua, ub) = (a.0.upvotes ?? 0, b.0.upvotes ?? 0)
            return ua != ub ? ua > ub : a.0.id > b.0.id
        }
    }
}
