import AppBootstrap
import ArgumentParser
import Foundation
import PaperSearch
import PaperStore

/// The keyword engine of every command that searches or writes papers: `PAPERBOY_KEYWORD_ENGINE`
/// (`index`, the default, or `fts5`), with a message that says how to fix an index that cannot be used.
enum KeywordEngineOptions {
    static func keywordSearch(database: AppDatabase) throws -> any KeywordSearching {
        let engine = try configured()
        do { return try SearchSetup.keywordSearch(database: database, engine: engine) } catch {
            throw unusableIndex(database, error)
        }
    }

    /// Brings the engine's index up to date after papers were written, with a progress bar, so
    /// that the next search does not pay for it. With FTS5 there is nothing to do here: the
    /// store brings FTS5 up to date when it is queried.
    static func updateIndex(database: AppDatabase) throws {
        guard let index = try keywordIndex(database: database), try !index.isCurrent() else { return }
        let total = try database.paperCount()
        let bar = ProgressBar()
        let start = Date()
        let count = try index.catchUp { bar.update(label: "keyword index", count: $0, unit: "papers", fraction: total > 0 ? Double($0) / Double(total) : nil) }
        bar.finish()
        let seconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
        Terminal.error("indexed \(count) paper\(count == 1 ? "" : "s") for keyword search in \(seconds) s")
    }

    /// The engine's index beside the database, nil with FTS5 (or an in-memory database).
    static func keywordIndex(database: AppDatabase) throws -> PaperKeywordIndex? {
        guard try configured() == .index else { return nil }
        do { return try SearchSetup.keywordIndex(of: database) } catch {
            throw unusableIndex(database, error)
        }
    }

    private static func configured() throws -> KeywordEngine {
        do { return try KeywordEngine.configured() } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }

    private static func unusableIndex(_ database: AppDatabase, _ error: any Error) -> CommandFailure {
        CommandFailure("cannot use the keyword index beside \(database.path ?? "the database") (\(error)); run `paperboy reindex`")
    }
}
