import ArgumentParser
import Foundation
import PaperSearch
import PaperStore
import Pipeline
import TextEncoder

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Compute the embedding of every paper that lacks one (for search by meaning).",
        discussion: """
            Each paper's title and abstract are turned into a 384-number vector by the sentence \
            encoder (all-MiniLM-L6-v2, run by Paperboy itself on the CPU) and stored in the database. \
            Work is saved batch by batch: an interrupted run continues where it stopped when run \
            again. `paperboy ingest` does this for new papers by itself when the model is present. \
            Needs the model: `paperboy model fetch`.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var model: ModelCommand.Options

    @Option(help: "Papers per saved batch.")
    var batchSize = 64

    func validate() throws {
        guard (1...4096).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 4096") }
    }

    func run() throws {
        let db = try database.open()
        let encoder = try model.loadEncoder()
        let done = try runEmbed(database: db, encoder: encoder, batchSize: batchSize)
        Terminal.error("embedded \(done.embedded) paper\(done.embedded == 1 ? "" : "s")"
                       + (done.embedded < done.total ? " (\(done.total - done.embedded) changed while running; run again)" : ""))
    }
}

/// Embeds every paper lacking a vector, with a progress bar (papers/s, time left).
func runEmbed(database: AppDatabase, encoder: any TextEmbedding, batchSize: Int = 64) throws -> EmbedProgress {
    let bar = ProgressBar()
    defer { bar.finish() }
    return try Embedder(database: database, model: encoder, batchSize: batchSize).run { progress in
        bar.update(label: "embedding", count: progress.embedded, unit: "papers",
                   fraction: progress.total > 0 ? Double(progress.embedded) / Double(progress.total) : nil)
    }
}

/// Embeds what lacks a vector when the model is there (after an ingest or a harvest); otherwise
/// says how to get it.
func embedIfModelPresent(database: DatabaseOptions, model: ModelCommand.Options) throws {
    let directory = try model.directory()
    guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("model.safetensors").path) else {
        Terminal.error("note: no sentence-encoder model at \(directory.path), so the papers are searchable by keyword only; "
                       + "run `paperboy model fetch`, then `paperboy embed`")
        return
    }
    let done = try runEmbed(database: try database.open(), encoder: try model.loadEncoder())
    if done.embedded > 0 { Terminal.error("embedded \(done.embedded) paper\(done.embedded == 1 ? "" : "s") for search by meaning") }
}
