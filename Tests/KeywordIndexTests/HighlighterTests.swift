import KeywordIndex
import Testing

/// Snippets mark the words whose index terms the query has, as written in the text, on the byte
/// path for ASCII text and the character path for the rest.
@Suite struct HighlighterTests {
    func snippet(_ text: String, _ query: String, prefixes: [String] = [], width: Int = 40) -> String? {
        Highlighter.snippet(text, terms: Set(Analyzer.terms(query)), prefixes: prefixes, width: width, markStart: "[", markEnd: "]")
    }

    @Test func stemsMatchTheWordsAsWritten() {
        #expect(snippet("Graph Networks learn; a network-based model (networking).", "network")
                == "Graph [Networks] learn; a [network]-based model ([networking]")  // it ends with its last word
        #expect(snippet("Nothing here matches.", "diffusion") == nil)
    }

    @Test func prefixesAndNonASCIIText() {
        #expect(snippet("Transformers transform; TRANSFORMED text.", "", prefixes: ["transform"])
                == "[Transformers] [transform]; [TRANSFORMED] text")
        // Accented and non-Latin words: the character path, and accents folded for matching.
        #expect(snippet("Un modèle naïve de réseaux — naive models, 模型 naïvely.", "naive")
                == "Un modèle [naïve] de réseaux — [naive] models, 模型 [naïvely]")  // one stem, "naiv"
        #expect(snippet("Ünïcödé words and unicode ones", "unicode") == "[Ünïcödé] words and [unicode] ones")
    }

    @Test func theWindowHoldsTheMostMatches() {
        let text = (["alpha"] + Array(repeating: "filler", count: 50) + ["beta", "gamma", "beta"]).joined(separator: " ")
        #expect(snippet(text, "beta gamma", width: 4) == "…filler [beta] [gamma] [beta]")
        #expect(snippet(text, "alpha", width: 3) == "[alpha] filler filler…")
    }
}
