import Foundation

/// What a subscriber wants in their e-mail digest and when. Every value is clamped to a sane
/// range by `normalized()`, so a hand-edited form cannot ask for 10,000 papers at 25 o'clock.
public struct DigestPreferences: Sendable, Equatable, Codable {
    public enum Frequency: String, Sendable, Codable, CaseIterable { case daily, weekly }

    public var frequency: Frequency
    /// ISO weekday of a weekly digest: 1 is Monday, 7 Sunday.
    public var weekday: Int
    /// The hour (0–23) in `timeZone` at which the digest is sent.
    public var hour: Int
    /// An IANA time zone name such as `Europe/Zurich`.
    public var timeZone: String
    /// How many trending papers (0 leaves the section out).
    public var trendingCount: Int
    /// arXiv categories the trending section is limited to (empty: all).
    public var categories: [String]
    public var savedSearches: [SavedSearch]
    /// "Papers like the ones I upvoted" (for a subscriber who is also a signed-in user).
    public var forYou: Bool

    public init(frequency: Frequency = .daily, weekday: Int = 1, hour: Int = 7, timeZone: String = "UTC", trendingCount: Int = 10,
                categories: [String] = [], savedSearches: [SavedSearch] = [], forYou: Bool = false) {
        self.frequency = frequency
        self.weekday = weekday
        self.hour = hour
        self.timeZone = timeZone
        self.trendingCount = trendingCount
        self.categories = categories
        self.savedSearches = savedSearches
        self.forYou = forYou
    }

    public static let maxTrending = 50
    public static let maxSavedSearches = 10
    public static let maxCategories = 20

    /// The preferences with every value in range; an unknown time zone becomes UTC.
    public func normalized() -> DigestPreferences {
        var copy = self
        copy.weekday = min(max(weekday, 1), 7)
        copy.hour = min(max(hour, 0), 23)
        copy.timeZone = TimeZone(identifier: timeZone) == nil ? "UTC" : timeZone
        copy.trendingCount = min(max(trendingCount, 0), Self.maxTrending)
        copy.categories = Array(categories.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.count <= 40 }.prefix(Self.maxCategories))
        copy.savedSearches = Array(savedSearches.map { SavedSearch(query: String($0.query.prefix(300)), mode: $0.mode) }
            .filter { !$0.query.trimmingCharacters(in: .whitespaces).isEmpty }.prefix(Self.maxSavedSearches))
        return copy
    }

    /// The period a digest sent at `date` covers, named for idempotency: `2026-12-01` for a daily
    /// digest, `2026-W49` for a weekly one (local to the subscriber's time zone).
    public func periodKey(at date: Date) -> String {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .yearForWeekOfYear, .weekOfYear], from: date)
        switch frequency {
        case .daily: return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
        case .weekly: return String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0)
        }
    }

    /// Whether a digest is due at `date`: its hour has come today (and, weekly, its weekday).
    public func isDue(at date: Date) -> Bool {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.hour, .weekday], from: date)
        // Calendar weekdays count from Sunday = 1; ISO from Monday = 1.
        let isoWeekday = ((c.weekday ?? 1) + 5) % 7 + 1
        return (c.hour ?? 0) >= hour && (frequency == .daily || isoWeekday == weekday)
    }
}

/// A search a subscriber follows: any query of the search language, in any mode.
public struct SavedSearch: Sendable, Equatable, Codable, Hashable {
    public var query: String
    /// `keyword`, `semantic` or `hybrid`.
    public var mode: String
    public init(query: String, mode: String = "keyword") {
        self.query = query
        self.mode = mode
    }
}
