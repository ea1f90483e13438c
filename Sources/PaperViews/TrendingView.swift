import Foundation
import PaperModels

/// `/trending`: the papers of the last day, week or month, ranked by the published formula.
public struct TrendingPageModel: Sendable {
    /// The span: `day` (the reference day), `week` (7 days) or `month` (30 days) ending on `lastDay`.
    public var span: FeedWindow.Kind
    public var firstDay: String
    public var lastDay: String
    public var items: [PaperListItem]
    public var paging: Paging
    public var category: String?
    public var categories: [CategoryCount]

    public init(span: FeedWindow.Kind, firstDay: String, lastDay: String, items: [PaperListItem],
                paging: Paging, category: String?, categories: [CategoryCount]) {
        self.span = span
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.items = items
        self.paging = paging
        self.category = category
        self.categories = categories
    }
}

public enum TrendingView {
    static func link(span: FeedWindow.Kind, category: String?, page: Int = 1) -> String {
        Route.url(Route.trending, [("window", span.rawValue), ("cat", category), ("page", page > 1 ? String(page) : nil)])
    }

    public static func render(_ model: TrendingPageModel, viewer: Viewer? = nil) -> String {
        let heading = "Trending this \(model.span.rawValue)"
        let atom = Route.url(Route.trendingAtom, [("window", model.span.rawValue), ("cat", model.category)])
        let frame = PageFrame(title: heading, description: "Trending research papers, ranked by a published formula.", atomFeed: atom, viewer: viewer)
        return frame.render {
            el("h1") { heading }
            el("p", .class("muted")) {
                model.firstDay == model.lastDay ? "Papers of \(model.lastDay)." : "Papers from \(model.firstDay) to \(model.lastDay)."
                " "
                el("a", .href("#how")) { "How is this ranked?" }
            }
            el("nav", .class("tabs"), .init("aria-label", "Span")) {
                for span in FeedWindow.Kind.allCases {
                    el("a", attributes: [.href(link(span: span, category: model.category)), span == model.span ? Attribute("aria-current", "page") : nil]) {
                        span.rawValue.capitalized
                    }
                    " "
                }
            }
            FeedView.categoryFilter(action: Route.trending, hidden: [("window", model.span.rawValue)], current: model.category, categories: model.categories)
            if model.items.isEmpty {
                el("p", .class("note")) { "No papers in this span." }
            } else {
                PaperList.list(model.items, start: model.paging.firstRank)
            }
            FeedView.pager(model.paging) { link(span: model.span, category: model.category, page: $0) }
            el("section", .id("how")) {
                el("h2") { "How is this ranked?" }
                el("p") { el("code") { Trending.formula } }
                el("p") {
                    """
                    Age counts in days from the start of the day the paper was featured (or first submitted) \
                    to the end of the latest day shown. Each upvote counts one; GitHub stars count \
                    logarithmically, so 1,000 stars weigh about 20 upvotes; the + 1 ranks papers without votes \
                    by freshness. A paper keeps 35% of its score at one day old and 4% at a week. Paperboy \
                    publishes its formula; the code is PaperModels/Trending.swift.
                    """
                }
            }
        }
    }
}
