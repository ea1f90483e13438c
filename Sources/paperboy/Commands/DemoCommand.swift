import AppBootstrap
import ArgumentParser
import Foundation
import PaperSearch

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the bundled demo papers (once) and run a search on them.",
        discussion: """
            The demo set: 122 papers from a Hugging Face page listing, the last 30 days of a real \
            corpus of 74,728 arXiv papers, and recorded Hugging Face daily papers (upvotes, GitHub \
            repositories). They are ingested only when the database is empty.
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The search to run on the demo papers.")
    var query: [String] = ["vision", "transformer", "quantization"]

    func run() throws {
        let db = try database.open()
        if try db.paperCount() == 0 {
            Terminal.error("empty database: ingesting the bundled demo papers")
            _ = try runIngest(paths: try DemoData.files(), format: nil, database: database, quiet: false)
        }
        let results = try KeywordEngineOptions.keywordSearch(database: db).search(SearchRequest(query: query.joined(separator: " "), limit: 5))
        print("Top papers for \"\(query.joined(separator: " "))\":\n")
        for (index, hit) in results.hits.enumerated() {
            print(PaperPrinter.hit(hit, rank: index + 1, terminal: Terminal.stdoutIsTerminal) + "\n")
        }
        print("Try: paperboy search --help, paperboy show \(results.hits.first?.paper.id ?? "ID"), paperboy stats")
    }
}
