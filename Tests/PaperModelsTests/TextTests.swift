import Testing
import PaperModels

@Suite("Text")
struct TextTests {
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
