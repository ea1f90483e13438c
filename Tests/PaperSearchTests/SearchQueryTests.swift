@testable import PaperSearch
import Testing

@Suite struct SearchQueryTests {
    typealias Term = SearchQuery.Term
    func word(_ w: String, _ field: SearchQuery.Field? = nil, prefix: Bool = false) -> Term { Term(words: [w], field: field, isPrefix: prefix) }

    @Test func hasCodeFiltersAndMeaningTextKeepsOnlyTheSearchedWords() {
        let q = SearchQuery("cat:cs.CL Sparse \"state space\" -survey has:code since:2024 OR title:Mamba")
        #expect(q.hasCode)
        #expect(q.meaningText == "Sparse state space Mamba")
        #expect(!SearchQuery("has:code").isEmpty)
        #expect(SearchQuery("has:tests").notes == ["\"has:tests\" is unknown; has:code is the one there is."])
    }

    @Test func wordsAreAllRequired() {
        let q = SearchQuery("Sparse  Attention")
        #expect(q.clauses == [[word("sparse")], [word("attention")]])
        #expect(q.notes.isEmpty)
    }

    @Test func phrasesExclusionsAndOr() {
        let q = SearchQuery(#""state space model" -survey diffusion OR flow -"large language""#)
        #expect(q.clauses == [[Term(words: ["state", "space", "model"], field: nil, isPrefix: false, isQuoted: true)], [word("diffusion"), word("flow")]])
        #expect(q.excluded == [word("survey"), Term(words: ["large", "language"], field: nil, isPrefix: false, isQuoted: true)])
    }

    @Test func fieldsCategoriesAndDates() {
        let q = SearchQuery(#"author:"Geoffrey Hinton" title:transformer cat:cs.CL cat:stat. since:2024 until:2024-02"#)
        #expect(q.clauses == [[Term(words: ["geoffrey", "hinton"], field: .authors, isPrefix: false, isQuoted: true)], [word("transformer", .title)]])
        #expect(q.categories == ["cs.CL", "stat."])
        #expect(q.since == "2024-01-01")
        #expect(q.until == "2024-02-29")
    }

    @Test func badDatesAndCategoriesAreExplainedNotFatal() {
        let q = SearchQuery("attention since:yesterday until:2023-02-30 cat:'; --")
        #expect(q.clauses == [[word("attention")]])
        #expect(q.since == nil && q.until == nil && q.categories.isEmpty)
        #expect(q.notes.count == 3)
    }

    @Test func prefixesAndPunctuationFollowTheTokenizer() {
        #expect(SearchQuery("transform*").clauses == [[word("transform", prefix: true)]])
        // `state-of-the-art` is four tokens to FTS5, so it is searched as the phrase they form.
        #expect(SearchQuery("state-of-the-art").clauses == [[Term(words: ["state", "of", "the", "art"], field: nil, isPrefix: false)]])
        #expect(SearchQuery("foo:bar").clauses == [[Term(words: ["foo", "bar"], field: nil, isPrefix: false)]])
    }

    @Test func anUnclosedQuoteRunsToTheEnd() {
        let q = SearchQuery(#"vision "masked image"#)
        #expect(q.clauses == [[word("vision")], [Term(words: ["masked", "image"], field: nil, isPrefix: false, isQuoted: true)]])
        #expect(q.notes == ["A quote was not closed; the phrase runs to the end of the query."])
    }

    @Test func emptyAndOperatorOnlyQueriesAreEmpty() {
        for text in ["", "   ", "OR", "\"\"", "- -- ---", "***", "\u{0}\u{7}\n\t"] {
            #expect(SearchQuery(text).isEmpty, "\(text.debugDescription)")
        }
        #expect(!SearchQuery("cat:cs.CL").isEmpty)
    }

    @Test func hugeInputIsCutAndBounded() {
        let q = SearchQuery(String(repeating: "attention is all you need ", count: 400))  // 10.4 kB
        #expect(q.clauses.count == SearchQuery.maxTerms)
        #expect(q.notes.contains { $0.contains("first \(SearchQuery.maxLength) characters") })
        #expect(q.notes.contains { $0.contains("first \(SearchQuery.maxTerms) terms") })
    }

    @Test func compilesToQuotedFTS5() {
        let compiled = FTS5Compiler.keywordQuery(for: SearchQuery(#"title:vit* a OR b -"c d" NEAR(x) "e""f""#))
        #expect(compiled.match == #"title : "vit"* AND ("a" OR "b") AND "near x" AND "e" AND "f""#)
        #expect(compiled.exclude == #""c d""#)
    }

    @Test func nonLatinScriptsAreWords() {
        #expect(SearchQuery("量子 計算 Ωmega café").clauses.map { $0[0].words } == [["量子"], ["計算"], ["ωmega"], ["café"]])
    }
}
