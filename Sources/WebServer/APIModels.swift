import Foundation
import PaperModels
import PaperSearch
import PaperStore
import PaperViews

/// A paper in the JSON API, with Hugging Face's field names where they have one (`summary` for
/// the abstract, `publishedAt`, `upvotes`, `githubRepo`, `ai_keywords`, …) and Paperboy's own
/// fields beside them. Absent values are left out, as Hugging Face does.
struct PaperJSON: Encodable {
    struct Author: Encodable { var name: String }

    var id: String
    var title: String
    var summary: String
    var authors: [Author]
    var publishedAt: String?
    var updatedAt: String?
    var submittedOnDailyAt: String?
    var upvotes: Int
    var githubRepo: String?
    var githubStars: Int?
    var organization: String?
    var ai_keywords: [String]
    var categories: [String]
    var version: Int?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var codeLinks: [String]
    var arxivUrl: String?
    var pdfUrl: String?

    init(_ paper: Paper) {
        id = paper.id
        title = paper.title
        summary = paper.abstract
        authors = paper.authors.map(Author.init)
        publishedAt = paper.submitted.map(Self.timestamp)
        updatedAt = paper.updated.map(Self.timestamp)
        submittedOnDailyAt = paper.community.featuredOn.flatMap(Day.date).map(Self.timestamp)
        upvotes = paper.community.totalUpvotes
        githubRepo = paper.community.githubRepo
        githubStars = paper.community.githubStars
        organization = paper.community.organization
        ai_keywords = paper.community.keywords
        categories = paper.categories
        version = paper.version
        comments = paper.comments
        journalRef = paper.journalRef
        doi = paper.doi
        codeLinks = paper.codeLinks
        arxivUrl = paper.absURL
        pdfUrl = paper.pdfURL
    }

    /// `2026-06-10T00:00:00.000Z`, Hugging Face's form.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC") ?? .current))
    }
}

/// An entry of `/api/daily_papers` and of search results: the paper, with its title, summary and
/// date repeated at the top level as Hugging Face's daily papers have them.
struct DailyPaperJSON: Encodable {
    var paper: PaperJSON
    var title: String
    var summary: String
    var publishedAt: String?
    /// The trending score, for `sort=trending`.
    var trendingScore: Double?
    /// For search results: HTML, the text escaped, matched terms inside `<mark>`.
    var snippet: String?
    var score: Double?

    init(_ paper: Paper, trendingScore: Double? = nil, hit: KeywordHit? = nil) {
        self.paper = PaperJSON(paper)
        title = paper.title
        summary = paper.abstract
        publishedAt = self.paper.publishedAt
        self.trendingScore = trendingScore
        snippet = hit.map { Snippet(marked: $0.snippet).html }
        score = hit?.score
    }
}
