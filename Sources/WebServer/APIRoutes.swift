import Foundation
import Hummingbird
import PaperModels
import PaperStore
import PaperViews

/// The JSON API, in the spirit of Hugging Face's: `/api/daily_papers`, `/api/papers/{id}`,
/// `/api/papers/search`, `/api/papers/{id}/related`. Errors are `{"error": "…"}` with status 400 or 404 (ErrorMiddleware).
extension Site {
    func registerAPI(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Route.apiDailyPapers)) { request, _ in
            try publicResponse(request, type: Responses.json) { _ in try Responses.jsonText(try dailyPapers(request)) }
        }
        router.get(RouterPath(Route.apiSearch)) { request, _ in
            try publicResponse(request, type: Responses.json) { _ in
                let input = try searchInput(QueryParameters(request), api: true, defaultLimit: 20)
                return try Responses.jsonText(try search(input).hits.map { DailyPaperJSON($0.paper, hit: $0) })
            }
        }
        router.get(RouterPath(Route.apiPaperPrefix + "**")) { request, context in
            try publicResponse(request, type: Responses.json) { _ in
                // `/api/papers/{id}/related`: ids hold no segment named "related", old-style ones hold a slash.
                let segments = context.parameters.getCatchAll()
                guard segments.count > 1, segments.last == "related" else { return try Responses.jsonText(PaperJSON(try paper(segments))) }
                let limit = try QueryParameters(request).integer("limit", in: 1...100, default: 10)
                let related = try searcher.related(to: try paper(Array(segments.dropLast())).id, limit: limit)?.hits ?? []
                return try Responses.jsonText(related.map { DailyPaperJSON($0.paper) })
            }
        }
    }

    /// `date` | `week` | `month` (default: the latest day with papers), `p` (page from 0),
    /// `limit` (1–100, default 50), `sort` (`publishedAt`, `trending`; default: most upvoted).
    private func dailyPapers(_ request: Request) throws -> [DailyPaperJSON] {
        let parameters = QueryParameters(request)
        let window = try window(try parameters.feedWindow())
        let page = try parameters.integer("p", in: 0...10_000, default: 0)
        let limit = try parameters.integer("limit", in: 1...100, default: 50)
        let category = try parameters.category()
        let items: [DailyPaperJSON]
        switch try parameters.choice("sort", ["upvotes", "publishedAt", "trending"], default: "upvotes") {
        case "trending":
            let slice = try trending(firstDay: window.firstDay, lastDay: window.lastDay, category: category, offset: page * limit, limit: limit)
            items = slice.ranked.map { DailyPaperJSON($0.paper, trendingScore: $0.score) }
        case let sort:
            let query = FeedQuery(firstDay: window.firstDay, lastDay: window.lastDay, category: category,
                                  order: sort == "publishedAt" ? .newest : .upvotes, limit: limit, offset: page * limit)
            items = try database.feed(query).papers.map { DailyPaperJSON($0) }
        }
        return items
    }
}
