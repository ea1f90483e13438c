import Testing
@testable import PaperModels
import TestSupport

/// The messy sentences are copied verbatim from abstracts in
/// Tests/PaperSourcesTests/Fixtures/hf-papers-listing.txt (PageListingTests checks them end to end).
@Suite("CodeLinks")
struct CodeLinksTests {
    @Test func latexEscapedDuplicateInBraces() {
        let text = "The source codes will be available at~https://github.com/Med-Process/Strip_MLP{https://github.com/Med-Process/Strip\\_MLP."
        #expect(CodeLinks.extract(from: text) == ["https://github.com/Med-Process/Strip_MLP"])
    }

    @Test func linkTextsGluedToTheURL() {
        let text = "We release code and data on https://anonymous.4open.science/r/CHMCorrPlusPlus/{github}. Our interface are available http://137.184.82.109:7080/{here}."
        #expect(CodeLinks.extract(from: text) == [
            "https://anonymous.4open.science/r/CHMCorrPlusPlus",
            "http://137.184.82.109:7080",
        ])
    }

    @Test func trailingCommaAndFullStop() {
        let text = "We provide project page at https://haochen-rye.github.io/HNeRV, and Code at https://github.com/haochen-rye/HNeRV"
        #expect(CodeLinks.extract(from: text) == ["https://haochen-rye.github.io/HNeRV", "https://github.com/haochen-rye/HNeRV"])
        #expect(CodeLinks.extract(from: "The source codes are at: https://github.com/WongKinYiu/yolov9.")
                == ["https://github.com/WongKinYiu/yolov9"])
        #expect(CodeLinks.extract(from: "Code is available at https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB.")
                == ["https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB"])
        #expect(CodeLinks.extract(from: "Project page: https://raphael-painter.github.io/.") == ["https://raphael-painter.github.io"])
    }

    @Test func twoLinksWithoutPunctuationBetween() {
        let text = "TensorFlow code and models are available at https://github.com/google-research/deeplab2 A PyTorch re-implementation is also available at https://github.com/bytedance/kmax-deeplab"
        #expect(CodeLinks.extract(from: text) == ["https://github.com/google-research/deeplab2", "https://github.com/bytedance/kmax-deeplab"])
    }

    @Test func deduplicatesAcrossTextsInOrder() {
        let abstract = "Code: https://github.com/SAP/toolsense. See also https://example.org/docs/"
        let comments = "Code at https://github.com/SAP/toolsense and\n  https://huggingface.co/datasets/SAP/toolsense"
        #expect(CodeLinks.extract(from: abstract, nil, comments) == [
            "https://github.com/SAP/toolsense",
            "https://example.org/docs",
            "https://huggingface.co/datasets/SAP/toolsense",
        ])
        #expect(CodeLinks.extract(from: nil, nil) == [])
        #expect(CodeLinks.extract(from: "no links here, only github and a url-less sentence.") == [])
    }

    @Test func wrappersAndParentheses() {
        #expect(CodeLinks.extract(from: "code: \\url{https://github.com/a-b/c\\_d}.") == ["https://github.com/a-b/c_d"])
        #expect(CodeLinks.extract(from: "(code: https://github.com/ml-jku/hopfield-layers)") == ["https://github.com/ml-jku/hopfield-layers"])
        #expect(CodeLinks.extract(from: "see https://en.wikipedia.org/wiki/Mercury_(planet).") == ["https://en.wikipedia.org/wiki/Mercury_(planet)"])
        #expect(CodeLinks.extract(from: "<https://github.com/a/b>") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "\"https://github.com/a/b\",") == ["https://github.com/a/b"])
    }

    @Test func typographicPunctuationAroundLinks() {
        #expect(CodeLinks.extract(from: "code at \u{201C}https://github.com/a/b\u{201D}.") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "代码见https://github.com/a/b。") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "(see https://github.com/a/b\u{2019}s README)") == ["https://github.com/a/b"])
    }

    @Test func bareHostLinksGetAScheme() {
        #expect(CodeLinks.extract(from: "Code: github.com/qiuzh20/RMoE.") == ["https://github.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "Code: www.github.com/qiuzh20/RMoE.") == ["https://www.github.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "at https://github.com/a/b and github.com/a/b") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "Code: GitHub.com/qiuzh20/RMoE") == ["https://GitHub.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "Code: HTTPS://GITHUB.COM/A/B.") == ["HTTPS://GITHUB.COM/A/B"])
    }

    @Test func rejectsLinksWithoutAHost() {
        #expect(CodeLinks.extract(from: "the https:// scheme and http:// too") == [])
        #expect(CodeLinks.extract(from: "served on http://localhost:8080/") == [])
    }

    @Test func repositoryHosts() {
        #expect(CodeLinks.isRepository("https://github.com/haochen-rye/HNeRV"))
        #expect(CodeLinks.isRepository("https://gitlab.com/group/project"))
        #expect(CodeLinks.isRepository("https://huggingface.co/spaces/Jiaqi-hkust/Robust-U1"))
        #expect(CodeLinks.isRepository("https://www.github.com/qiuzh20/RMoE"))
        #expect(CodeLinks.isRepository("https://bitbucket.org/a/b"))
        #expect(CodeLinks.isRepository("https://codeberg.org/a/b"))
        #expect(CodeLinks.isRepository("https://GitHub.com/A/B"))
        #expect(!CodeLinks.isRepository("https://haochen-rye.github.io/HNeRV"))
        #expect(!CodeLinks.isRepository("https://anonymous.4open.science/r/CHMCorrPlusPlus"))
        #expect(!CodeLinks.isRepository("http://137.184.82.109:7080"))
        #expect(!CodeLinks.isRepository("https://notgithub.com/a/b"))
        #expect(!CodeLinks.isRepository("github.com/a/b"))
        #expect(!CodeLinks.isRepository("not a url"))
    }
}

