/// `/search`: the form, the hits with their matched terms marked, and what could not be used.
public struct SearchPageModel: Sendable {
    public var query: String
    /// The chosen mode and every mode the server offers (`keyword` until semantic search lands).
    public var mode: String
    public var modes: [String]
    public var category: String?
    public var since: String?
    public var until: String?
    /// `relevance` or `date`.
    public var sort: String
    public var items: [PaperListItem]
    public var paging: Paging
    /// What the query parser could not use as typed.
    public var notes: [String]
    /// Why the request cannot be searched at all (an empty query, a malformed filter).
    public var problem: String?

    public init(query: String, mode: String, modes: [String], category: String?, since: String?, until: String?, sort: String,
                items: [PaperListItem], paging: Paging, notes: [String], problem: String?) {
        self.query = query
        self.mode = mode
        self.modes = modes
        self.category = category
        self.since = since
        self.until = until
        self.sort = sort
        self.items = items
        self.paging = paging
        self.notes = notes
        self.problem = problem
    }

    /// The query parameters that reproduce this search (for paging links and the Atom feed).
    public func parameters(page: Int = 1) -> [(String, String?)] {
        [("q", query), ("mode", mode == modes.first ? nil : mode), ("cat", category), ("since", since), ("until", until),
         ("sort", sort == "relevance" ? nil : sort), ("page", page > 1 ? String(page) : nil)]
    }
}

public enum SearchView {
    public static func render(_ model: SearchPageModel, viewer: Viewer? = nil) -> String {
        let title = model.query.isEmpty ? "Search" : "Search: \(model.query.prefix(80))"
        let atom = model.problem == nil && !model.query.isEmpty ? Route.url(Route.searchAtom, model.parameters()) : nil
        return PageFrame(title: title, description: "Search research papers.", atomFeed: atom, query: model.query, viewer: viewer).render {
            el("h1") { model.query.isEmpty ? "Search papers" : "Results for “\(model.query.prefix(200))”" }
            form(model)
            if let problem = model.problem {
                el("div", .class("error"), .init("role", "alert")) { el("p") { problem } }
                help
            } else if !model.query.isEmpty {
                for note in model.notes { el("p", .class("note"), .init("role", "status")) { "Note: \(note)" } }
                if model.items.isEmpty {
                    el("p", .class("note")) { model.paging.page > 1 ? "No more results." : "No papers match this search." }
                    help
                } else {
                    PaperList.list(model.items, start: model.paging.firstRank)
                    FeedView.pager(model.paging) { Route.url(Route.search, model.parameters(page: $0)) }
                }
            } else {
                help
            }
        }
    }

    static func form(_ model: SearchPageModel) -> Node {
        el("form", .class("filters"), .init("action", Route.search), .init("method", "get")) {
            el("label") {
                "Query"
                el("input", .init("type", "search"), .init("name", "q"), .init("value", model.query), .init("maxlength", "1000"))
            }
            if model.modes.count > 1 {
                el("label") {
                    "Mode"
                    el("select", .init("name", "mode")) {
                        for mode in model.modes {
                            el("option", attributes: [Attribute("value", mode), mode == model.mode ? .flag("selected") : nil]) { mode }
                        }
                    }
                }
            }
            el("label") {
                "Category"
                el("input", .init("name", "cat"), .init("value", model.category ?? ""), .init("placeholder", "cs.CL"), .init("size", "8"))
            }
            el("label") { "Since"; el("input", .init("type", "date"), .init("name", "since"), .init("value", model.since ?? "")) }
            el("label") { "Until"; el("input", .init("type", "date"), .init("name", "until"), .init("value", model.until ?? "")) }
            el("label") {
                "Order"
                el("select", .init("name", "sort")) {
                    for sort in ["relevance", "date"] {
                        el("option", attributes: [Attribute("value", sort), sort == model.sort ? .flag("selected") : nil]) { sort == "date" ? "newest" : sort }
                    }
                }
            }
            el("button", .init("type", "submit")) { "Search" }
        }
    }

    static let help = el("details") {
        el("summary") { "How to search" }
        el("dl") {
            for (example, meaning) in [
                ("sparse attention", "both words, in the title, abstract or authors"),
                ("\"state space model\"", "the exact phrase"), ("-survey", "leave out papers with this word"),
                ("diffusion OR flow", "either word"), ("author:hinton  title:transformer", "only in that field"),
                ("cat:cs.CL  cat:cs.", "a category, or every category of an archive"),
                ("since:2024-01  until:2024-06-30", "first-submitted date bounds"), ("transform*", "words starting with transform"),
            ] {
                el("dt") { el("code") { example } }
                el("dd") { meaning }
            }
        }
    }
}
