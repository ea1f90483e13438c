import ArgumentParser
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one paper's whole record.",
        discussion: "ID may be new style (2503.11677), old style (astro-ph/9204001), versioned (2503.11677v2), arXiv:… or an arXiv URL.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print the record as JSON.")
    var json = false

    @Argument(help: "The paper's arXiv id.")
    var id: String

    func run() throws {
        guard let paper = try database.open().paper(id: id) else {
            throw CommandFailure("no paper \(id) in the database (try `paperboy search` to find it)")
        }
        if json { try JSONOutput.print(PaperJSON(paper: paper)) } else { print(PaperPrinter.details(paper)) }
    }
}
