import Foundation
import Testing
import PaperSources

@Suite("PaperFormat.detect")
struct FormatDetectionTests {
    @Test("detects every fixture", arguments: [
        ("atom-1707.08567.xml", PaperFormat.atom),
        ("atom-2016-1111.2011v2.xml", .atom),
        ("atom-2016-del-maestro.xml", .atom),
        ("atom-astro-ph-0601001.xml", .atom),
        ("atom-error-400.xml", .atom),
        ("atom-query-testing.xml", .atom),
        ("atom-transformer-cs.LG.xml", .atom),
        ("oai-getrecord-arXiv.xml", .oai),
        ("oai-listrecords-arXiv.xml", .oai),
        ("oai-listrecords-oai_dc.xml", .oai),
        ("oai-listrecords-arXivRaw.xml", .oai),
        ("kaggle-first200.jsonl", .jsonl),
        ("kaggle-malformed.jsonl", .jsonl),
        ("daily-corpus-40.jsonl", .jsonl),
        ("abs-records-40.jsonl", .jsonl),
        ("sotawhat_hf_daily_papers_2026-06.json", .hf),
        ("allnewsai_hf_daily_papers_2026-07.json", .hf),
        ("abs/acc-phys_9411001.abs", .abs),
        ("abs/arxiv_0704.0001.abs", .abs),
        ("abs/arxiv_0704.0002.abs", .abs),
        ("abs/arxiv_0704.0085.abs", .abs),
        ("abs/arxiv_0808.4142.abs", .abs),
        ("abs/arxiv_1411.4413.abs", .abs),
        ("abs/arxiv_1607.08199.abs", .abs),
        ("abs/arxiv_1810.04805.abs", .abs),
        ("abs/arxiv_2004.09471.abs", .abs),
        ("abs/arxiv_2101.10016.abs", .abs),
        ("abs/arxiv_2403.10561.abs", .abs),
        ("listing-email-q-fin.txt", .abs),
        ("listing-email-astro-ph-CO.txt", .abs),
        ("hf-papers-listing.txt", .listing),
        // Compressed inputs are detected on their decompressed bytes.
        ("daily-corpus-40.jsonl.gz", .jsonl),
        ("atom-1707.08567.xml.gz", .atom),
    ])
    func detects(name: String, format: PaperFormat) throws {
        let reader = try InputReader(path: Fixtures.path(name))
        #expect(PaperFormat.detect(try reader.peek()) == format)
    }

    @Test func emptyInputHasNoFormat() throws {
        let reader = try InputReader(path: Fixtures.path("abs/math-ph_0509037.abs"))
        #expect(try reader.peek() == [])
        #expect(PaperFormat.detect([]) == nil)
        #expect(PaperFormat.detect(Array(" \n\t\n".utf8)) == nil)
    }

    @Test func unknownXMLHasNoFormat() {
        #expect(PaperFormat.detect(Array("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>".utf8)) == nil)
    }

    @Test func byteOrderMarkAndLeadingWhitespace() {
        #expect(PaperFormat.detect(Array("\u{FEFF}{\"id\": \"2503.11677\"}\n".utf8)) == .jsonl)
        #expect(PaperFormat.detect(Array("\n\n  [{\"paper\": {}}]".utf8)) == .hf)
        #expect(PaperFormat.detect(Array("\u{FEFF}arXiv:0704.0001\nTitle: x\n".utf8)) == .abs)
        #expect(PaperFormat.detect(Array("  <?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>".utf8)) == .atom)
    }

    @Test func detectionDoesNotConsumeInput() throws {
        let path = Fixtures.path("atom-1707.08567.xml")
        let reader = try InputReader(path: path)
        _ = try reader.peek(maxBytes: 100)
        _ = try reader.peek()
        #expect(try reader.readAll() == Array(try Fixtures.data("atom-1707.08567.xml")))
    }
}
