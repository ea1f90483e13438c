import AppBootstrap
import ArgumentParser
import Foundation
import PaperStore

/// The `--db` option every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $PAPERBOY_DB, else ./paperboy.sqlite).", valueName: "path"))
    var db: String?

    /// The configured database file.
    func path() throws -> String {
        do { return try Configuration.resolve(databaseFlag: db).databasePath } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    /// Opens (creating and migrating if needed) the configured database.
    func open() throws -> AppDatabase {
        let databasePath = try path()
        do { return try AppDatabase.open(path: databasePath) } catch {
            throw CommandFailure("cannot open the database \(databasePath): \(error)")
        }
    }
}

/// A failure to report on stderr as one line, with exit status 1 (no stack trace, no Swift type names).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
