import Foundation
import PaperModels

/// An Atom feed (RFC 4287) of papers: a day's feed, trending, or a search.
public struct AtomFeedModel: Sendable {
    public var title: String
    /// Absolute URLs: the site's base (`https://papers.example.org`, no trailing slash), the page
    /// the feed mirrors and the feed itself (a path and query each).
    public var baseURL: String
    public var pagePath: String
    public var feedPath: String
    public var updated: Date
    public var papers: [Paper]

    public init(title: String, baseURL: String, pagePath: String, feedPath: String, updated: Date, papers: [Paper]) {
        self.title = title
        self.baseURL = baseURL
        self.pagePath = pagePath
        self.feedPath = feedPath
        self.updated = updated
        self.papers = papers
    }
}

public enum AtomView {
    public static func render(_ model: AtomFeedModel) -> String {
        let feed = el("feed", .init("xmlns", "http://www.w3.org/2005/Atom")) {
            el("id") { model.baseURL + model.feedPath }
            el("title") { model.title }
            el("updated") { timestamp(model.updated) }
            // Atom needs an author for each entry; papers without one inherit the feed's.
            el("author") { el("name") { "Paperboy" } }
            el("link", .init("rel", "self"), .init("type", "application/atom+xml"), .href(model.baseURL + model.feedPath))
            el("link", .init("rel", "alternate"), .init("type", "text/html"), .href(model.baseURL + model.pagePath))
            el("generator") { "Paperboy" }
            for paper in model.papers { entry(paper, model: model) }
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + feed.renderXML()
    }

    static func entry(_ paper: Paper, model: AtomFeedModel) -> Node {
        let url = model.baseURL + Route.paper(paper.id)
        return el("entry") {
            el("id") { url }
            el("title") { ReadableText.latex(paper.title) }
            el("updated") { timestamp(paper.updated ?? paper.submitted ?? model.updated) }
            if let submitted = paper.submitted { el("published") { timestamp(submitted) } }
            for author in paper.authors.prefix(50) { el("author") { el("name") { author } } }
            el("link", .init("rel", "alternate"), .init("type", "text/html"), .href(url))
            if let pdf = paper.pdfURL { el("link", .init("rel", "related"), .init("type", "application/pdf"), .href(pdf)) }
            for category in paper.categories { el("category", .init("term", category)) }
            el("summary") { ReadableText.latex(paper.abstract) }
        }
    }

    /// RFC 3339 in UTC, as Atom requires.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current))
    }
}
