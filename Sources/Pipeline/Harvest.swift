import Foundation
import PaperModels
import PaperSources
import PaperStore

/// What a harvest run did for one source.
public struct HarvestSourceReport: Sendable, Equatable {
    public var source: String
    public var requests = 0
    public var pages = 0
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    /// The run reached the end of what the source had to give (not stopped by an error).
    public var completed = false
    public var errors: [String] = []
    public var notices: [String] = []
    public var seconds = 0.0

    public init(source: String) { self.source = source }

    /// `4 requests in 12.1 s · new 120 · updated 3 · unchanged 5 · skipped 0`
    public var summary: String {
        "\(requests) request\(requests == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s · new \(new) · updated \(updated)"
            + " · unchanged \(unchanged) · skipped \(skipped)" + (errors.isEmpty ? "" : " · errors \(errors.count)")
    }
}

/// Progress of a running harvest, for a progress display.
public struct HarvestProgress: Sendable {
    public var source: String
    public var pages: Int
    public var papers: Int
    /// Listed so far in the run, and the list's size, when the source tells.
    public var listed: Int?
    public var listSize: Int?
}

/// The harvest use case: for each source, page after page from its saved state, each page stored
/// with the source's next state in one transaction, so that a run killed at any moment continues
/// from the last stored page. A source that fails is reported and the others still run.
public struct Harvest {
    public var database: AppDatabase
    public var harvesters: [any PaperHarvester]
    public var client: PoliteHTTPClient
    /// Embeds every paper lacking a vector after the harvest (nil: no model, keyword search only).
    public var embedder: Embedder?
    public var onProgress: (HarvestProgress) -> Void
    public var onSkipped: (SkippedRecord) -> Void

    public init(database: AppDatabase, harvesters: [any PaperHarvester], client: PoliteHTTPClient, embedder: Embedder? = nil,
                onProgress: @escaping (HarvestProgress) -> Void = { _ in }, onSkipped: @escaping (SkippedRecord) -> Void = { _ in }) {
        self.database = database
        self.harvesters = harvesters
        self.client = client
        self.embedder = embedder
        self.onProgress = onProgress
        self.onSkipped = onSkipped
    }

    /// Harvests every source in turn. `since` (a `YYYY-MM-DD` day) starts each one afresh from
    /// that day; `now` gives the UTC day of the run. Only database errors are thrown.
    public func run(since: String? = nil, now: Date = Date()) async throws -> [HarvestSourceReport] {
        var reports: [HarvestSourceReport] = []
        for harvester in harvesters {
            reports.append(try await harvest(harvester, since: since, today: Day.string(now)))
        }
        // Not only when this run brought something: a run killed before its embedding left papers
        // without a vector, and this one may have found nothing new. (Nothing lacking: two look-ups.)
        if let embedder {
            // Seconds to minutes of computation: on a thread of its own, not one that serves requests.
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                Thread.detachNewThread { done.resume(with: Result { _ = try embedder.run() }) }
            }
        }
        return reports
    }

    private func harvest(_ harvester: any PaperHarvester, since: String?, today: String) async throws -> HarvestSourceReport {
        let started = ContinuousClock.now
        var report = HarvestSourceReport(source: harvester.stateKey)
        var state = harvester.begin(try database.harvestState(source: harvester.stateKey), since: since, today: today)
        try database.saveHarvestState(state)
        let runID = try database.startHarvestRun(source: harvester.stateKey)
        let requestsBefore = await client.requestCount
        while !Task.isCancelled {
            let page: HarvestPage
            do { page = try await harvester.page(at: state, today: today) } catch let error as HarvestError {
                report.errors.append(error.reason)
                break
            }
            report.requests = await client.requestCount - requestsBefore
            let counts = try database.storeHarvestPage(page.papers, state: page.state, runID: runID, requests: report.requests,
                                                       skipped: page.skipped.count)
            page.skipped.forEach(onSkipped)
            report.pages += 1
            report.new += counts.new
            report.updated += counts.updated
            report.unchanged += counts.unchanged
            report.skipped += page.skipped.count
            report.notices += page.notices
            state = page.state
            onProgress(HarvestProgress(source: report.source, pages: report.pages, papers: report.new + report.updated + report.unchanged,
                                       listed: page.listed, listSize: page.listSize))
            if page.isLast { report.completed = true; break }
            if page.stopsWhenNothingNew && counts.new == 0 {
                try database.saveHarvestState(state.completed())
                report.completed = true
                break
            }
        }
        report.requests = await client.requestCount - requestsBefore
        report.seconds = (ContinuousClock.now - started) / .seconds(1)
        try database.finishHarvestRun(id: runID, requests: report.requests, errors: report.errors)
        return report
    }
}
