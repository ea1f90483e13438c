import Foundation
import Hummingbird
import PaperModels
import Testing

@Suite("Pages")
struct PageTests {
    @Test func frontPageIsTheLatestDayRankedByUpvotes() async throws {
        try await TestSite.withClient { client in
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            #expect(page.body.contains("<h1>Papers of 2026-06-12</h1>"))
            #expect(page.body.contains("31 papers, most upvoted first."))
            // The three most upvoted papers of the recorded Hugging Face day, in order.
            let order = ["2606.13681", "2606.13392", "2606.08063"].compactMap { page.body.range(of: "/papers/\($0)\"")?.lowerBound }
            #expect(order.count == 3 && order == order.sorted())
            #expect(page.body.contains("rel=\"prev\""))
            #expect(page.body.contains("href=\"/papers?date=2026-06-12&amp;page=2\""))
            #expect(page.body.utf8.count < 50_000, "a feed page stays under 50 kB")
            // Nothing fetched from elsewhere: no script, no external stylesheet, font or image.
            #expect(!page.body.contains("<script") && !page.body.contains(" src=\"") && !page.body.contains("stylesheet"))
            let second = try await client.get("/papers?date=2026-06-12&page=2")
            #expect(second.body.contains("<ol class=\"papers\" start=\"31\">"))
        }
    }

    @Test func weekMonthAndCategoryViews() async throws {
        try await TestSite.withClient { client in
            let week = try await client.get("/papers?week=2026-W24")
            #expect(week.body.contains("Papers of week 2026-W24 (2026-06-08 to 2026-06-14)"))
            #expect(week.body.contains("31 papers"))
            #expect(week.body.contains("href=\"/papers?week=2026-W23\""))
            let month = try await client.get("/papers?month=2026-06&cat=cs.CV")
            #expect(month.body.contains("1 paper in cs.CV"))
            #expect(month.body.contains("<option value=\"cs.CV\" selected>"))
            let empty = try await client.get("/papers?date=2026-01-01")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("No papers in this span."))
        }
    }

    @Test("a malformed window is a 400 page that says what to write", arguments: [
        "/papers?date=2026-02-30", "/papers?week=2026-W54", "/papers?month=2026-13", "/papers?date=2026-06-12&week=2026-W24",
        "/papers?page=0", "/papers?page=abc", "/papers?cat=%3Cscript%3E", "/trending?window=year",
    ])
    func badParameters(uri: String) async throws {
        try await TestSite.withClient { client in
            let page = try await client.get(uri)
            #expect(page.status == .badRequest)
            #expect(page.body.contains("role=\"alert\""))
            #expect(!page.body.contains("<script>"))
        }
    }

    @Test func trendingShowsTheFormulaAndRanksByIt() async throws {
        try await TestSite.withClient { client in
            let page = try await client.get("/trending?window=day")
            #expect(page.status == .ok)
            #expect(page.body.contains("How is this ranked?"))
            #expect(page.body.contains(Trending.formula))
            // At the end of 2026-06-12 every paper of that day is one day old: votes decide.
            let first = try #require(page.body.range(of: "/papers/2606.13681\""))
            let second = try #require(page.body.range(of: "/papers/2606.13392\""))
            #expect(first.lowerBound < second.lowerBound)
            #expect(page.body.contains("score \(String(format: "%.3f", Trending.score(upvotes: 118, githubStars: 9, ageDays: 1)))"))
        }
    }

    @Test("paper pages resolve new, versioned, prefixed and old-style ids", arguments: [
        ("/papers/2606.13681", "2606.13681"), ("/papers/2606.13681v1", "2606.13681"), ("/papers/arXiv:2606.13681", "2606.13681"),
        ("/papers/astro-ph/0601001", "astro-ph/0601001"), ("/papers/astro-ph/0601001v1", "astro-ph/0601001"),
        ("/papers/astro-ph%2F0601001", "astro-ph/0601001"),
    ])
    func paperPages(uri: String, id: String) async throws {
        try await TestSite.withClient { client in
            let page = try await client.get(uri)
            #expect(page.status == .ok)
            #expect(page.body.contains("href=\"https://arxiv.org/abs/\(id)\""))
            #expect(page.body.contains("href=\"https://arxiv.org/pdf/\(id)\""))
            #expect(page.body.contains("<h2>Abstract</h2>"))
        }
    }

    @Test func unknownPaperIs404() async throws {
        try await TestSite.withClient { client in
            let page = try await client.get("/papers/2606.00001")
            #expect(page.status == .notFound)
            #expect(page.body.contains("No paper with the id “2606.00001” is stored here."))
            #expect(try await client.get("/no/such/page").status == .notFound)
        }
    }

    @Test func ingestedMarkupIsEscapedAndUnsafeLinksDropped() async throws {
        try await TestSite.withClient { client in
            for uri in ["/papers/2606.99999", "/", "/search?q=quantization", "/trending?window=week"] {
                let page = try await client.get(uri)
                #expect(page.status == .ok)
                #expect(!page.body.contains("<script>alert"), "\(uri)")
                #expect(!page.body.contains("<img src=x"), "\(uri)")
                #expect(!page.body.contains("<b>Mallory"), "\(uri)")
                #expect(!page.body.contains("javascript:"), "\(uri)")
                #expect(!page.body.contains("\u{1}"), "\(uri)")
            }
            let paper = try await client.get("/papers/2606.99999")
            #expect(paper.body.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; &amp; &quot;Ünïcode&quot; α"))
        }
    }

    @Test func searchMarksMatchesAndExplainsProblems() async throws {
        try await TestSite.withClient { client in
            let hits = try await client.get("/search?q=vision+transformer")
            #expect(hits.status == .ok)
            #expect(hits.body.contains("<mark>"))
            #expect(hits.body.contains("Results for “vision transformer”"))
            #expect(hits.body.contains("type=\"application/atom+xml\""))
            let none = try await client.get("/search?q=zzqxjv")
            #expect(none.body.contains("No papers match this search."))
            let empty = try await client.get("/search?q=%22%22")
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("Nothing to search for"))
            let mode = try await client.get("/search?q=vision&mode=telepathy")
            #expect(mode.status == .badRequest)
            #expect(mode.body.contains("Unknown search mode “telepathy”: choose keyword, semantic, hybrid."))
            // Before any paper has an embedding, search by meaning answers by keyword and says so.
            let semantic = try await client.get("/search?q=vision&mode=semantic")
            #expect(semantic.status == .ok && semantic.body.contains("Search by meaning is not available yet"))
            let form = try await client.get("/search")
            #expect(form.status == .ok && form.body.contains("How to search"))
            let filtered = try await client.get("/search?q=transformer&cat=cs.CV&since=2026-06-01&until=2026-06-30&sort=date")
            #expect(filtered.status == .ok && filtered.body.contains("/papers/2606.99999\""))
        }
    }

    @Test func etagGivesNotModified() async throws {
        try await TestSite.withClient { client in
            let first = try await client.get("/papers?date=2026-06-12")
            let tag = try #require(first.headers[.eTag])
            #expect(first.headers[.cacheControl] == "public, max-age=60")
            let again = try await client.get("/papers?date=2026-06-12", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.isEmpty)
            let other = try await client.get("/papers?date=2026-06-12", headers: [.ifNoneMatch: "\"0\""])
            #expect(other.status == .ok)
        }
    }
}
