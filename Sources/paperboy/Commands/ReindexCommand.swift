import ArgumentParser
import Foundation
import PaperSearch

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Build the keyword engine's index from the database.",
        discussion: """
            The index lives beside the database (DB.keyword/). The database is the source of \\
            truth: reindex rebuilds the index from every paper; --catch-up only indexes the papers \\
            changed since the index's last commit. Either can be stopped at any moment: the last \\
            commit stays readable.
            """)

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Index only what changed since the last commit.")
    var catchUp = false

    func run() throws {
        let db = try database.open()
        let path = try database.path() + ".keyword"
        let total = try db.paperCount()
        let bar = ProgressBar()
        let report = { (count: Int) in
            bar.update(label: "papers", count: count, unit: "papers", fraction: total > 0 ? Double(count) / Double(total) : nil)
        }
        let start = Date()
        do {
            let index: PaperKeywordIndex
            do { index = try PaperKeywordIndex(path: path, database: db) } catch where !catchUp {
                // The database is the source of truth: a damaged index is simply made anew.
                try FileManager.default.removeItem(atPath: path)
                index = try PaperKeywordIndex(path: path, database: db)
            }
            if catchUp {
                let count = try index.catchUp(progress: report)
                bar.finish()
                print("indexed \(count) changed papers in \(path)")
            } else {
                try index.rebuild(progress: report)
                bar.finish()
                let seconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
                print("indexed \(index.directory.snapshot.liveDocumentCount) papers in \(path) (\(seconds) s)")
            }
        } catch {
            bar.finish()
            throw CommandFailure("cannot index \(path): \(error)")
        }
    }
}
