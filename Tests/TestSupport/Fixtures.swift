import Foundation

/// The real data files the tests read (copied from ../shared/corpus; see its SOURCE.md).
public enum Fixtures {
    /// The fixture directory, found from this source file so every test target shares one copy.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PaperSourcesTests/Fixtures")

    /// The path of a fixture file, e.g. `path("kaggle-first200.jsonl")`.
    public static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A fresh temporary directory, removed by the caller with `FileManager.default.removeItem`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
