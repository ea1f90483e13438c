import Foundation
import PaperModels
import PaperSearch
import PaperStore

/// Figures of one way of ranking over a relevance set.
public struct RankingFigures: Codable, Sendable, Equatable {
    public var name: String
    public var ndcg_at_10: Double
    public var recall_at_100: Double
    public var mrr_at_10: Double
    /// Latency of a search for a page of 10 (parse, encode, retrieve, fuse, read the papers);
    /// nil for fusion variants, which are computed from the modes' rankings.
    public var p50_ms: Double?
    public var p99_ms: Double?
}

/// What `paperboy eval` reports for one set.
public struct EvaluationReport: Codable, Sendable {
    public var set: String
    public var documents: Int
    public var queries: Int
    public var modes: [RankingFigures]
    /// Hybrid rankings with other fusion rules and weights, from the same two rankings.
    public var fusions: [RankingFigures]
}

/// The evaluation use case: index a relevance set in a database of its own (papers, full-text
/// index, embeddings), run every query in every mode, and score the rankings.
public struct Evaluation {
    public var database: AppDatabase
    /// Needed for the semantic and hybrid modes only.
    public var encoder: (any TextEmbedding)?
    /// The fusion rules compared beside the standard one.
    public static let fusionVariants: [RankFusion] = [
        .normalizedScores(keywordWeight: 0.5), .normalizedScores(keywordWeight: 0.3), .normalizedScores(keywordWeight: 0.7),
        .reciprocalRank(k: 60, keywordWeight: 0.5), .reciprocalRank(k: 60, keywordWeight: 0.3), .reciprocalRank(k: 60, keywordWeight: 0.7),
        .reciprocalRank(k: 10, keywordWeight: 0.5),
    ]

    /// The keyword engine measured (FTS5 when nil).
    public var keyword: (any KeywordSearching)?

    public init(database: AppDatabase, encoder: (any TextEmbedding)?, keyword: (any KeywordSearching)? = nil) {
        self.database = database
        self.encoder = encoder
        self.keyword = keyword
    }

    /// Stores the set's documents as papers (unchanged ones stay as they are) and, with an encoder,
    /// embeds those lacking a vector, so that a kept evaluation database is reused at no cost.
    public func index(_ set: RelevanceSet, onEmbedProgress: (EmbedProgress) -> Void = { _ in }) throws {
        for start in stride(from: 0, to: set.documents.count, by: 2_000) {
            try database.upsert(set.documents[start..<min(set.documents.count, start + 2_000)].map {
                Paper(id: $0.id, title: $0.title, abstract: $0.text, sources: ["eval"])
            })
        }
        if let encoder { try Embedder(database: database, model: encoder).run(onProgress: onEmbedProgress) }
    }

    /// Runs every query of `set` in each of `modes` and scores the rankings.
    public func run(_ set: RelevanceSet, modes: [SearchMode] = SearchMode.allCases) throws -> EvaluationReport {
        let meaning = try encoder.map { MeaningSearch(encoder: $0, vectors: try PaperVectors(database: database, model: $0.modelName)) }
        guard meaning != nil || modes == [.keyword] else { throw EvaluationError.needsEncoder }
        let searcher = PaperSearcher(database: database, keyword: keyword, meaning: meaning)
        try searcher.keyword.refresh()  // indexing the set is not a query's latency
        let ids = try database.paperIDsByKey()
        func documentIDs(_ ranking: RankFusion.Ranking) -> [String] { ranking.compactMap { ids[$0.pk] } }

        var rankings: [SearchMode: [[String]]] = [:]
        var latencies: [SearchMode: [Double]] = [:]
        var fused = Array(repeating: [[String]](), count: Self.fusionVariants.count)
        for query in set.queries {
            let parsed = SearchQuery(query.text)
            for mode in modes {
                var request = SearchRequest(query: query.text, limit: 100, mode: mode)
                request.allWords = false
                rankings[mode, default: []].append(documentIDs(try searcher.rank(parsed, request).ranked))
                request.limit = 10
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try searcher.search(request)
                latencies[mode, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            if modes.contains(.hybrid) {
                // The depth hybrid mode used above for a page of 100 (one more, to know if more follow).
                let both = try searcher.rankings(parsed, depth: max(searcher.fusionDepth, 101))
                for (index, fusion) in Self.fusionVariants.enumerated() {
                    fused[index].append(documentIDs(Array(fusion.fuse(keyword: both.keyword, meaning: both.meaning).prefix(100))))
                }
            }
        }
        func figures(_ name: String, _ ranked: [[String]], _ times: [Double]?) -> RankingFigures {
            let judged = set.queries.map { set.judgements[$0.id] ?? [:] }
            func mean(_ metric: ([String], [String: Int]) -> Double) -> Double {
                let total = zip(ranked, judged).reduce(0) { $0 + metric($1.0, $1.1) }
                return ((total / Double(max(1, ranked.count))) * 10_000).rounded() / 10_000
            }
            let latency = times.map { LatencySummary($0, meanResults: 0) }
            return RankingFigures(name: name, ndcg_at_10: mean { RelevanceMetrics.ndcg($0, $1, at: 10) },
                                  recall_at_100: mean { RelevanceMetrics.recall($0, $1, at: 100) },
                                  mrr_at_10: mean { RelevanceMetrics.reciprocalRank($0, $1, at: 10) },
                                  p50_ms: latency?.p50_ms, p99_ms: latency?.p99_ms)
        }
        return EvaluationReport(
            set: set.name, documents: set.documents.count, queries: set.queries.count,
            modes: modes.map { figures($0.rawValue, rankings[$0] ?? [], latencies[$0] ?? []) },
            fusions: modes.contains(.hybrid) ? Self.fusionVariants.enumerated().map { figures($1.label, fused[$0], nil) } : [])
    }
}

public enum EvaluationError: Error, CustomStringConvertible {
    case needsEncoder
    public var description: String { "the semantic and hybrid modes need the sentence encoder" }
}

extension RankFusion {
    /// A short name for reports, e.g. `rrf k=60 kw=0.5`.
    public var label: String {
        switch self {
        case .reciprocalRank(let k, let weight): "rrf k=\(Int(k)) kw=\(weight)"
        case .normalizedScores(let weight): "minmax kw=\(weight)"
        }
    }
}
