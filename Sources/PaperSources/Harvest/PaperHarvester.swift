import Foundation
import PaperModels

/// One page of a harvest: what it held, and where the source stands once it is stored.
public struct HarvestPage: Sendable {
    public var papers: [Paper] = []
    public var skipped: [SkippedRecord] = []
    public var notices: [String] = []
    /// The state to save with the papers (in the same transaction).
    public var state: HarvestState
    /// The run is complete once this page is stored.
    public var isLast: Bool
    /// The run is complete if none of this page's papers was new (the arXiv API, newest first,
    /// has reached papers already stored).
    public var stopsWhenNothingNew = false
    /// Papers listed so far in this run and the list's size, when the source says (for progress).
    public var listed: Int?
    public var listSize: Int?

    public init(state: HarvestState, isLast: Bool) {
        self.state = state
        self.isLast = isLast
    }
}

/// A live source of papers, harvested page by page. Every page is fetched from the saved state
/// alone, so that a run interrupted after any page continues from the next one.
public protocol PaperHarvester: Sendable {
    /// The name of the source's state and of its runs (`oai:cs`, `arxiv-api`, `huggingface`).
    var stateKey: String { get }
    /// The state a run starts from: the interrupted run's, or a new run's (from `since`, a day,
    /// when given, else from where the last run stopped). `today` is the UTC day of the run.
    func begin(_ saved: HarvestState, since: String?, today: String) -> HarvestState
    /// Fetches and reads the page that `state` points at.
    func page(at state: HarvestState, today: String) async throws -> HarvestPage
}

/// A harvest page that could not be used: a failed request or an unreadable answer.
public struct HarvestError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var reason: String
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
    public var description: String { "\(source): \(reason)" }
}

extension PaperHarvester {
    /// Parses a response body with `parse`, collecting papers, skipped records and notices, and
    /// turning an unreadable body into a `HarvestError` that names the URL.
    func read<Result>(_ answer: HTTPAnswer, into page: inout HarvestPage,
                      _ parse: (InputReader, SourceSink) throws -> Result) throws -> Result {
        var papers: [Paper] = [], skipped: [SkippedRecord] = [], notices: [String] = []
        do {
            let result = try parse(try InputReader(name: answer.url, bytes: answer.body)) { item in
                switch item {
                case .paper(let paper, _): papers.append(paper)
                case .skipped(let record): skipped.append(record)
                case .notice(let message): notices.append(message)
                }
            }
            page.papers += papers
            page.skipped += skipped
            page.notices += notices
            return result
        } catch let error as SourceError {
            throw HarvestError(source: stateKey, reason: "HTTP \(answer.status) from \(answer.url): \(error.reason)")
        }
    }
}

/// `YYYY-MM-DD` days, shifted by whole days.
enum HarvestDays {
    static func adding(_ days: Int, to day: String) -> String {
        guard let date = Day.date(day) else { return day }
        return Day.string(date.addingTimeInterval(Double(days) * 86_400))
    }
}

/// Builds a URL from a base address and query parameters, percent-encoding the values.
func harvestURL(_ base: String, _ parameters: [(String, String)]) throws -> URL {
    guard var components = URLComponents(string: base), components.scheme != nil, components.host != nil else {
        throw HarvestError(source: base, reason: "not an http(s) address")
    }
    components.queryItems = (components.queryItems ?? []) + parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
    // `+` is a space to the servers: a literal plus sign must be encoded.
    components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
    guard let url = components.url else { throw HarvestError(source: base, reason: "cannot build a request address") }
    return url
}
