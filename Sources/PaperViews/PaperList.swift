import PaperModels

/// A stretch of text with the matched search terms marked.
public struct Snippet: Sendable, Equatable {
    public struct Part: Sendable, Equatable {
        public var text: String
        public var matched: Bool
        public init(text: String, matched: Bool) {
            self.text = text
            self.matched = matched
        }
    }
    public var parts: [Part]
    public init(parts: [Part]) { self.parts = parts }

    /// HTML: the text escaped, matched terms inside `<mark>` (for the JSON API).
    public var html: String { PaperList.marked(self).renderHTML() }
}

/// One paper in a list: the feed, trending, search results.
public struct PaperListItem: Sendable {
    public var paper: Paper
    /// Search hits show where the query matched; other lists show the abstract's opening.
    public var snippet: Snippet?
    /// A short note after the metadata (the trending score).
    public var detail: String?
    public init(paper: Paper, snippet: Snippet? = nil, detail: String? = nil) {
        self.paper = paper
        self.snippet = snippet
        self.detail = detail
    }
}

enum PaperList {
    /// The ordered list; `start` numbers the first item (for pages after the first).
    static func list(_ items: [PaperListItem], start: Int) -> Node {
        el("ol", .class("papers"), .init("start", String(start))) {
            for item in items { card(item) }
        }
    }

    static func card(_ item: PaperListItem) -> Node {
        let paper = item.paper
        let votes = paper.community.totalUpvotes
        return el("li", .class("paper")) {
            el("div", .class("votes"), .init("aria-label", "\(votes) upvote\(votes == 1 ? "" : "s")")) {
                String(votes)
                el("small", .init("aria-hidden", "true")) { "votes" }
            }
            el("div") {
                el("h2") { el("a", .href(Route.paper(paper.id))) { ReadableText.latex(paper.title) } }
                el("p", .class("meta")) {
                    meta(paper)
                    if let detail = item.detail { " · \(detail)" }
                }
                el("p", .class("snippet")) {
                    if let snippet = item.snippet { marked(snippet) } else { opening(paper.abstract) }
                }
            }
        }
    }

    /// Authors · day · categories · code, each only when known.
    static func meta(_ paper: Paper) -> Node {
        let parts = [ReadableText.shortAuthors(paper.authors), paper.feedDay ?? "", paper.categories.prefix(3).joined(separator: " ")]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        return Node.fragment([
            .text(parts),
            codeLink(paper).map { Node.fragment([.text(" · "), $0]) } ?? .empty,
        ])
    }

    static func codeLink(_ paper: Paper) -> Node? {
        guard let url = paper.community.githubRepo ?? paper.codeLinks.first, SafeURL.isWeb(url) else { return nil }
        let stars = paper.community.githubStars.map { " ★\($0)" } ?? ""
        return el("a", .href(url), .init("rel", "nofollow noopener")) { "code\(stars)" }
    }

    /// The first 200 characters of an abstract, cut at a word (made readable before the cut, but
    /// only its first 400 characters: LaTeX handling of whole abstracts dominated a feed page).
    static func opening(_ abstract: String) -> Node {
        let text = ReadableText.latex(String(abstract.prefix(400)))
        guard text.count > 200 else { return .text(text) }
        let cut = text.prefix(200)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return .text(String(cut[..<end]) + " …")
    }

    static func marked(_ snippet: Snippet) -> Node {
        .fragment(snippet.parts.map { part in part.matched ? el("mark") { part.text } : .text(part.text) })
    }
}

/// Links taken from ingested data are only made clickable when they are http(s): a
/// `javascript:` URL in a record must never become a link.
enum SafeURL {
    static func isWeb(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && !url.contains(where: { $0.isWhitespace })
    }
}