/// The byte scan that finds links (`CodeLinks.linkSpans`) against its definition on `Character`s
/// (the scan it replaced, kept here as the reference): the same spans on generated text mixing
/// links, hosts, punctuation, white space, accents (precomposed and combining), emoji and CJK.
@Suite struct LinkScanTests {
    static func reference(_ text: String) -> [String] {
        let stop: Set<Character> = [" ", "\n", "\t", "\r", "<", ">", "\"", "{", "}", "\\", "|", "^", "`"]
        func isHost(_ ch: Character) -> Bool { ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "-") }
        func firstOffset(_ needle: String, in text: Substring) -> Int? {
            let bytes = Array(text.utf8), needle = Array(needle.utf8)
            return bytes.indices.first { start in
                start + needle.count <= bytes.count && needle.indices.allSatisfy { i in
                    bytes[start + i] == needle[i] || (needle[i] >= 0x61 && bytes[start + i] | 0x20 == needle[i])
                }
            }
        }
        var found: [String] = []
        var rest = text[...]
        while true {
            let offsets = ["https://", "http://", "github.com/"].map { firstOffset($0, in: rest) }
            guard let first = offsets.compactMap({ $0 }).min() else { return found }
            var start = rest.utf8.index(rest.startIndex, offsetBy: first)
            if first == offsets[2] {
                while start > rest.startIndex, isHost(rest[rest.index(before: start)]) { start = rest.index(before: start) }
            }
            var end = start
            while end < rest.endIndex, !stop.contains(rest[end]), rest[end].isASCII, !rest[end].isWhitespace { end = rest.index(after: end) }
            found.append(String(rest[start..<end]))
            rest = rest[end...]
        }
    }

    static let pieces = ["https://", "HTTP://", "http://", "github.com/", "GitHub.com/", "www.", "a", "Z", "0", "-", ".", "/", "_",
                         " ", "\n", "\r\n", "\t", "{", "}", "(", ")", "\"", "|", "é", "e\u{301}", "b\u{301}", "\u{200D}", "。",
                         "’s", "代码", "👍🏽", "x.y", "~", "%", ":", "\u{0B}", "\u{85}"]

    @Test func theByteScanFindsWhatTheCharacterScanFound() {
        var rng = SplitMix64(state: 31)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...24, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            #expect(CodeLinks.linkSpans(in: text) == Self.reference(text), "\(text.debugDescription)")
        }
    }

    @Test func aCombiningMarkTakesTheLinksLastLetterWithIt() {
        #expect(CodeLinks.linkSpans(in: "see https://github.com/a/b\u{301} now") == ["https://github.com/a/"])
        #expect(CodeLinks.linkSpans(in: "see https://github.com/a/bé now") == ["https://github.com/a/b"])
        #expect(CodeLinks.linkSpans(in: "代码：www.github.com/x/y。") == ["www.github.com/x/y"])
    }
}

/// LaTeX escapes undone on bytes (`CodeLinks.unescapeLaTeX`) against `String.replacing` on
/// characters, the definition, on generated text.
@Suite struct LaTeXUnescapeTests {
    static func reference(_ text: String) -> String {
        [("\\_", "_"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"), ("\\~{}", "~"), ("\\~", "~")].reduce(text) { $0.replacing($1.0, with: $1.1) }
    }

    @Test func bytesAndCharactersAgree() {
        let pieces = ["\\", "_", "%", "#", "&", "~", "{", "}", "{}", "a", " ", "\\\\", "\u{301}", "é", "代", "\u{0600}", "\r", "\n", "x"]
        var rng = SplitMix64(state: 37)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...16, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(CodeLinks.unescapeLaTeX(text) == Self.reference(text), "\(text.debugDescription)")
        }
        #expect(CodeLinks.unescapeLaTeX("Strip\\_MLP at 100\\% and \\~{}user, \\#1 \\& co") == "Strip_MLP at 100% and ~user, #1 & co")
        #expect(CodeLinks.unescapeLaTeX("\\\\~{}") == "~")  // the escapes apply in turn, as written
    }
}
