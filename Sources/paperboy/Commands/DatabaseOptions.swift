import AppBootstrap
import ArgumentParser
import Foundation
import PaperStore

/// The `--db` option every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $PAPERBOY_DB, else ./paperboy.sqlite).", valueName: "path"))
    var db: String?

    /// Opens (creating and migrating if needed) the configured database.
    func open() throws -> AppDatabase {
        let configuration: Configuration
        do { configuration = try Configuration.resolve(databaseFlag: db) } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        do { return try AppDatabase.open(path: configuration.databasePath) } catch {
            throw CommandFailure("cannot open the database \(configuration.databasePath): \(error)")
        }
    }
}

/// A failure to report on stderr as one line, with exit status 1 (no stack trace, no Swift type names).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
