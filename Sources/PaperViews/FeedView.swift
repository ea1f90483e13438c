import PaperModels

/// A category and how many papers of the listed span carry it.
public struct CategoryCount: Sendable, Equatable {
    public var category: String
    public var count: Int
    public init(category: String, count: Int) {
        self.category = category
        self.count = count
    }
}

/// Where a list is in its pages (pages count from 1).
public struct Paging: Sendable, Equatable {
    public var page: Int
    public var pageSize: Int
    public var hasMore: Bool
    public init(page: Int, pageSize: Int, hasMore: Bool) {
        self.page = page
        self.pageSize = pageSize
        self.hasMore = hasMore
    }
    var firstRank: Int { (page - 1) * pageSize + 1 }
}

/// The daily feed (`/`, `/papers?date=|week=|month=`).
public struct FeedPageModel: Sendable {
    public var window: FeedWindow
    public var items: [PaperListItem]
    public var total: Int
    public var paging: Paging
    public var category: String?
    public var categories: [CategoryCount]
    /// The windows to offer as previous and next (for days: the nearest days that have papers).
    public var previous: FeedWindow?
    public var next: FeedWindow?

    public init(window: FeedWindow, items: [PaperListItem], total: Int, paging: Paging, category: String?,
                categories: [CategoryCount], previous: FeedWindow?, next: FeedWindow?) {
        self.window = window
        self.items = items
        self.total = total
        self.paging = paging
        self.category = category
        self.categories = categories
        self.previous = previous
        self.next = next
    }
}

public enum FeedView {
    /// The query parameter that selects a window: `date`, `week` or `month`.
    public static func parameter(_ kind: FeedWindow.Kind) -> String { kind == .day ? "date" : kind.rawValue }

    static func link(_ window: FeedWindow, category: String?, page: Int = 1) -> String {
        Route.url(Route.feed, [(parameter(window.kind), window.label), ("cat", category), ("page", page > 1 ? String(page) : nil)])
    }

    public static func render(_ model: FeedPageModel, viewer: Viewer? = nil) -> String {
        let window = model.window
        let heading = switch window.kind {
        case .day: "Papers of \(window.label)"
        case .week: "Papers of week \(window.label) (\(window.firstDay) to \(window.lastDay))"
        case .month: "Papers of \(window.label)"
        }
        let atom = Route.url(Route.feedAtom, [(parameter(window.kind), window.label), ("cat", model.category)])
        let frame = PageFrame(title: heading, description: "Research papers of \(window.label), most upvoted first.", atomFeed: atom, viewer: viewer)
        return frame.render {
            el("h1") { heading }
            el("p", .class("muted")) {
                "\(model.total) paper\(model.total == 1 ? "" : "s")\(model.category.map { " in \($0)" } ?? ""), most upvoted first."
            }
            el("nav", .class("tabs"), .init("aria-label", "Span")) {
                for kind in FeedWindow.Kind.allCases {
                    if let span = FeedWindow.containing(window.firstDay, kind: kind) {
                        el("a", attributes: [.href(link(span, category: model.category)), kind == window.kind ? Attribute("aria-current", "page") : nil]) {
                            kind.rawValue.capitalized
                        }
                        " "
                    }
                }
            }
            el("nav", .class("pager"), .init("aria-label", "Days")) {
                if let previous = model.previous { el("a", .href(link(previous, category: model.category)), .init("rel", "prev")) { "← \(previous.label)" } } else { el("span") }
                if let next = model.next { el("a", .href(link(next, category: model.category)), .init("rel", "next")) { "\(next.label) →" } }
            }
            categoryFilter(action: Route.feed, hidden: [(parameter(window.kind), window.label)], current: model.category, categories: model.categories)
            if model.items.isEmpty {
                el("p", .class("note")) { model.category == nil ? "No papers in this span." : "No papers in this category in this span." }
            } else {
                PaperList.list(model.items, start: model.paging.firstRank)
            }
            pager(model.paging) { link(window, category: model.category, page: $0) }
        }
    }

    /// A GET form with a category menu; works without JavaScript.
    static func categoryFilter(action: String, hidden: [(String, String)], current: String?, categories: [CategoryCount]) -> Node {
        el("form", .class("filters"), .init("action", action), .init("method", "get")) {
            for (name, value) in hidden { el("input", .init("type", "hidden"), .init("name", name), .init("value", value)) }
            el("label") {
                "Category"
                el("select", .init("name", "cat")) {
                    el("option", attributes: [Attribute("value", ""), current == nil ? .flag("selected") : nil]) { "All categories" }
                    for entry in categories {
                        el("option", attributes: [Attribute("value", entry.category), current == entry.category ? .flag("selected") : nil]) {
                            "\(entry.category) (\(entry.count))"
                        }
                    }
                    if let current, !categories.contains(where: { $0.category == current }) {
                        el("option", .init("value", current), .flag("selected")) { current }
                    }
                }
            }
            el("button", .init("type", "submit")) { "Filter" }
        }
    }

    /// Previous and next page links.
    static func pager(_ paging: Paging, link: (Int) -> String) -> Node {
        el("nav", .class("pager"), .init("aria-label", "Pages")) {
            if paging.page > 1 { el("a", .href(link(paging.page - 1)), .init("rel", "prev")) { "← Previous page" } } else { el("span") }
            if paging.hasMore { el("a", .href(link(paging.page + 1)), .init("rel", "next")) { "Next page →" } }
        }
    }
}
