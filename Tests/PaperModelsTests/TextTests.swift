import Testing
import PaperModels

@Suite("Text")
struct TextTests {
    @Test func normalizesEveryMixOfSpacesAndControlBytesAsTheRuleSays() {
        // ASCII text is normalized eight bytes at a time where it can: compare with the rule
        // itself (white space and control bytes are separators; words joined by one space) over
        // texts of every length around the eight-byte steps, from a fixed seed.
        func rule(_ text: String) -> String {
            text.unicodeScalars.split { $0.value <= 0x20 || $0.value == 0x7F }.map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
        }
        // Mostly what stays as written (so that many eight-byte steps do), with every kind of separator.
        let alphabet = Array("abcdefghijklmn~$\\!  ") + ["\n", "\t", "\r", "\u{7}", "\u{1F}", "\u{7F}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {  // xorshift64
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(alphabet.count))
        }
        for length in 0..<40 {
            for _ in 0..<300 {
                let text = String((0..<length).map { _ in alphabet[next()] })
                #expect(Text.normalized(text) == rule(text), "\(Array(text.utf8))")
            }
        }
        let paragraph = "We study  sparse attention.\nIt scales as $O(L \\log L)$\u{7F}in time;   see\t\tbelow. "
        #expect(Text.normalized(paragraph) == rule(paragraph))
    }

    @Test func collapsesHardLineBreaks() {
        // The title of 0704.0001 as the Kaggle snapshot and .abs files write it.
        #expect(Text.normalized("Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies")
                == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
    }

    @Test func collapsesRunsOfWhitespaceAndTrims() {
        #expect(Text.normalized("  A fully\tdifferential \r\n  calculation \n") == "A fully differential calculation")
        #expect(Text.normalized("a\u{00A0}\u{00A0}b") == "a b")
        #expect(Text.normalized("a\u{0007}b") == "a b")
        #expect(Text.normalized("") == "")
        #expect(Text.normalized(" \n\t ") == "")
    }

    @Test func leavesLaTeXAsWritten() {
        #expect(Text.normalized("attention in $O(L \\log L)$  time") == "attention in $O(L \\log L)$ time")
        #expect(Text.normalized("the $(k,\\ell)$-pebble\ngame") == "the $(k,\\ell)$-pebble game")
        #expect(Text.normalized("Order $\\hbar$ Corrections") == "Order $\\hbar$ Corrections")
    }

    @Test func titleKeyIgnoresCaseAccentsPunctuationAndSpacing() {
        let title = "LRP-QViT: Mixed-Precision Vision Transformer Quantization via Layer-wise Relevance Propagation"
        #expect(Text.titleKey(title)
                == "lrp qvit mixed precision vision transformer quantization via layer wise relevance propagation")
        #expect(Text.titleKey("  lrp qvit:  MIXED precision vision transformer quantization\nvia layer-wise relevance propagation.")
                == Text.titleKey(title))
        #expect(Text.titleKey("Épijournal de Géométrie Algébrique") == "epijournal de geometrie algebrique")
        #expect(Text.titleKey("(Chat)GPT v BERT: Dawn of Justice") == "chat gpt v bert dawn of justice")
        #expect(Text.titleKey("Σ-Mem: An Online Reliability Memory") == Text.titleKey("σ mem an online reliability memory"))
        #expect(Text.titleKey("--- !!! ---") == "")
    }

    @Test func titleKeyKeepsDistinctTitlesDistinct() {
        #expect(Text.titleKey("Mixed-Precision Quantization") != Text.titleKey("Mixed Precision Quantisation"))
        #expect(Text.titleKey("GPT-4 Technical Report") == "gpt 4 technical report")
    }

    @Test func stableHashIsFNV1a64() {
        // Published FNV-1a 64-bit test vectors.
        #expect(Text.stableHash("") == "cbf29ce484222325")
        #expect(Text.stableHash("a") == "af63dc4c8601ec8c")
        #expect(Text.stableHash("foobar") == "85944171f73967e8")
        #expect(Text.stableHash("a").count == 16)
    }

    @Test func localIDDependsOnlyOnTheTitleKey() {
        let title = "LRP-QViT: Mixed-Precision Vision Transformer Quantization via Layer-wise Relevance Propagation"
        #expect(Paper.localID(title: title) == "local:c222f6116e136a30")
        #expect(Paper.localID(title: "lrp qvit mixed precision vision transformer quantization via layer wise relevance propagation")
                == "local:c222f6116e136a30")
        #expect(Paper.localID(title: "HNeRV: A Hybrid Neural Representation for Videos") != Paper.localID(title: title))
    }

    @Test func repairsUTF8ReadAsLatin1() {
        // Author names exactly as the recorded arXiv API responses carry them (atom-*.xml fixtures).
        #expect(Text.repairingMojibake("Dirk W\u{C3}\u{BC}bben") == "Dirk Wübben")
        #expect(Text.repairingMojibake("Aurora Ram\u{C3}\u{AD}rez") == "Aurora Ramírez")
        #expect(Text.repairingMojibake("Jos\u{C3}\u{A9} Ra\u{C3}\u{BA}l Romero") == "José Raúl Romero")
    }

    @Test func leavesCorrectTextAlone() {
        for text in ["Dirk Wübben", "Épijournal de Géométrie Algébrique", "Σ-Mem", "plain ascii", "Macrì", "", "Ã"] {
            #expect(Text.repairingMojibake(text) == text)
        }
    }
}
