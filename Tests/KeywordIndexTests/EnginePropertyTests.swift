import Foundation
import Testing
import KeywordIndex
import TestSupport

/// On random corpora and random queries, the engine's top-k (with all its block skipping) must
/// equal the exhaustive BM25F scorer's, up to ties.
@Suite struct EnginePropertyTests {
    /// Common words of real abstracts (several stem alike: "model", "models", "modeling").
    static let vocabulary = ["the", "of", "and", "model", "models", "modeling", "learning", "learned", "data", "network",
                             "networks", "neural", "graph", "attention", "sparse", "training", "trained", "language",
                             "image", "images", "quantum", "state", "space", "robust", "method", "methods", "efficient",
                             "transformer", "transformers", "diffusion", "policy", "agent", "agents", "optimal", "loss",
                             "zebra", "quokka", "axolotl"]

    static func randomText(_ rng: inout SplitMix64, words: ClosedRange<Int>) -> String {
        (0..<Int.random(in: words, using: &rng)).map { _ in
            // Zipf-like: low indices far more often, so some terms fill every block and some are rare.
            let u = Double.random(in: 0..<1, using: &rng)
            return vocabulary[min(vocabulary.count - 1, Int(pow(u, 2.5) * Double(vocabulary.count)))]
        }.joined(separator: " ")
    }

    static func randomCorpus(_ rng: inout SplitMix64, count: Int, firstKey: Int64) -> [IndexDocument] {
        (0..<count).map { i in
            IndexDocument(key: firstKey + Int64(i),
                          fields: [randomText(&rng, words: 2...8), randomText(&rng, words: 5...60), randomText(&rng, words: 0...3)],
                          day: Int32.random(in: 19_000...19_100, using: &rng),
                          tags: [["cs.LG", "cs.CL", "math.ST", "quant-ph"].randomElement(using: &rng)!],
                          flags: Bool.random(using: &rng) ? 1 : 0)
        }
    }

    static func randomTerm(_ rng: inout SplitMix64) -> IndexQuery.Term {
        let word = vocabulary.randomElement(using: &rng)!
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .init(word, field: "title")
        case 1: return .init(word + " " + vocabulary.randomElement(using: &rng)!)  // a phrase
        default: return .init(word)
        }
    }

    static func randomQuery(_ rng: inout SplitMix64) -> IndexQuery {
        let clauses = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
            (0..<(Int.random(in: 0..<5, using: &rng) == 0 ? 2 : 1)).map { _ in randomTerm(&rng) }
        }
        var query = IndexQuery(clauses: clauses, matchAny: Bool.random(using: &rng))
        if Int.random(in: 0..<4, using: &rng) == 0 { query.excluded = [randomTerm(&rng)] }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: query.filter.tags = ["cs.LG"]
        case 1: query.filter.tagPrefixes = ["cs."]
        case 2: query.filter.days = 19_020...19_060
        case 3: query.filter.requiredFlags = 1
        default: break
        }
        return query
    }

    /// Top-k equal up to ties: the same scores rank by rank, and every key returned really has its score.
    static func expectSameTop(_ engine: [ScoredKey], _ exact: [ScoredKey], k: Int, _ context: @autoclosure () -> String) {
        let expected = Array(exact.prefix(k))
        #expect(engine.count == expected.count, "\(context()): \(engine.count) results, expected \(expected.count)")
        let exactByKey = Dictionary(uniqueKeysWithValues: exact.map { ($0.key, $0.score) })
        for (got, want) in zip(engine, expected) {
            #expect(abs(got.score - want.score) <= 1e-4 * max(1, abs(want.score)), "\(context()): score \(got.score), expected \(want.score)")
            let own = exactByKey[got.key]
            #expect(own != nil && abs(own! - got.score) <= 1e-4 * max(1, abs(got.score)), "\(context()): key \(got.key) scored \(got.score), exactly \(String(describing: own))")
        }
    }

    /// One clause of alternatives and the same terms with `matchAny` are the same query (the
    /// search layer asks for the second, which the engine prunes better): same keys, same scores.
    @Test func oneClauseOfAlternativesEqualsAnyOfItsTerms() throws {
        var rng = SplitMix64(state: 42)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshot = IndexSnapshot(segments: [try makeSegment(Self.randomCorpus(&rng, count: 600, firstKey: 0), in: directory)])
        for _ in 0..<50 {
            let terms = (0..<Int.random(in: 2...4, using: &rng)).map { _ in Self.randomTerm(&rng) }
            let oneClause = try snapshot.search(IndexQuery(clauses: [terms]), limit: 10)
            let anyTerm = try snapshot.search(IndexQuery(clauses: terms.map { [$0] }, matchAny: true), limit: 10)
            Self.expectSameTop(anyTerm, oneClause, k: 10, "\(terms)")
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func topKEqualsExhaustiveScoring(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // One to three segments of 100 to 800 documents (one to seven blocks per common term).
        let sizes = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int.random(in: 100...800, using: &rng) }
        var corpora: [[IndexDocument]] = []
        var segments: [Segment] = []
        for (s, size) in sizes.enumerated() {
            let corpus = Self.randomCorpus(&rng, count: size, firstKey: Int64(s) * 10_000)
            corpora.append(corpus)
            // Small flushes, so that the build's merge path is exercised as well.
            segments.append(try makeSegment(corpus, in: directory, name: "s\(s)", flushPositions: Int.random(in: 2_000...50_000, using: &rng)))
        }
        let snapshot = IndexSnapshot(segments: segments)
        let scorer = ExhaustiveScorer(segments: corpora)
        for q in 0..<100 {
            let query = Self.randomQuery(&rng)
            let k = [1, 5, 10, 30].randomElement(using: &rng)!
            let engine = try snapshot.search(query, limit: k)
            Self.expectSameTop(engine, scorer.all(query), k: k, "seed \(seed) query \(q) \(query)")
        }
    }
}

/// OR queries over a corpus spanning several scoring windows, so that windows are skipped and
/// non-essential words completed from later windows than they were last moved in.
@Suite struct WindowedDisjunctionTests {
    @Test(arguments: [7, 8])
    func anyWordTopKEqualsExhaustiveScoringAcrossWindows(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = EnginePropertyTests.randomCorpus(&rng, count: 10_000, firstKey: 0)
        let snapshot = IndexSnapshot(segments: [try makeSegment(corpus, in: directory)])
        let scorer = ExhaustiveScorer(segments: [corpus])
        for q in 0..<40 {
            let terms = (0..<Int.random(in: 2...5, using: &rng)).map { _ in [EnginePropertyTests.randomTerm(&rng)] }
            let query = IndexQuery(clauses: terms, matchAny: true)
            let k = [1, 10, 30].randomElement(using: &rng)!
            EnginePropertyTests.expectSameTop(try snapshot.search(query, limit: k), scorer.all(query), k: k, "seed \(seed) query \(q) \(query)")
        }
    }
}
