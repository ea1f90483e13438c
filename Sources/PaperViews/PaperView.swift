import Foundation
import PaperModels

/// `/papers/{arxivId}`: everything known about one paper.
public enum PaperView {
    /// `related` are the papers most like this one (nearest by meaning), shown after the details.
    public static func render(_ paper: Paper, viewer: Viewer? = nil, upvoted: Bool = false, related: [PaperListItem] = []) -> String {
        let title = ReadableText.latex(paper.title)
        let votes = paper.community.totalUpvotes
        let description = String(ReadableText.latex(paper.abstract).prefix(200))
        return PageFrame(title: title, description: description, viewer: viewer).render {
            el("article") {
                el("h1") { title }
                el("p", .class("meta")) { paper.authors.joined(separator: ", ") }
                AccountViews.upvote(paperID: paper.id, count: votes, upvoted: upvoted, viewer: viewer)
                if let stars = paper.community.githubStars { el("p", .class("muted")) { "★ \(stars) GitHub stars" } }
                el("p", .class("links")) {
                    if let abs = paper.absURL { el("a", .href(abs)) { "arXiv abstract" } }
                    if let pdf = paper.pdfURL { el("a", .href(pdf)) { "PDF" } }
                    for url in codeURLs(paper) { el("a", .href(url), .init("rel", "nofollow noopener")) { "Code: \(shortURL(url))" } }
                    if let doi = paper.doi, doi.hasPrefix("10.") { el("a", .href("https://doi.org/" + doi)) { "DOI" } }
                }
                el("h2") { "Abstract" }
                el("p", .class("abstract")) { ReadableText.latex(paper.abstract) }
                el("h2") { "Details" }
                el("dl") { details(paper) }
            }
            if !related.isEmpty {
                el("section", .init("aria-labelledby", "related")) {
                    el("h2", .init("id", "related")) { "Related papers" }
                    PaperList.list(related, start: 1)
                }
            }
        }
    }

    static func details(_ paper: Paper) -> Node {
        let rows: [(String, String?)] = [
            ("arXiv id", paper.arxivID.map { ArxivID(paper.id + (paper.version.map { "v\($0)" } ?? ""))?.description ?? $0.bare }),
            ("Submitted", paper.submitted.map(Day.string)),
            ("Updated", paper.updated.map(Day.string)),
            ("Featured on", paper.community.featuredOn),
            ("Comments", paper.comments),
            ("Journal", paper.journalRef),
            ("License", paper.license),
            ("Organization", paper.community.organization),
            ("Keywords", paper.community.keywords.isEmpty ? nil : paper.community.keywords.joined(separator: ", ")),
        ]
        return .fragment(rows.compactMap { label, value in
            guard let value, !value.isEmpty else { return nil }
            return .fragment([el("dt") { label }, el("dd") { value }])
        } + [categories(paper)])
    }

    static func categories(_ paper: Paper) -> Node {
        guard !paper.categories.isEmpty else { return .empty }
        return .fragment([
            el("dt") { "Categories" },
            el("dd") {
                for category in paper.categories {
                    el("a", .href(Route.url(Route.search, [("q", "cat:\(category)"), ("sort", "date")]))) { category }
                    " "
                }
            },
        ])
    }

    /// The GitHub repository first, then links found in the abstract and comments; web links only.
    static func codeURLs(_ paper: Paper) -> [String] {
        var seen = Set<String>()
        return ([paper.community.githubRepo].compactMap { $0 } + paper.codeLinks).filter { SafeURL.isWeb($0) && seen.insert($0.lowercased()).inserted }
    }

    static func shortURL(_ url: String) -> String {
        url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
    }
}
