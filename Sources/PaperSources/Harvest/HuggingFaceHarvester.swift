import Foundation
import PaperModels

/// Hugging Face daily papers (`/api/daily_papers?date=`): one request per day, from the last day
/// harvested to today. Days are asked again until they are past, so that upvotes and stars move.
public struct HuggingFaceHarvester: PaperHarvester {
    public let baseURL: String
    public let client: PoliteHTTPClient
    /// How many past days a first run (without `since`) reaches back.
    public let firstRunDays: Int

    public var stateKey: String { "huggingface" }

    public init(baseURL: String, client: PoliteHTTPClient, firstRunDays: Int = 1) {
        self.baseURL = baseURL
        self.client = client
        self.firstRunDays = max(0, firstRunDays)
    }

    /// The day to ask for is the state's `runStart`; the run ends with today.
    public func begin(_ saved: HarvestState, since: String?, today: String) -> HarvestState {
        if saved.runStart != nil && since == nil { return saved }
        // The last completed day is asked again: its upvotes went on changing after that run.
        let first = min(since ?? saved.completedMark ?? HarvestDays.adding(-firstRunDays, to: today), today)
        return HarvestState(source: stateKey, completedMark: saved.completedMark, runStart: first, pendingMark: today)
    }

    public func page(at state: HarvestState, today: String) async throws -> HarvestPage {
        let day = state.runStart ?? today
        let answer: HTTPAnswer
        do { answer = try await client.get(try harvestURL(baseURL, [("date", day)])) } catch let failure as HTTPFailure {
            throw HarvestError(source: stateKey, reason: failure.description)
        }
        guard answer.status == 200 else {
            throw HarvestError(source: stateKey, reason: "HTTP \(answer.status) from \(answer.url): \(answer.bodySnippet)")
        }
        var page = HarvestPage(state: state, isLast: false)
        try read(answer, into: &page) { try HuggingFaceDailyParser().parse($0, sink: $1) }
        if day >= today {
            page.state = state.completed()
            page.state.completedMark = HarvestDays.adding(-1, to: today)
            page.isLast = true
        } else {
            page.state.runStart = HarvestDays.adding(1, to: day)
        }
        return page
    }
}
