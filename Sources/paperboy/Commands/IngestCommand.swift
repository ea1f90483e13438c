import ArgumentParser
import Foundation
import PaperSources
import Pipeline

extension PaperFormat: ExpressibleByArgument {}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add papers from files to the database, without duplicates.",
        discussion: """
            Reads each FILE (`-` for standard input; `.gz` files are read directly) and stores its \
            papers. The format is detected from the content; --format forces one:
              atom     arXiv API response (Atom feed)
              oai      arXiv OAI-PMH page (metadataPrefix arXiv, arXivRaw or oai_dc)
              jsonl    JSON Lines of arXiv metadata (Kaggle snapshot, daily-arXiv corpus)
              hf       Hugging Face /api/daily_papers JSON
              abs      arXiv .abs record or daily listing e-mail
              listing  plain page listing: title, blank line, abstract, blank line

            A paper already stored is merged with what the new input says (a newer version \
            replaces the text; upvotes and dates are combined), so ingesting the same file twice \
            changes nothing. A malformed record is reported on stderr (file, line or record, reason) \
            and skipped; everything else is stored. Papers are written in batches, each one \
            transaction, so an interrupted run can simply be run again. The keyword index beside \
            the database (DB.keyword) takes in the papers as they are stored; an interrupted run \
            leaves it readable, and the next ingest or search completes it.

            When the sentence-encoder model is present (`paperboy model fetch`), new and changed \
            papers are then embedded for search by meaning (see `paperboy embed`); --no-embed skips it.

            Exit status: 0 when every record was stored, 1 when records were skipped or a file \
            could not be read (the rest is stored), 64 for a usage error.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Read every file in this format instead of detecting it.")
    var format: PaperFormat?

    @Option(help: "Papers written per transaction (smaller: less lost work if interrupted; the default was the fastest measured).")
    var batchSize = 1_000

    @Flag(name: .shortAndLong, help: "Print only the summary, not each skipped record.")
    var quiet = false

    @Flag(help: "Do not embed the new papers now (run `paperboy embed` later).")
    var noEmbed = false

    @OptionGroup var model: ModelCommand.Options

    @Argument(help: ArgumentHelp("Files to ingest (`-` for standard input).", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let report = try runIngest(paths: files, format: format, database: database, quiet: quiet, batchSize: batchSize)
        if !noEmbed { try embedIfModelPresent(database: database, model: model) }
        if !report.isClean { throw ExitCode(1) }
    }
}

/// Runs an ingest with a progress bar and per-record error reports, then prints the summary.
func runIngest(paths: [String], format: PaperFormat?, database: DatabaseOptions, quiet: Bool, batchSize: Int = 1_000) throws -> IngestReport {
    let db = try database.open()
    let bar = ProgressBar()
    let ingester = Ingester(
        database: db,
        // An index that cannot be opened is reported by `updateIndex` below, after the papers are stored.
        keywordIndex: try? KeywordEngineOptions.keywordIndex(database: db),
        batchSize: batchSize,
        onSkipped: { skipped in
            if !quiet { bar.finish(); Terminal.error("skipped \(skipped.location): \(skipped.reason)") }
        },
        onProgress: bar.update)
    let report = try ingester.ingest(paths: paths, format: format)
    bar.finish()
    for file in report.files {
        for notice in file.notices { Terminal.error("note: \(notice)") }
        if let failure = file.failure { Terminal.error("error: \(file.name): \(failure)") }
    }
    Terminal.error("ingested \(report.files.count) file\(report.files.count == 1 ? "" : "s"): \(report.summary)")
    if let indexed = report.keywordIndexed, let seconds = report.keywordIndexFinishSeconds {
        // The index was built beside the store; this is what it took after the last paper was stored.
        Terminal.error("indexed \(indexed) paper\(indexed == 1 ? "" : "s") for keyword search during the ingest, finished in \((seconds * 10).rounded() / 10) s")
    }
    try KeywordEngineOptions.updateIndex(database: db)
    return report
}
