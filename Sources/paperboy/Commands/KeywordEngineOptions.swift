import AppBootstrap
import ArgumentParser
import Foundation
import PaperSearch
import PaperStore

/// The keyword engine of every command that searches: `PAPERBOY_KEYWORD_ENGINE` (`index`, the
/// default, or `fts5`), with a message that says how to fix an index that cannot be used.
enum KeywordEngineOptions {
    static func keywordSearch(database: AppDatabase) throws -> any KeywordSearching {
        let engine: KeywordEngine
        do { engine = try KeywordEngine.configured() } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        do { return try SearchSetup.keywordSearch(database: database, engine: engine) } catch {
            throw CommandFailure("cannot use the keyword index beside \(database.path ?? "the database") (\(error)); run `paperboy reindex`")
        }
    }
}

extension KeywordEngineOptions {
    /// Brings the engine's index up to date after papers were written, with a progress bar, so
    /// that the next search does not pay for it. Nothing to do with FTS5, which the store keeps.
    static func updateIndex(database: AppDatabase) throws {
        guard (try? KeywordEngine.configured()) != .fts5 else { return }
        let index: PaperKeywordIndex
        do {
            guard let opened = try SearchSetup.keywordIndex(of: database) else { return }
            index = opened
        } catch {
            throw CommandFailure("cannot open the keyword index beside \(database.path ?? "the database") (\(error)); run `paperboy reindex`")
        }
        guard try !index.isCurrent() else { return }
        let total = try database.paperCount()
        let bar = ProgressBar()
        let start = Date()
        let count = try index.catchUp { bar.update(label: "keyword index", count: $0, unit: "papers", fraction: total > 0 ? Double($0) / Double(total) : nil) }
        bar.finish()
        let seconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
        Terminal.error("indexed \(count) paper\(count == 1 ? "" : "s") for keyword search in \(seconds) s")
    }
}
