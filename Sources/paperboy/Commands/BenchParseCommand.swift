import ArgumentParser
import Foundation
import Pipeline

struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Time the arXiv JSON Lines parser alone (lines → papers, no database).",
        discussion: """
            Reads FILE (JSON Lines, gzip or plain) into memory, then parses it as `paperboy ingest` \
            does, on every core, --passes times, and prints the pass with the least user CPU as one \
            JSON line: CPU seconds (user, system), wall seconds, lines per CPU second. Compare CPU \
            figures: wall time depends on what else the machine runs. --digest also prints a hash of \
            every resulting paper and skip message, to show that two builds give the same results.
            """)

    @Argument(help: "The JSON Lines file (Kaggle snapshot or daily-arXiv shape; .gz is fine).")
    var file: String

    @Option(help: "Timed passes; the best is reported.")
    var passes = 1

    @Flag(help: "Hash every result (an extra, untimed pass).")
    var digest = false

    func run() throws {
        let result = try ParseBenchmark(path: file, passes: passes, digest: digest).run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
}
