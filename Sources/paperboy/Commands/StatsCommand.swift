import ArgumentParser
import Foundation

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the stored papers by source, category and month.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many categories to list.")
    var top = 20

    @Flag(help: "Print the counts as JSON.")
    var json = false

    func run() throws {
        let stats = try database.open().statistics(topCategories: max(1, top))
        if json { try JSONOutput.print(stats); return }
        print("\(stats.papers) papers")
        for (title, counts) in [("by source", stats.bySource), ("by category (top \(top))", stats.byCategory), ("by month of submission", stats.byMonth)] {
            print("\n\(title):")
            for count in counts { print("  \(count.key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(count.count)") }
        }
    }
}
