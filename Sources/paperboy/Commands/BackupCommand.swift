import ArgumentParser
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, even while it is in use.",
        discussion: "Uses SQLite's online backup: other processes may keep reading and writing meanwhile.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    @Argument(help: "Where to write the copy.")
    var file: String

    func run() throws {
        if FileManager.default.fileExists(atPath: file) {
            guard force else { throw CommandFailure("\(file) exists; pass --force to replace it") }
            try FileManager.default.removeItem(atPath: file)
        }
        let db = try database.open()
        do { try db.backup(to: file) } catch { throw CommandFailure("backup to \(file) failed: \(error)") }
        Terminal.error("backed up \(try db.paperCount()) papers to \(file)")
    }
}
