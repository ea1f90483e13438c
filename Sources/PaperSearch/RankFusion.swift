import Foundation

/// How hybrid search merges the keyword and the meaning rankings into one.
///
/// The two scores live on different scales (BM25 is unbounded and grows with query length;
/// cosine sits between about 0.1 and 0.9), so they are not added as they come:
/// - `reciprocalRank` (Cormack, Clarke and Büttcher, SIGIR 2009) uses only the ranks:
///   each list adds weight / (k + rank);
/// - `normalizedScores` rescales each list to 0…1 by its own best and worst score (min-max) and
///   adds them with weights, so that a far better first hit keeps its lead.
/// `paperboy eval` measures both on judged sets; `standard` is the one it chose (BENCHMARKS.md):
/// min-max with keyword weight 0.7 is, with Paperboy's own keyword engine, the only rule that
/// beat keyword and semantic search alone on every set (CACM, NFCorpus, known-item titles), and
/// has the best mean nDCG@10. (With FTS5 it was equal weights: the engine's stemmed BM25F made
/// the keyword ranking stronger.) Reciprocal rank lost to keyword search alone on the known-item
/// set, where BM25's first hit is nearly always right and a rank-only rule cannot tell a clear
/// lead from a close one.
public enum RankFusion: Sendable, Equatable {
    case reciprocalRank(k: Double, keywordWeight: Double)
    case normalizedScores(keywordWeight: Double)

    public static let standard = RankFusion.normalizedScores(keywordWeight: 0.7)

    /// One ranked list of (paper key, score), best first.
    public typealias Ranking = [(pk: Int64, score: Double)]

    /// The fused ranking, best first; ties keep the keyword order, then the meaning order.
    public func fuse(keyword: Ranking, meaning: Ranking) -> Ranking {
        var fused: [Int64: Double] = [:]
        var firstSeen: [Int64: Int] = [:]
        func add(_ ranking: Ranking, weight: Double, contribution: (Int, Double) -> Double) {
            for (rank, hit) in ranking.enumerated() {
                fused[hit.pk, default: 0] += weight * contribution(rank, hit.score)
                if firstSeen[hit.pk] == nil { firstSeen[hit.pk] = firstSeen.count }
            }
        }
        switch self {
        case .reciprocalRank(let k, let keywordWeight):
            add(keyword, weight: keywordWeight) { rank, _ in 1 / (k + Double(rank + 1)) }
            add(meaning, weight: 1 - keywordWeight) { rank, _ in 1 / (k + Double(rank + 1)) }
        case .normalizedScores(let keywordWeight):
            add(keyword, weight: keywordWeight, contribution: Self.minMax(keyword))
            add(meaning, weight: 1 - keywordWeight, contribution: Self.minMax(meaning))
        }
        return fused.sorted { ($0.value, firstSeen[$1.key] ?? 0) > ($1.value, firstSeen[$0.key] ?? 0) }
            .map { (pk: $0.key, score: $0.value) }
    }

    /// Maps a list's scores to 0…1 (1 for every hit when all scores are equal).
    private static func minMax(_ ranking: Ranking) -> (Int, Double) -> Double {
        let scores = ranking.map(\.score)
        guard let low = scores.min(), let high = scores.max(), high > low else { return { _, _ in 1 } }
        return { _, score in (score - low) / (high - low) }
    }
}
