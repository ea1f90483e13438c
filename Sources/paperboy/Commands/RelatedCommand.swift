import ArgumentParser
import Foundation
import PaperSearch

struct RelatedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related",
        abstract: "List the papers most like one paper (nearest by meaning).",
        discussion: """
            The papers whose embeddings are nearest the paper's own, never the paper itself or a \
            copy of it. A paper without an embedding yet (see `paperboy embed`) gets the papers \
            that share most of its title's words. ID may be in any form `paperboy show` accepts.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var model: ModelCommand.Options

    @Option(help: "How many papers to list (1-100).")
    var limit = 10

    @Flag(help: "Print the papers as JSON.")
    var json = false

    @Argument(help: "The paper's arXiv id.")
    var id: String

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() throws {
        guard let results = try model.searcher(database: try database.open()).related(to: id, limit: limit) else {
            throw CommandFailure("no paper \(id) in the database (try `paperboy search` to find it)")
        }
        if json { return try JSONOutput.print(SearchJSON(results: results)) }
        for note in results.notes { Terminal.error("note: \(note)") }
        if results.hits.isEmpty { print("No related papers found.") }
        for (index, hit) in results.hits.enumerated() {
            print(PaperPrinter.hit(hit, rank: index + 1, terminal: Terminal.stdoutIsTerminal))
            print()
        }
    }
}
