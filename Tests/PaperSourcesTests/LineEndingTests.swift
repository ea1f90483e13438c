import Foundation
import Testing
import PaperModels
import PaperSources

/// The text formats saved with Windows line endings (as e-mail is sent, and as pages are copied on
/// Windows) must read the same as the fixtures themselves.
@Suite("CRLF line endings")
struct LineEndingTests {
    static func crlfCopy(of name: String) throws -> String {
        let data = try Fixtures.data(name)
        var bytes: [UInt8] = []
        for byte in data {
            if byte == UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\r")) }
            bytes.append(byte)
        }
        return try temporaryFile(URL(fileURLWithPath: name).lastPathComponent, Data(bytes))
    }

    @Test("reads the same as with LF", arguments: [
        "abs/arxiv_0704.0001.abs", "abs/arxiv_1607.08199.abs", "listing-email-q-fin.txt", "listing-email-astro-ph-CO.txt",
        "hf-papers-listing.txt", "kaggle-first200.jsonl", "atom-2016-1111.2011v2.xml", "oai-listrecords-oai_dc.xml",
    ])
    func sameAsLF(name: String) throws {
        let lf = try parseFixture(name)
        let crlf = try parse(path: try Self.crlfCopy(of: name))
        #expect(crlf.format == lf.format)
        #expect(crlf.papers == lf.papers)
        #expect(crlf.locations.map(\.number) == lf.locations.map(\.number))
        #expect(crlf.skipped.isEmpty)
        #expect(!crlf.papers.isEmpty)
    }
}
