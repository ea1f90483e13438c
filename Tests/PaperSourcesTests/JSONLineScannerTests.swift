import Foundation
import Testing
import PaperModels
@testable import PaperSources

/// The fast JSON Lines reader gives exactly what `JSONDecoder` gives, and leaves to it every
/// line it does not fully accept, so that bad records keep their messages.
@Suite struct JSONLineScannerTests {
    enum Outcome: Equatable {
        case paper(Paper)
        case refused(String)

        func get() throws -> Paper {
            guard case .paper(let paper) = self else { throw CancellationError() }
            return paper
        }
    }

    /// The paper (or why it is refused) through the scanner, and through the decoder.
    static func both(_ line: String) -> (scanned: Outcome?, decoded: Outcome?) {
        let bytes = ArraySlice(Array(line.utf8))
        func paper(_ record: ArxivJSONRecord?) -> Outcome? {
            record.map { record in
                do { return .paper(try record.paper(source: "test")) } catch { return .refused("\(error)") }
            }
        }
        return (paper(ArxivJSONRecord(scanned: bytes)), paper(try? JSONDecoder().decode(ArxivJSONRecord.self, from: Data(bytes))))
    }

    @Test(arguments: ["kaggle-first200.jsonl", "daily-corpus-40.jsonl", "abs-records-40.jsonl", "kaggle-malformed.jsonl"])
    func realLinesReadAsTheDecoderReadsThem(file: String) throws {
        let lines = try String(contentsOfFile: Fixtures.path(file), encoding: .utf8).split(separator: "\n")
        var scanned = 0
        for line in lines {
            let (fast, decoded) = Self.both(String(line))
            guard let fast else { continue }
            scanned += 1
            #expect(fast == decoded, "\(line.prefix(60))")
        }
        #expect(scanned >= lines.count - 8)  // only the malformed lines go to the decoder
    }

    @Test func escapesAreDecoded() throws {
        let line = #"{"id":"2601.00001","title":"Caf\u00e9 \ud83d\ude00 \"quoted\"\n\ttab \/ \\","abstract":"x","authors":["A B"],"versions":[{"version":"v1","created":null}]}"#
        let (fast, decoded) = Self.both(line)
        let paper = try #require(try fast?.get())
        #expect(paper.title == "Café 😀 \"quoted\" tab / \\")
        #expect(fast == decoded)
    }

    @Test(arguments: [
        #"{"id":"2601.00001","title":42}"#,  // a number where a string belongs
        #"{"id":"2601.00001","id":"2601.00002","title":"t"}"#,  // a key twice
        #"{"id":"2601.00001","title":"t"} trailing"#,
        #"{"id":"2601.00001","title":"t""#,
        #"{"id":"2601.00001","title":"bad \x escape"}"#,
        #"{"id":"2601.00001","title":"\ud83d alone"}"#,
        #"{"id":"2601.00001","title":"t","versions":[1]}"#,
        #"{"id":"2601.00001","title":"t","authors_parsed":[["A", null]]}"#,
        #"{"id":"2601.00001","title":"t","n":01}"#,
        "[1, 2]", "", "not json",
    ])
    func whatItDoesNotAcceptGoesToTheDecoder(line: String) {
        #expect(ArxivJSONRecord(scanned: ArraySlice(Array(line.utf8))) == nil)
    }

    @Test func invalidUTF8GoesToTheDecoder() {
        let bytes: [UInt8] = Array(#"{"id":"2601.00001","title":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(ArxivJSONRecord(scanned: bytes[...]) == nil)
    }
}
