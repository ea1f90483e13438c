import Foundation
import PaperModels
import PaperStore
import PaperViews

/// Papers ranked by the trending formula over a span of days, one page of them.
struct TrendingSlice {
    var ranked: [(paper: Paper, score: Double)]
    var hasMore: Bool
}

/// The queries behind the feed, trending and their Atom and JSON forms.
extension Site {
    /// The window to show when none is asked for: the latest day with papers up to today
    /// (a database that stopped harvesting still opens on its newest papers).
    func window(_ requested: FeedWindow?) throws -> FeedWindow {
        if let requested { return requested }
        let day = try database.latestFeedDay(onOrBefore: today) ?? today
        guard let window = FeedWindow.day(day) ?? FeedWindow.day(today) else {
            throw PageError.notFound("There are no papers yet.")
        }
        return window
    }

    func feedModel(window requested: FeedWindow?, category: String?, page: Int, pageSize: Int = 30) throws -> FeedPageModel {
        let window = try window(requested)
        let result = try database.feed(FeedQuery(firstDay: window.firstDay, lastDay: window.lastDay, category: category,
                                                 limit: pageSize, offset: (page - 1) * pageSize))
        var previous = window.previous, next = window.next
        if window.kind == .day {
            // Days skip to the nearest day that has papers (weekends have none on arXiv).
            let around = try database.feedDays(around: window.firstDay)
            previous = around.previous.flatMap(FeedWindow.day)
            next = around.next.flatMap(FeedWindow.day)
        } else if let candidate = next, candidate.firstDay > today {
            next = nil
        }
        let categories = try database.feedCategories(firstDay: window.firstDay, lastDay: window.lastDay)
        return FeedPageModel(window: window, items: result.papers.map { PaperListItem(paper: $0) }, total: result.total,
                             paging: Paging(page: page, pageSize: pageSize, hasMore: page * pageSize < result.total),
                             category: category, categories: categories.map { CategoryCount(category: $0.key, count: $0.count) },
                             previous: previous, next: next)
    }

    /// The last `span` (a day, 7 days or 30 days) up to the latest day with papers.
    func trendingSpan(_ span: FeedWindow.Kind) throws -> (firstDay: String, lastDay: String) {
        let window = try window(nil)
        let days = switch span { case .day: 0; case .week: 6; case .month: 29 }
        let first = Day.date(window.lastDay).map { Day.string($0.addingTimeInterval(-Double(days) * 86_400)) } ?? window.lastDay
        return (first, window.lastDay)
    }

    /// Papers of the span ranked by `Trending`, scored at the end of the span's last day (or now,
    /// if earlier), so that a span in the past is ranked as it stood then.
    func trending(firstDay: String, lastDay: String, category: String?, offset: Int, limit: Int) throws -> TrendingSlice {
        let candidates = try database.trendingCandidates(firstDay: firstDay, lastDay: lastDay, category: category)
        let endOfSpan = Day.date(lastDay).map { $0.addingTimeInterval(86_400) } ?? configuration.now()
        let ranked = Trending.rank(candidates, now: min(configuration.now(), endOfSpan))
        let page = ranked.dropFirst(offset).prefix(limit)
        let scores = Dictionary(page.map { ($0.candidate.id, $0.score) }, uniquingKeysWith: max)
        let papers = try database.papers(ids: page.map(\.candidate.id))
        return TrendingSlice(ranked: papers.map { ($0, scores[$0.id] ?? 0) },
                             hasMore: offset + limit < ranked.count)
    }

    func trendingModel(span: FeedWindow.Kind, category: String?, page: Int, pageSize: Int = 30) throws -> TrendingPageModel {
        let (first, last) = try trendingSpan(span)
        let slice = try trending(firstDay: first, lastDay: last, category: category, offset: (page - 1) * pageSize, limit: pageSize)
        let categories = try database.feedCategories(firstDay: first, lastDay: last)
        let items = slice.ranked.map { PaperListItem(paper: $0.paper, detail: "score " + String(format: "%.3f", $0.score)) }
        return TrendingPageModel(span: span, firstDay: first, lastDay: last, items: items, paging: Paging(page: page, pageSize: pageSize, hasMore: slice.hasMore),
                                 category: category, categories: categories.map { CategoryCount(category: $0.key, count: $0.count) })
    }
}
