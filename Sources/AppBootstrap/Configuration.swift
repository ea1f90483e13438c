import Foundation

/// Start-up configuration: command-line values first, then the environment, then defaults.
/// This is the only place that reads environment variables; a malformed value stops the start
/// with a message that names the variable.
public struct Configuration: Sendable, Equatable {
    /// The database file (`--db`, `PAPERBOY_DB`, default `./paperboy.sqlite`).
    public var databasePath: String

    public static let databaseVariable = "PAPERBOY_DB"
    public static let defaultDatabasePath = "paperboy.sqlite"

    /// Resolves the configuration from a `--db` value (nil when the flag was not given) and `environment`.
    public static func resolve(databaseFlag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        let path: String
        if let databaseFlag {
            path = databaseFlag
        } else if let fromEnvironment = environment[databaseVariable] {
            guard !fromEnvironment.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError(key: databaseVariable, problem: "is set but empty; unset it or give a file path")
            }
            path = fromEnvironment
        } else {
            path = defaultDatabasePath
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ConfigurationError(key: databaseFlag != nil ? "--db" : databaseVariable, problem: "names a directory (\(path)), not a database file")
        }
        return Configuration(databasePath: path)
    }
}

/// A configuration value that cannot be used, named so that the user can fix it.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var key: String
    public var problem: String
    public var description: String { "\(key) \(problem)" }
}

extension Configuration {
    public static let modelVariable = "PAPERBOY_MODEL_DIR"

    /// Where the sentence-encoder model lives: `--model-dir`, else `PAPERBOY_MODEL_DIR`, else the
    /// per-user cache (`$XDG_CACHE_HOME/paperboy/models/all-MiniLM-L6-v2`, `~/.cache/…` by default).
    public static func modelDirectory(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let flag { return URL(fileURLWithPath: flag) }
        if let value = environment[modelVariable] {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigurationError(key: modelVariable, problem: "is set but empty; unset it or give a directory")
            }
            return URL(fileURLWithPath: value)
        }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("paperboy/models/all-MiniLM-L6-v2")
    }
}
