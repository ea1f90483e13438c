import PaperSearch
import Testing

/// Hand-computed cases (the arithmetic is in each test's comment).
@Suite struct RelevanceMetricsTests {
    let judgements = ["b": 2, "d": 1, "e": 1, "z": 0]

    @Test func ndcgDividesTheLogDiscountedGainsByTheIdealOnes() {
        // DCG@4 = 2/log2(3) + 1/log2(5) = 1.69254; ideal = 2 + 1/log2(3) + 1/log2(4) = 3.13093.
        #expect(abs(RelevanceMetrics.ndcg(["a", "b", "c", "d"], judgements, at: 4) - 0.5405858) < 1e-6)
        // The ideal ranking scores 1; a ranking of unjudged or zero-graded documents 0.
        #expect(abs(RelevanceMetrics.ndcg(["b", "d", "e"], judgements, at: 10) - 1) < 1e-12)
        #expect(RelevanceMetrics.ndcg(["a", "z"], judgements, at: 10) == 0)
        // Graded: 1 before 2 scores (1 + 2/log2(3)) / (2 + 1/log2(3)) = 0.85972.
        #expect(abs(RelevanceMetrics.ndcg(["x", "y"], ["x": 1, "y": 2], at: 10) - 0.8597187) < 1e-6)
        // The cut-off applies to both the ranking and the ideal: @1 of [b] is 2/2.
        #expect(RelevanceMetrics.ndcg(["b", "a"], judgements, at: 1) == 1)
        #expect(RelevanceMetrics.ndcg(["a"], [:], at: 10) == 0)
    }

    @Test func recallCountsTheRelevantDocumentsFoundWithinTheCutOff() {
        #expect(RelevanceMetrics.recall(["a", "b", "c", "d"], judgements, at: 4) == 2.0 / 3)
        #expect(RelevanceMetrics.recall(["a", "b", "c", "d"], judgements, at: 2) == 1.0 / 3)
        #expect(RelevanceMetrics.recall(["z"], judgements, at: 100) == 0)
    }

    @Test func reciprocalRankIsOneOverTheFirstRelevantRank() {
        #expect(RelevanceMetrics.reciprocalRank(["a", "z", "d", "b"], judgements, at: 10) == 1.0 / 3)
        #expect(RelevanceMetrics.reciprocalRank(["a", "b"], judgements, at: 1) == 0)
        #expect(RelevanceMetrics.reciprocalRank(["e"], judgements, at: 10) == 1)
    }
}

@Suite struct RankFusionTests {
    @Test func reciprocalRankFusionAddsWeightOverKPlusRank() {
        // 1: 0.5/61 + 0.5/63 = 3: 0.5/63 + 0.5/61 (tie, keyword order first); 2 = 4 = 0.5/62.
        let fused = RankFusion.reciprocalRank(k: 60, keywordWeight: 0.5)
            .fuse(keyword: [(1, 9), (2, 5), (3, 1)], meaning: [(3, 0.9), (4, 0.8), (1, 0.7)])
        #expect(fused.map(\.pk) == [1, 3, 2, 4])
        #expect(abs(fused[0].score - (0.5 / 61 + 0.5 / 63)) < 1e-12)
    }

    @Test func normalizedScoresRescaleEachListByItsOwnRange() {
        // keyword 10, 5, 0 → 1, .5, 0; meaning .9, .5, .1 → 1, .5, 0; weights .7 / .3:
        // 1 = .7, 2 = .35, 3 = .3, 4 = .15.
        let fused = RankFusion.normalizedScores(keywordWeight: 0.7)
            .fuse(keyword: [(1, 10), (2, 5), (3, 0)], meaning: [(3, 0.9), (4, 0.5), (5, 0.1)])
        #expect(fused.map(\.pk) == [1, 2, 3, 4, 5])
        #expect(zip(fused.map(\.score), [0.7, 0.35, 0.3, 0.15, 0]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func anEmptySideLeavesTheOtherRankingAsItWas() {
        for fusion in [RankFusion.standard, .reciprocalRank(k: 60, keywordWeight: 0.5)] {
            #expect(fusion.fuse(keyword: [], meaning: [(7, 0.5), (8, 0.4)]).map(\.pk) == [7, 8])
            #expect(fusion.fuse(keyword: [(7, 3), (8, 3)], meaning: []).map(\.pk) == [7, 8])
        }
    }
}
