import Foundation
import PaperModels

/// The arXiv API (`/api/query`): the newest papers of `categories`, newest first, `pageSize` at a
/// time, until a page brings nothing new (papers already stored), `since` is passed, or
/// `maxResults` are listed. An error feed (HTTP 400) and "Rate exceeded." (429) are reported.
public struct ArxivAPIHarvester: PaperHarvester {
    public let baseURL: String
    public let categories: [String]
    public let pageSize: Int
    public let maxResults: Int
    public let client: PoliteHTTPClient

    public var stateKey: String { "arxiv-api" }

    public init(baseURL: String, categories: [String], pageSize: Int = 100, maxResults: Int = 2_000, client: PoliteHTTPClient) {
        self.baseURL = baseURL
        self.categories = categories
        self.pageSize = max(1, pageSize)
        self.maxResults = max(1, maxResults)
        self.client = client
    }

    public func begin(_ saved: HarvestState, since: String?, today: String) -> HarvestState {
        if saved.isInProgress && since == nil { return saved }
        return HarvestState(source: stateKey, completedMark: saved.completedMark, cursor: 0, runStart: since, pendingMark: today)
    }

    public func page(at state: HarvestState, today: String) async throws -> HarvestPage {
        let start = state.cursor ?? 0
        let query = categories.map { "cat:\($0)" }.joined(separator: " OR ")
        let url = try harvestURL(baseURL, [("search_query", query), ("sortBy", "submittedDate"), ("sortOrder", "descending"),
                                           ("start", String(start)), ("max_results", String(min(pageSize, maxResults - start)))])
        let answer: HTTPAnswer
        do { answer = try await client.get(url) } catch let failure as HTTPFailure {
            throw HarvestError(source: stateKey, reason: failure.description)
        }
        // The API explains a bad request in an Atom "error feed" sent with 400, which the parser reports.
        guard answer.status == 200 || answer.status == 400 else {
            throw HarvestError(source: stateKey, reason: "HTTP \(answer.status) from \(answer.url): \(answer.bodySnippet)")
        }
        var page = HarvestPage(state: state, isLast: false)
        let paging = try read(answer, into: &page) { try AtomFeedParser().parse($0, sink: $1) }
        page.notices.removeAll()  // "more results exist": paging is this harvester's own job
        let next = start + paging.entries
        page.listed = next
        page.listSize = paging.totalResults.map { min($0, maxResults) }
        if paging.entries == 0, let total = paging.totalResults, start < total, start < maxResults {
            // A known hiccup of the API: an empty page in the middle of a list. The state stays, so
            // the next run asks for this page again.
            throw HarvestError(source: stateKey, reason: "an empty page at start=\(start) of \(total) results from \(answer.url)")
        }
        let passedSince = state.runStart.map { since in page.papers.contains { ($0.submitted.map(Day.string) ?? since) < since } } ?? false
        page.isLast = paging.entries == 0 || next >= (paging.totalResults ?? Int.max) || next >= maxResults || passedSince
        page.stopsWhenNothingNew = state.runStart == nil
        if page.isLast {
            page.state = state.completed()
        } else {
            page.state.cursor = next
        }
        return page
    }
}
