import Foundation

/// Where the harvest of one source stands, kept in the database so that a restart or a kill
/// continues where it stopped. A run in progress has a `resumptionToken` or a `cursor`; when it
/// completes, `pendingMark` becomes `completedMark` and the next run starts from there.
public struct HarvestState: Sendable, Equatable, Codable {
    /// The source's state key, e.g. `oai:cs`, `arxiv-api`, `huggingface`.
    public var source: String
    /// How far the last completed run reached: a day (`YYYY-MM-DD`) the next run starts from.
    public var completedMark: String?
    /// The OAI-PMH resumption token of the next page of the run in progress.
    public var resumptionToken: String?
    /// The offset (arXiv API `start`) of the next page of the run in progress.
    public var cursor: Int?
    /// Where the run in progress started (OAI-PMH `from` day), to restart it if its token expires.
    public var runStart: String?
    /// What `completedMark` becomes once the run in progress is complete.
    public var pendingMark: String?

    public init(source: String, completedMark: String? = nil, resumptionToken: String? = nil, cursor: Int? = nil,
                runStart: String? = nil, pendingMark: String? = nil) {
        self.source = source
        self.completedMark = completedMark
        self.resumptionToken = resumptionToken
        self.cursor = cursor
        self.runStart = runStart
        self.pendingMark = pendingMark
    }

    /// Whether a run was interrupted before it finished (its next page is known).
    public var isInProgress: Bool { resumptionToken != nil || cursor != nil }

    /// The state once the run in progress is complete.
    public func completed() -> HarvestState {
        HarvestState(source: source, completedMark: pendingMark ?? completedMark)
    }
}

/// One harvest run of one source, as recorded in the database.
public struct HarvestRunRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var source: String
    public var startedAt: Date
    /// Nil while running, and for a run that was killed.
    public var endedAt: Date?
    public var requests: Int
    public var new: Int
    public var updated: Int
    public var unchanged: Int
    public var skipped: Int
    /// What went wrong (a failed request, an unreadable response), one message each.
    public var errors: [String]

    public init(id: Int64, source: String, startedAt: Date, endedAt: Date?, requests: Int, new: Int, updated: Int,
                unchanged: Int, skipped: Int, errors: [String]) {
        self.id = id
        self.source = source
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.requests = requests
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
        self.skipped = skipped
        self.errors = errors
    }
}
