import Foundation
import Testing
@testable import PaperModels
@testable import PaperSources

/// The byte-level fast paths of the JSON Lines parser (ids, text clean-up, version dates,
/// categories) give what the general code gives, on every value of the real fixtures and on edge cases.
@Suite struct FastPathTests {
    /// Every string in the JSON Lines fixtures, at any depth.
    static let fixtureStrings: [String] = {
        func strings(_ value: Any) -> [String] {
            switch value {
            case let text as String: return [text]
            case let list as [Any]: return list.flatMap(strings)
            case let object as [String: Any]: return object.values.flatMap(strings)
            default: return []
            }
        }
        return ["kaggle-first200.jsonl", "daily-corpus-40.jsonl", "abs-records-40.jsonl"].flatMap { file in
            let text = (try? String(contentsOfFile: Fixtures.path(file), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").flatMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))).map(strings) ?? []
            }
        }
    }()

    @Test func fixturesAreRead() {
        #expect(Self.fixtureStrings.count > 5_000)
    }

    static let idCases = [
        "1501.00001", "0704.0001v1", "2503.11677v12", "astro-ph/9204001v2", "math.AG/0601001", "math.AG/0601001v3",
        "hep-th/9504118", "solv-int/9901001", "2503.11677v0", "2503.11677v", "2503.11677v00001", "2503.11677V2",
        "2503.11677.pdf", "2503.11677/", "2503.1167", "1412.12345", "0703.0001", "2513.00001", "0000.0000",
        "astro-ph/9213001", "Astro-Ph/9204001", "math./0601001", ".AG/0601001", "-/0601001", "/0601001", "a/b/c",
        "astro-ph/92040011", "v1", "1v1", "", "2503.11677 ", "arXiv:2503.11677", "2503.11677é", "mäth/0601001",
    ]

    @Test func idsReadOnBytesAsTheGeneralCodeReadsThem() {
        func text(_ parsed: (String, Int?)?) -> String { parsed.map { "\($0.0) \($0.1.map(String.init) ?? "-")" } ?? "nil" }
        var fast = 0
        for raw in Self.idCases + Self.fixtureStrings {
            guard let bytes = ArxivID.plainASCII(raw) else { continue }
            fast += 1
            #expect(text(bytes) == text(ArxivID.parseUnwrapped(ArxivID.unwrapped(raw))), "\(raw)")
        }
        #expect(fast > 300)
        #expect(ArxivID.plainASCII("astro-ph/9204001v2") != nil && ArxivID.plainASCII("arXiv:2503.11677") == nil)
    }

    static let textCases = [
        "", " ", "plain words", " leading", "trailing ", "two  spaces", "tab\there", "line\nbreak", "\n  Title\n  ",
        "del\u{7F}ete", "bell\u{07}", "$O(L \\log L)$", "Caf\u{e9}  au lait", "a\u{00A0}b", "\u{1F600} smile ", "x",
    ]

    @Test func textNormalizedOnBytesAsScalarByScalar() {
        for text in Self.textCases + Self.fixtureStrings {
            #expect(Text.normalized(text) == Text.scalarNormalized(text), "\(text.prefix(60))")
        }
    }

    static let dateCases = [
        "Mon, 2 Apr 2007 19:18:42 GMT", "Mon, 02 Apr 2007 19:18:42 GMT", "2 Apr 2007 19:18:42 GMT", "Fri, 17 Mar 23 00:31:14 GMT",
        "Mon, 31 Feb 2007 19:18:42 GMT", "Mon, 2 Apr 2007 24:00:00 GMT", "Mon, 2 Xyz 2007 19:18:42 GMT", "Mon, 2 APR 2007 19:18:42 GMT",
        "Mon, 2 Apr 2007 19:18:42 gmt", "Mon, 2 Apr 2007 19:18:42 GMT ", "Mon, 123 Apr 2007 19:18:42 GMT", "Mon, 2 Apr 2007 9:18:42 GMT",
        "Mon, 2 Apr 2007 19:18:42 -0500", "Mon, 2 Apr 2007 19:18 GMT", "Mon,2 Apr 2007 19:18:42 GMT", "", "Mon,", "2 April 2007",
        "Thu, 29 Feb 2024 23:59:59 GMT", "Wed, 29 Feb 2023 23:59:59 GMT", "Mon, 2 Apr 2007 19:18:60 GMT", "Mon, 2 Apr 2007 19:61:00 GMT",
    ]

    @Test func versionDatesReadOnBytesAsFieldByField() {
        var fast = 0
        for text in Self.dateCases + Self.fixtureStrings {
            if SourceDates.arxivVersionDate(text) != nil { fast += 1 }
            #expect(SourceDates.rfc2822(text) == SourceDates.fieldwiseRFC2822(text), "\(text.prefix(60))")
        }
        #expect(fast > 150)
    }

    @Test(arguments: [
        ("cs.LG", true), ("hep-th", true), ("cond-mat.stat-mech", true), ("q-fin.TR", true), ("math-ph", true), ("a", true),
        ("cs.lg", true), ("a.B-c", true), ("", false), ("cs.", false), (".LG", false), ("CS.LG", false), ("cs.LG.x", false),
        ("cs.L1", false), ("1cs", false), ("-cs", false), ("94A29", false), ("I.4.2", false), ("E.4", false), ("cs LG", false),
        ("é.LG", false), ("cs.LÉ", false), ("cs\u{301}.LG", false), ("cs.LG\u{301}", false), ("cs.LG\r\n", false), ("cs_LG", false),
    ])
    func categories(text: String, accepted: Bool) {
        #expect(isArxivCategory(text) == accepted)
    }
}
