import Foundation
import Testing
import PaperModels
import PaperSources

/// The real-data fixtures copied into the test bundle (see Fixtures/ and /work/shared/corpus/SOURCE.md).
enum Fixtures {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }
}

/// Everything a parser reported for one input, in order.
struct Parsed {
    var format: PaperFormat
    var papers: [Paper] = []
    var locations: [RecordLocation] = []
    var skipped: [SkippedRecord] = []
    var notices: [String] = []

    func paper(_ id: String) throws -> Paper {
        try #require(papers.first { $0.id == id }, "no paper \(id)")
    }
    func location(of id: String) throws -> RecordLocation {
        let index = try #require(papers.firstIndex { $0.id == id }, "no paper \(id)")
        return locations[index]
    }
}

/// Reads `path` the way the application does: `InputReader`, `PaperFormat.detect` on the first bytes,
/// then `PaperFormat.parse`; `format` overrides detection.
func parse(path: String, as format: PaperFormat? = nil) throws -> Parsed {
    let reader = try InputReader(path: path)
    let detected = try format ?? #require(PaperFormat.detect(try reader.peek()), "no format detected for \(path)")
    var parsed = Parsed(format: detected)
    try detected.parse(reader) { item in
        switch item {
        case .paper(let paper, let location):
            parsed.papers.append(paper)
            parsed.locations.append(location)
        case .skipped(let record): parsed.skipped.append(record)
        case .notice(let text): parsed.notices.append(text)
        }
    }
    return parsed
}

func parseFixture(_ name: String, as format: PaperFormat? = nil) throws -> Parsed {
    try parse(path: Fixtures.path(name), as: format)
}

/// Writes `contents` to a fresh file in a fresh temporary directory and returns its path.
func temporaryFile(_ name: String, _ contents: Data) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-sources-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try contents.write(to: url)
    return url.path
}

func temporaryFile(_ name: String, _ text: String) throws -> String {
    try temporaryFile(name, Data(text.utf8))
}

/// An instant written in ISO 8601 (`2007-04-02T19:18:42Z`), parsed independently of the code under test.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
    return date
}

/// A `SourceError` thrown by `body`, or a recorded failure.
func sourceError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> SourceError? {
    do {
        try body()
        Issue.record("expected a SourceError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as SourceError {
        return error
    } catch {
        Issue.record("expected a SourceError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
