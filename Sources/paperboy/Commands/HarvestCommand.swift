import AppBootstrap
import ArgumentParser
import Foundation
import PaperModels
import Pipeline

struct HarvestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Fetch new papers from arXiv and Hugging Face once, continuing where the last run stopped.",
        discussion: """
            Sources (--source, repeatable; default oai and huggingface, or $PAPERBOY_HARVEST_SOURCES):
              oai          arXiv OAI-PMH, every paper added or changed since the last run, by set (cs, stat…);
                           --oai-format arXivRaw (or $PAPERBOY_OAI_FORMAT) brings every version with its date
              arxiv-api    arXiv API, the newest papers of the categories until one page brings nothing new
              huggingface  Hugging Face daily papers with upvotes and GitHub stars, from the last day to today

            Only papers of --categories (default cs.AI, cs.CL, cs.CV, cs.LG, stat.ML, or \
            $PAPERBOY_CATEGORIES) are kept. Each host is asked at most once per --delay seconds (arXiv \
            asks for 3); failed requests are retried with exponential backoff, and a server's \
            Retry-After is honoured. Give a --contact address (or $PAPERBOY_CONTACT): it goes into \
            the User-Agent, as arXiv asks.

            Where each source stands is kept in the database with every page, so an interrupted \
            harvest continues from the last stored page, and no day is skipped. Each run is recorded \
            (see `paperboy stats` and /admin). When the model is present, new papers are embedded, \
            and so are papers an interrupted run stored without embedding them.

            Exit status: 0 when every source finished cleanly, 1 when a source failed or records \
            were skipped (the other sources still ran), 64 for a usage error.
            """)

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var harvest: HarvestOptions

    @Option(help: ArgumentHelp("Start every source afresh from this day (YYYY-MM-DD) instead of where it stopped.", valueName: "date"))
    var since: String?

    @Flag(name: .shortAndLong, help: "Print only the summaries, not each skipped record.")
    var quiet = false

    @Flag(help: "Do not embed the new papers now (run `paperboy embed` later).")
    var noEmbed = false

    @OptionGroup var model: ModelCommand.Options

    func validate() throws {
        if let since, Day.date(since) == nil { throw ValidationError("--since must be a day written YYYY-MM-DD, not \"\(since)\"") }
    }

    func run() async throws {
        let settings = try harvest.settings()
        let db = try database.open()
        let client = settings.makeClient()
        let bar = ProgressBar()
        let harvesting = Harvest(
            database: db, harvesters: settings.harvesters(client: client), client: client,
            onProgress: { progress in
                bar.update(label: progress.source, count: progress.papers, unit: "papers",
                           fraction: progress.listSize.flatMap { size in progress.listed.map { Double($0) / Double(max(size, 1)) } })
            },
            onSkipped: { skipped in if !quiet { bar.finish(); Terminal.error("skipped \(skipped.location): \(skipped.reason)") } })
        let reports: [HarvestSourceReport]
        do { reports = try await harvesting.run(since: since) } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        bar.finish()
        for report in reports {
            for notice in report.notices where !quiet { Terminal.error("note: \(notice)") }
            for error in report.errors { Terminal.error("error: \(report.source): \(error)") }
            Terminal.error("\(report.source): \(report.summary)\(report.completed ? "" : " (not finished; the next run continues)")")
        }
        // Whatever this run brought: a killed run may have stored papers it did not embed.
        try KeywordEngineOptions.updateIndex(database: try database.open())
        if !noEmbed { try embedIfModelPresent(database: database, model: model) }
        if reports.contains(where: { !$0.errors.isEmpty || $0.skipped > 0 }) { throw ExitCode(1) }
    }
}
