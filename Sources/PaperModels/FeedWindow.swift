import Foundation

/// A span of feed days: one day (`2026-11-29`), an ISO week (`2026-W48`, Monday to Sunday) or a
/// calendar month (`2026-11`). The daily feed, trending and the API select papers by one of these.
public struct FeedWindow: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case day, week, month }

    public let kind: Kind
    /// The first and last day, inclusive, as `YYYY-MM-DD`.
    public let firstDay: String
    public let lastDay: String
    /// How the window is written in URLs: `2026-11-29`, `2026-W48` or `2026-11`.
    public let label: String

    private let first: Int, last: Int

    private init(kind: Kind, first: Int, last: Int, label: String) {
        self.kind = kind
        self.first = first
        self.last = last
        self.firstDay = Self.text(first)
        self.lastDay = Self.text(last)
        self.label = label
    }

    /// The window of one `YYYY-MM-DD` day; nil for anything else.
    public static func day(_ text: String) -> FeedWindow? {
        guard let n = number(text) else { return nil }
        return FeedWindow(kind: .day, first: n, last: n, label: text)
    }

    /// The ISO 8601 week `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday).
    public static func week(_ text: String) -> FeedWindow? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit), parts[1].count == 3,
              parts[1].first == "W" || parts[1].first == "w", parts[1].dropFirst().allSatisfy(\.isASCIIDigit),
              let year = Int(parts[0]), let week = Int(parts[1].dropFirst()),
              (1...weeksIn(isoYear: year)).contains(week) else { return nil }
        let monday = firstMonday(isoYear: year) + 7 * (week - 1)
        return FeedWindow(kind: .week, first: monday, last: monday + 6, label: weekLabel(year: year, week: week))
    }

    /// The calendar month `YYYY-MM`.
    public static func month(_ text: String) -> FeedWindow? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        let first = Day.days(year: year, month: month, day: 1)
        return FeedWindow(kind: .month, first: first, last: first + Day.daysIn(month: month, year: year) - 1, label: text)
    }

    /// The window of `kind` that holds `day` (a `YYYY-MM-DD` day), e.g. the week of a day.
    public static func containing(_ day: String, kind: Kind) -> FeedWindow? {
        guard let n = number(day) else { return nil }
        switch kind {
        case .day: return FeedWindow.day(day)
        case .month: return month(String(day.prefix(7)))
        case .week:
            let thursday = n - weekday(n) + 3  // the ISO year is the year of the week's Thursday
            let year = Day.civil(fromDays: thursday).year
            return week(weekLabel(year: year, week: (thursday - firstMonday(isoYear: year)) / 7 + 1))
        }
    }

    /// The window of the same kind just before this one.
    public var previous: FeedWindow? { Self.containing(Self.text(first - 1), kind: kind) }
    /// The window of the same kind just after this one.
    public var next: FeedWindow? { Self.containing(Self.text(last + 1), kind: kind) }

    // MARK: day numbers (days since 1970-01-01)

    private static func number(_ text: String) -> Int? {
        Day.date(text).map { Int(($0.timeIntervalSince1970 / 86_400).rounded(.down)) }
    }

    private static func text(_ n: Int) -> String { Day.string(Date(timeIntervalSince1970: TimeInterval(n) * 86_400)) }

    /// Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    private static func weekday(_ n: Int) -> Int { ((n + 3) % 7 + 7) % 7 }

    private static func firstMonday(isoYear year: Int) -> Int {
        let january4 = Day.days(year: year, month: 1, day: 4)
        return january4 - weekday(january4)
    }

    /// 53 when the year's 28 December falls in week 53, else 52.
    private static func weeksIn(isoYear year: Int) -> Int {
        (Day.days(year: year, month: 12, day: 28) - firstMonday(isoYear: year)) / 7 + 1
    }

    private static func weekLabel(year: Int, week: Int) -> String {
        "\(year)-W\(week < 10 ? "0" : "")\(week)"
    }
}
