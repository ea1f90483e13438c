import ArgumentParser
import Foundation
import PaperModels
import PaperStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the stored papers by source, category and month; list the latest harvest runs.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many categories to list.")
    var top = 20

    @Flag(help: "Print the counts as JSON.")
    var json = false

    @Option(help: "How many harvest runs to list.")
    var runs = 10

    func run() throws {
        let db = try database.open()
        let stats = try db.statistics(topCategories: max(1, top))
        let harvests = try db.recentHarvestRuns(limit: max(0, runs))
        if json { try JSONOutput.print(StatsWithRuns(stats: stats, harvestRuns: harvests)); return }
        print("\(stats.papers) papers")
        for (title, counts) in [("by source", stats.bySource), ("by category (top \(top))", stats.byCategory), ("by month of submission", stats.byMonth)] {
            print("\n\(title):")
            for count in counts { print("  \(count.key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(count.count)") }
        }
        if !harvests.isEmpty {
            print("\nharvest runs (latest first):")
            for run in harvests { print("  " + Self.describe(run)) }
        }
    }

    /// `2026-11-29 10:00:03  oai:cs  12 s  4 requests · new 120 · updated 3 · unchanged 5 · skipped 0 · errors 0`
    static func describe(_ run: HarvestRunRecord) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        let duration = run.endedAt.map { String(format: "%.0f s", $0.timeIntervalSince(run.startedAt)) } ?? "unfinished"
        return "\(formatter.string(from: run.startedAt))  \(run.source)  \(duration)  \(run.requests) requests · new \(run.new)"
            + " · updated \(run.updated) · unchanged \(run.unchanged) · skipped \(run.skipped) · errors \(run.errors.count)"
            + (run.errors.first.map { " (\($0))" } ?? "")
    }
}

/// The statistics' JSON with the harvest runs beside its counts (one object, as before, plus `harvestRuns`).
private struct StatsWithRuns: Encodable {
    let stats: StoreStatistics
    let harvestRuns: [HarvestRunRecord]

    enum Key: String, CodingKey { case harvestRuns }

    func encode(to encoder: any Encoder) throws {
        try stats.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(harvestRuns, forKey: .harvestRuns)
    }
}
