import Foundation
import Hummingbird
import PaperModels
import PaperViews

/// The HTML pages and their Atom feeds.
extension Site {
    func registerPages(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Route.home)) { request, _ in try feedPage(request) }
        router.get(RouterPath(Route.feed)) { request, _ in try feedPage(request) }
        router.get(RouterPath(Route.trending)) { request, _ in
            try publicResponse(request, type: Responses.html) { session in
                let parameters = QueryParameters(request)
                let model = try trendingModel(span: try span(parameters), category: try parameters.category(),
                                              page: try parameters.integer("page", in: 1...1_000, default: 1))
                return TrendingView.render(model, viewer: session?.viewer)
            }
        }
        router.get(RouterPath(Route.paperPrefix + "**")) { request, context in
            try publicResponse(request, type: Responses.html) { session in
                let paper = try paper(context.parameters.getCatchAll())
                let upvoted = try session.map { try database.hasUpvoted(accountID: $0.account.id, paperID: paper.id) } ?? false
                let related = try searcher.related(to: paper.id, limit: 5)?.hits.map { PaperListItem(paper: $0.paper) } ?? []
                return PaperView.render(paper, viewer: session?.viewer, upvoted: upvoted, related: related)
            }
        }
        router.get(RouterPath(Route.search)) { request, _ in try searchPage(request) }
        router.get(RouterPath(Route.feedAtom)) { request, _ in try publicResponse(request, type: Responses.atom) { _ in
            let parameters = QueryParameters(request)
            let window = try window(try parameters.feedWindow())
            let category = try parameters.category()
            let papers = try database.feed(.init(firstDay: window.firstDay, lastDay: window.lastDay, category: category, limit: 100)).papers
            let page = Route.url(Route.feed, [(FeedView.parameter(window.kind), window.label), ("cat", category)])
            return atom(request, title: "Paperboy: papers of \(window.label)\(category.map { " in \($0)" } ?? "")", page: page, papers: papers)
        } }
        router.get(RouterPath(Route.trendingAtom)) { request, _ in try publicResponse(request, type: Responses.atom) { _ in
            let parameters = QueryParameters(request)
            let span = try span(parameters), category = try parameters.category()
            let (first, last) = try trendingSpan(span)
            let papers = try trending(firstDay: first, lastDay: last, category: category, offset: 0, limit: 50).ranked.map(\.paper)
            let page = Route.url(Route.trending, [("window", span.rawValue), ("cat", category)])
            return atom(request, title: "Paperboy: trending this \(span.rawValue)\(category.map { " in \($0)" } ?? "")", page: page, papers: papers)
        } }
        router.get(RouterPath(Route.searchAtom)) { request, _ in try publicResponse(request, type: Responses.atom) { _ in
            let input = try searchInput(QueryParameters(request), api: false, defaultLimit: 50)
            let papers = try search(input).hits.map(\.paper)
            let page = Route.url(Route.search, [("q", input.query), ("cat", input.category), ("since", input.since), ("until", input.until)])
            return atom(request, title: "Paperboy: search for \(input.fullQuery)", page: page, papers: papers)
        } }
    }

    private func span(_ parameters: QueryParameters) throws -> FeedWindow.Kind {
        FeedWindow.Kind(rawValue: try parameters.choice("window", FeedWindow.Kind.allCases.map(\.rawValue), default: "week")) ?? .week
    }

    private func feedPage(_ request: Request) throws -> Response {
        try publicResponse(request, type: Responses.html) { session in
            let parameters = QueryParameters(request)
            let model = try feedModel(window: try parameters.feedWindow(), category: try parameters.category(),
                                      page: try parameters.integer("page", in: 1...1_000, default: 1))
            return FeedView.render(model, viewer: session?.viewer)
        }
    }

    /// The paper named by the path after `/papers/` (old-style ids span two path segments).
    func paper(_ segments: [Substring]) throws -> Paper {
        let raw = segments.joined(separator: "/")
        let id = raw.removingPercentEncoding ?? raw
        guard id.count <= 200, let paper = try database.paper(id: id) else {
            throw PageError.notFound("No paper with the id “\(id.prefix(80))” is stored here.")
        }
        return paper
    }

    /// The search page: a malformed request shows the form again with the problem (status 400).
    private func searchPage(_ request: Request) throws -> Response {
        let parameters = QueryParameters(request)
        var model = SearchPageModel(query: parameters["q"] ?? "", mode: parameters["mode"] ?? defaultMode.rawValue, modes: searchModes.map(\.rawValue),
                                    category: parameters["cat"], since: parameters["since"], until: parameters["until"],
                                    sort: parameters["sort"] ?? "relevance", items: [], paging: Paging(page: 1, pageSize: 20, hasMore: false),
                                    notes: [], problem: nil)
        if parameters["q"] == nil && parameters["cat"] == nil && parameters["since"] == nil && parameters["until"] == nil {
            return try publicResponse(request, type: Responses.html) { SearchView.render(model, viewer: $0?.viewer) }
        }
        let input: SearchInput
        do { input = try searchInput(parameters, api: false, defaultLimit: 20) } catch let error as PageError {
            model.problem = error.message
            return Responses.uncached(SearchView.render(model, viewer: try viewer(request)), status: error.status, type: Responses.html)
        }
        return try publicResponse(request, type: Responses.html) { session in
            let results = try search(input)
            model.items = results.hits.map { PaperListItem(paper: $0.paper, snippet: Snippet(marked: $0.snippet)) }
            model.paging = Paging(page: input.page, pageSize: input.limit, hasMore: results.hasMore)
            model.notes = results.notes
            return SearchView.render(model, viewer: session?.viewer)
        }
    }

    private func atom(_ request: Request, title: String, page: String, papers: [Paper]) -> String {
        let feedPath = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        // The feed changes when its papers do: its date is the newest paper's, so the ETag holds.
        let updated = papers.compactMap { $0.updated ?? $0.submitted }.max() ?? configuration.now()
        let model = AtomFeedModel(title: title, baseURL: configuration.baseURL, pagePath: page, feedPath: feedPath,
                                  updated: updated, papers: papers)
        return AtomView.render(model)
    }
}
