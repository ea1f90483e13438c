import Foundation

/// The measures of a ranking against human judgements that information-retrieval evaluations
/// (TREC, BEIR) report, defined as trec_eval and BEIR compute them.
///
/// `judgements` maps a document to its graded relevance; a grade of 0 or less (or no grade) is
/// not relevant. Gains are linear in the grade, as in trec_eval's `ndcg_cut` that BEIR uses.
public enum RelevanceMetrics {
    /// Normalised discounted cumulative gain of the first `k` results: the gains of the ranking,
    /// each divided by log2(rank + 1), over the same for the best possible ranking. 0 when
    /// nothing is relevant.
    public static func ndcg(_ ranking: [String], _ judgements: [String: Int], at k: Int) -> Double {
        let ideal = judgements.values.filter { $0 > 0 }.sorted(by: >).prefix(k)
        let idealGain = discountedGain(ideal.map(Double.init))
        guard idealGain > 0 else { return 0 }
        return discountedGain(ranking.prefix(k).map { Double(max(0, judgements[$0] ?? 0)) }) / idealGain
    }

    /// The share of the relevant documents found in the first `k` results.
    public static func recall(_ ranking: [String], _ judgements: [String: Int], at k: Int) -> Double {
        let relevant = Set(judgements.filter { $0.value > 0 }.keys)
        guard !relevant.isEmpty else { return 0 }
        return Double(Set(ranking.prefix(k)).intersection(relevant).count) / Double(relevant.count)
    }

    /// 1 / the rank of the first relevant result within the first `k`; 0 when there is none.
    public static func reciprocalRank(_ ranking: [String], _ judgements: [String: Int], at k: Int) -> Double {
        guard let index = ranking.prefix(k).firstIndex(where: { (judgements[$0] ?? 0) > 0 }) else { return 0 }
        return 1 / Double(index + 1)
    }

    private static func discountedGain(_ gains: [Double]) -> Double {
        gains.enumerated().reduce(0) { $0 + $1.element / log2(Double($1.offset + 2)) }
    }
}
