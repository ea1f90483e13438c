import Foundation
import PaperModels

/// The arXiv metadata formats a harvest can ask OAI-PMH for (its `metadataPrefix`).
public enum OAIMetadataFormat: String, CaseIterable, Sendable {
    /// Structured author names, the first and last dates.
    case arXiv
    /// Every version with its date (and the submitter); authors as one string.
    case arXivRaw
}

/// arXiv's OAI-PMH interface (`ListRecords`, metadata `arXiv` or `arXivRaw`) for one set such as
/// `cs`: every record added or changed since the day the last run started, page by page along the
/// resumption tokens. Papers outside `categories` (when given) are left out.
public struct OAIPMHHarvester: PaperHarvester {
    public let baseURL: String
    public let set: String
    public let categories: Set<String>
    public let client: PoliteHTTPClient
    public let format: OAIMetadataFormat

    /// One state per set, whatever the format: switching formats neither restarts nor skips a day.
    public var stateKey: String { "oai:\(set)" }

    public init(baseURL: String, set: String, categories: [String] = [], client: PoliteHTTPClient, format: OAIMetadataFormat = .arXiv) {
        self.baseURL = baseURL
        self.set = set
        self.categories = Set(categories)
        self.client = client
        self.format = format
    }

    /// The OAI-PMH sets that hold `categories`: `cs.AI` is in `cs`, `hep-th` in `physics:hep-th`.
    public static func sets(for categories: [String]) -> [String] {
        var seen: [String] = []
        for category in categories {
            let archive = String(category.split(separator: ".").first ?? Substring(category))
            let set = ["cs", "econ", "eess", "math", "q-bio", "q-fin", "stat", "nlin", "physics"].contains(archive) ? archive : "physics:\(archive)"
            if !seen.contains(set) { seen.append(set) }
        }
        return seen
    }

    public func begin(_ saved: HarvestState, since: String?, today: String) -> HarvestState {
        if saved.isInProgress && since == nil { return saved }
        // `from` is inclusive: starting on the day the last run started overlaps it by a day
        // (upserts make that harmless) and skips none.
        let from = since ?? saved.completedMark ?? HarvestDays.adding(-1, to: today)
        return HarvestState(source: stateKey, completedMark: saved.completedMark, runStart: from, pendingMark: today)
    }

    public func page(at state: HarvestState, today: String) async throws -> HarvestPage {
        let parameters: [(String, String)] = state.resumptionToken.map { [("verb", "ListRecords"), ("resumptionToken", $0)] }
            ?? [("verb", "ListRecords"), ("metadataPrefix", format.rawValue), ("set", set), ("from", state.runStart ?? today)]
        let answer: HTTPAnswer
        do { answer = try await client.get(try harvestURL(baseURL, parameters)) } catch let failure as HTTPFailure {
            throw HarvestError(source: stateKey, reason: failure.description)
        }
        var page = HarvestPage(state: state, isLast: false)
        guard answer.status == 200 else {
            throw HarvestError(source: stateKey, reason: "HTTP \(answer.status) from \(answer.url): \(answer.bodySnippet)")
        }
        let resumption: OAIResumption?
        do {
            resumption = try read(answer, into: &page) { try OAIPMHParser().parse($0, sink: $1) }
        } catch let error as HarvestError where error.reason.contains("badResumptionToken") && state.resumptionToken != nil {
            // The token expired (the run was interrupted for long): list again from the run's start.
            var restart = state
            restart.resumptionToken = nil
            restart.cursor = nil
            page.state = restart
            page.notices.append("\(stateKey): the resumption token expired; listing again from \(state.runStart ?? today)")
            return page
        }
        // The parser's last notice names the resumption token: following it is this harvester's
        // own job. Others (a record deleted at the source) are the operator's news.
        if resumption != nil, !page.notices.isEmpty { page.notices.removeLast() }
        if !categories.isEmpty {
            page.papers.removeAll { !$0.categories.isEmpty && categories.isDisjoint(with: $0.categories) }
        }
        if let resumption {
            page.state.resumptionToken = resumption.token
            page.state.cursor = resumption.cursor
            page.listed = resumption.cursor
            page.listSize = resumption.completeListSize
        } else {
            page.state = state.completed()
            page.isLast = true
        }
        return page
    }
}
