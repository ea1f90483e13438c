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

    @Test(arguments: [
        "\t{\n\"id\"\r:\t\"1501.00001\" , \"title\" :\"t\"\n}\t ",  // odd whitespace between every token
        #"{"id":"astro-ph/9204001v2","title":"T\u00e9st \ud83d\ude00 \/ \b\f","abstract":"","authors":"A. B\\'{e}z and C. D","categories":"astro-ph"}"#,
        #"{"id":"math.AG/0601001v3","title":"t","abstract":"$O(L \\log L)$\n  github.com/a/b.","authors":["Bal\\'azs Kov\u00e1cs","  Jos\u00e9  "],"categories":["math.AG "," 94A29"]}"#,
        #"{"id":"1501.00001","title":"t","abstract":null,"authors":null,"authors_parsed":null,"categories":null,"comments":null,"journal-ref":null,"doi":null,"license":null,"submitter":null,"versions":null,"update_date":null,"first_listed":null,"report-no":null}"#,
        #"{"id":"1501.00001","title":"t","summary":"s","comment":"c","journal_ref":"j"}"#,
        #"{"id":"1501.00001","title":"t","abstract":"a","summary":42,"comments":"c","comment":[1],"journal-ref":"j","journal_ref":{}}"#,
        #"{"id":"1501.00001","title":"t","authors":[],"authors_parsed":[],"categories":"","versions":[],"doi":"","license":""}"#,
        #"{"id":"1501.00001","ti\u0074le":"escaped key","cl\u00e9":"v","é":1,"e\u0301x":2}"#,
        #"{"id":"1501.00001","title":"t","x":{"a":[1,-2.5e-3,0,true,false,null,{"b":{"c":[[[]]]}}]},"y":[{}]}"#,
        #"{"id":"1501.00001","title":"t","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT","extra":[1]},{"version":"v2","created":null},{}]}"#,
        #"{"id":"1501.00001","title":"t","versions":[{"version":"v1","created":"Mon, 31 Feb 2007 19:18:42 GMT"},{"version":"v2","created":"2 April 2007"}],"update_date":"2007-04-02"}"#,
        #"{"id":"not-an-id","title":"t"}"#,
        #"{"id":"1501.00001","title":"  "}"#,
        #"{"title":"no id"}"#,
        #"{"id":"1501.00001","title":"t","authors_parsed":[["Bj{\\o}rnstad","K. -P.",""],["One"],[]]}"#,
    ])
    func edgeLinesReadAsTheDecoderReadsThem(line: String) throws {
        let (fast, decoded) = Self.both(line)
        #expect(fast != nil)
        #expect(fast == decoded)
    }

    @Test(arguments: [
        #"{"id":"1501.00001","title":"t","abstract":null,"summary":42}"#,  // the second spelling counts, and is wrong
        #"{"id":"1501.00001","title":"t","x":{"a":1,"a":2}}"#,  // a key twice, deep down
        #"{"id":"1501.00001","title":"t","versions":[{"version":"v1","version":"v2"}]}"#,
        #"{"id":"1501.00001","title":"t","clé":1,"cle\u0301":2}"#,  // one key, written two ways
        #"{"id":"1501.00001","i\u0064":"1501.00002","title":"t"}"#,
        #"{"id":"1501.00001","title":"t","x":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}"#,  // too deep
        #"{"id":"1501.00001","title":"t","n":1.}"#,
        #"{"id":"1501.00001","title":"t","n":-}"#,
        #"{"id":"1501.00001","title":"t","n":tru}"#,
        #"{"id":"1501.00001","title":"t" "abstract":"no comma"}"#,
        #"{"id":"1501.00001","title":"t",}"#,
        #"{"id":"1501.00001","title":"\udc00 low half alone"}"#,
        #"{"id":"1501.00001","title":"t","authors":["A",null]}"#,
        #"{"id":"1501.00001","title":"t","versions":[{"version":1}]}"#,
        #"{"id":"1501.00001","title":"t","categories":{"a":"b"}}"#,
    ])
    func moreOfWhatGoesToTheDecoder(line: String) {
        #expect(ArxivJSONRecord(scanned: ArraySlice(Array(line.utf8))) == nil)
    }
}
