import Foundation
import PaperSearch
import PaperStore
import TextEncoder

/// Which keyword engine answers searches: Paperboy's own (the default), or SQLite's FTS5.
public enum KeywordEngine: String, Sendable, CaseIterable {
    /// Paperboy's engine, in a directory beside the database (`DB.keyword/`).
    case index
    /// SQLite FTS5 inside the database: the engine to compare against.
    case fts5

    public static let variable = "PAPERBOY_KEYWORD_ENGINE"

    /// `PAPERBOY_KEYWORD_ENGINE` (`index` or `fts5`), else `index`.
    public static func configured(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KeywordEngine {
        guard let value = environment[variable], !value.isEmpty else { return .index }
        guard let engine = KeywordEngine(rawValue: value.lowercased()) else {
            throw ConfigurationError(key: variable, problem: "is \"\(value)\"; use one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return engine
    }
}

/// Builds the live searcher: with search by meaning when the model is present and some paper
/// has an embedding, keyword search alone otherwise (the searcher then says so in its notes).
public enum SearchSetup {
    public static func searcher(database: AppDatabase, keyword: any KeywordSearching, modelDirectory: URL) throws -> PaperSearcher {
        let weights = modelDirectory.appendingPathComponent("model.safetensors")
        guard try database.lastEmbeddingSequence() > 0, FileManager.default.fileExists(atPath: weights.path) else {
            return PaperSearcher(database: database, keyword: keyword, meaning: nil)
        }
        let encoder = try SentenceEncoder(modelDirectory: modelDirectory)
        let vectors = try PaperVectors(database: database, model: encoder.modelName)
        // Queries go through a memory of recent query vectors: a repeated search skips the encoder.
        return PaperSearcher(database: database, keyword: keyword, meaning: MeaningSearch(encoder: RememberedEmbeddings(encoder), vectors: vectors))
    }

    /// The keyword search of `engine`, caught up with the database. An in-memory database has
    /// no directory beside it for the engine's index: FTS5 serves it.
    public static func keywordSearch(database: AppDatabase, engine: KeywordEngine = .index) throws -> any KeywordSearching {
        guard engine == .index, let index = try keywordIndex(of: database) else { return FTS5KeywordSearch(database: database) }
        try index.refresh()
        return EngineKeywordSearch(database: database, index: index)
    }

    /// The engine's index beside the database file (`DB.keyword/`), nil for an in-memory database.
    public static func keywordIndex(of database: AppDatabase) throws -> PaperKeywordIndex? {
        try database.path.map { try PaperKeywordIndex(path: $0 + ".keyword", database: database) }
    }
}
