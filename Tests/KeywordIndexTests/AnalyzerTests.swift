import Foundation
import Testing
@testable import KeywordIndex

/// The fixture `porter2-stems.txt` holds 20,043 word → stem pairs made once with PyPI's
/// `snowballstemmer` 3.1.1 (Snowball English): the 20,000 commonest words of the real arXiv
/// titles and abstracts in ../shared/corpus, plus the algorithm's exceptions and edge cases.
@Suite struct AnalyzerTests {
    @Test func stemsEveryReferenceWordAsSnowballDoes() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/porter2-stems", withExtension: "txt"))
        let pairs = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(pairs.count > 20_000)
        let wrong = pairs.filter { Porter2Stemmer.stem($0[0]) != $0[1] }
        #expect(wrong.isEmpty, "\(wrong.count) differ, e.g. \(wrong.prefix(10).map { "\($0[0]) → \(Porter2Stemmer.stem($0[0])), not \($0[1])" })")
    }

    @Test func foldsCaseAndAccentsAndSplitsOnPunctuation() {
        #expect(Analyzer.words("Schrödinger's CAT-state, naïve Café 3D") == ["schrodinger", "s", "cat", "state", "naive", "cafe", "3d"])
        #expect(Analyzer.terms("Networks connected running") == ["network", "connect", "run"])
        #expect(Analyzer.terms("Ελληνικά 日本語") == ["ελληνικα", "日本語"])
    }

    @Test func foldsARunOfAccentedLettersTheSameEveryTime() {
        // Short non-ASCII runs are folded once and remembered: the second time must agree.
        for _ in 0..<2 {
            #expect(Analyzer.words("Müller Müller MÜLLER") == ["muller", "muller", "muller"])
            #expect(Analyzer.words("İstanbul Ærøskøbing") == ["istanbul", "ærøskøbing"])  // İ lower-cases to two scalars
            #expect(Analyzer.words("naïve—café «x»") == ["naive", "cafe", "x"])  // a run of a dash and é splits the words
            #expect(Analyzer.words("ΑΒΓΔΕΖΗΘ") == ["αβγδεζηθ"])  // 16 bytes: folded each time
        }
    }

    @Test func keepsFunctionWordsAndDropsOverlongRuns() {
        #expect(Analyzer.terms("the state of the art") == ["the", "state", "of", "the", "art"])
        #expect(Analyzer.words(String(repeating: "a", count: 65) + " ok") == ["ok"])
        #expect(Analyzer.words("").isEmpty && Analyzer.words("  ,;!? ").isEmpty)
    }
}
