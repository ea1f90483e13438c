import Foundation
import Testing
import PaperModels
import PaperSources

/// Fixtures/kaggle-malformed.jsonl is built from real Kaggle lines:
/// 1 valid 0704.0001; 2 0704.0002 cut after 120 bytes (not JSON); 3 0704.0003 with `"title":42`;
/// 4 blank; 5 0704.0005 with the id changed to `0704.00x5`; 6 valid 0704.0004; 7 0704.0006 without a title.
@Suite("Malformed JSON Lines")
struct MalformedJSONLTests {
    @Test func badLinesAreSkippedWithLineAndReason() throws {
        let path = Fixtures.path("kaggle-malformed.jsonl")
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["0704.0001", "0704.0004"])
        #expect(parsed.locations == [RecordLocation(file: path, unit: .line, number: 1), RecordLocation(file: path, unit: .line, number: 6)])
        #expect(parsed.skipped == [
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 2), reason: "not valid JSON"),
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 3), reason: "field \"title\" has the wrong type (expected a string)"),
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 5), reason: "\"0704.00x5\" is not an arXiv id"),
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 7), reason: "paper 0704.0006 has no title"),
        ])
        #expect(parsed.skipped.first?.description == "\(path) line 2: not valid JSON")
        // The lines around the damage are read in full.
        let good = try parsed.paper("0704.0004")
        #expect(good.title == "A determinant of Stirling cycle numbers counts unlabeled acyclic single-source automata")
        #expect(good.authors == ["David Callan"])
    }

    @Test("other shapes of damage", arguments: [
        ("[1, 2, 3]", "JSON is not an arXiv metadata object"),
        ("\"0704.0001\"", "JSON is not an arXiv metadata object"),
        ("null", "JSON is not an arXiv metadata object"),
        ("{\"id\": 704.0001, \"title\": \"t\"}", "field \"id\" has the wrong type (expected a string)"),
        ("{\"id\": \"0704.0001\", \"title\": \"t\", \"authors\": 3}", "field \"authors\" has the wrong type (expected a string or a list of strings)"),
        ("{\"id\": \"0704.0001\", \"title\": \"t\", \"versions\": [{\"version\": 1}]}", "field \"versions\" has the wrong type (expected a list of versions)"),
        ("{\"title\": \"no id\"}", "no \"id\" field"),
        ("{\"id\": \"0704.0001\", \"title\": \"t\"", "not valid JSON"),
        ("\u{1F}\u{8B}binary", "not valid JSON"),
    ])
    func damage(line: String, reason: String) throws {
        let good = "{\"id\": \"0704.0002\", \"title\": \"Sparsity-certifying Graph Decompositions\"}"
        let path = try temporaryFile("damage.jsonl", "\(good)\n\(line)\n\(good)\n")
        let parsed = try parse(path: path, as: .jsonl)
        #expect(parsed.papers.count == 2)
        #expect(parsed.skipped == [SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 2), reason: reason)])
    }

    @Test func crlfLineEndingsAndMissingFinalNewline() throws {
        let text = "{\"id\": \"0704.0001\", \"title\": \"One\"}\r\n\r\n{\"id\": \"0704.0002\", \"title\": \"Two\"}\r\n{\"id\": \"0704.0003\", \"title\": \"Three\"}"
        let path = try temporaryFile("crlf.jsonl", text)
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.title) == ["One", "Two", "Three"])
        #expect(parsed.locations.map(\.number) == [1, 3, 4])
        #expect(parsed.skipped.isEmpty)
    }

    @Test func byteOrderMarkBeforeTheFirstLine() throws {
        let path = try temporaryFile("bom.jsonl", "\u{FEFF}{\"id\": \"0704.0001\", \"title\": \"One\"}\n{\"id\": \"0704.0002\", \"title\": \"Two\"}\n")
        let parsed = try parse(path: path)
        #expect(parsed.format == .jsonl)
        #expect(parsed.papers.map(\.id) == ["0704.0001", "0704.0002"])
        #expect(parsed.skipped.isEmpty)
    }
}
