import Foundation
import PaperModels
import PaperStore

/// Search by meaning: the encoder that turns a query into a vector, and the papers' vectors.
public struct MeaningSearch: Sendable {
    public var encoder: any TextEmbedding
    public var vectors: PaperVectors

    public init(encoder: any TextEmbedding, vectors: PaperVectors) {
        self.encoder = encoder
        self.vectors = vectors
    }
}

/// Every kind of search, and related papers: the one entry point of the CLI, the site and the API.
///
/// - keyword: BM25 over the full-text index, every word required (what a search box promises);
/// - semantic: the papers whose embeddings are nearest the query's;
/// - hybrid (the default): BM25 with any word, and the nearest papers, `fusionDepth` of each,
///   merged by `fusion`. `paperboy eval` measured the choices (BENCHMARKS.md).
/// Without a model or embeddings, semantic and hybrid answer with keyword results and say so.
public struct PaperSearcher: Sendable {
    public let database: AppDatabase
    public let keyword: any KeywordSearching
    public let meaning: MeaningSearch?
    public var fusion: RankFusion = .standard
    public var fusionDepth = 100

    public init(database: AppDatabase, keyword: (any KeywordSearching)? = nil, meaning: MeaningSearch?) {
        self.database = database
        self.keyword = keyword ?? FTS5KeywordSearch(database: database)
        self.meaning = meaning
    }

    public static let noMeaningNote = "Search by meaning is not available yet (no model or no embeddings: see `paperboy embed`); these are keyword results."

    public func search(_ request: SearchRequest) throws -> SearchResults {
        let parsed = SearchQuery(request.query)
        guard !parsed.isEmpty else { return SearchResults(hits: [], hasMore: false, notes: parsed.notes + [SearchQuery.emptyNote]) }
        let page = try rank(parsed, request)
        let hits = try keyword.hits(Array(page.ranked.prefix(request.limit)), for: parsed)
        return SearchResults(hits: hits, hasMore: page.ranked.count > request.limit, notes: parsed.notes + page.notes, mode: page.mode)
    }

    /// The request's page as paper keys and scores (one more than `limit` when more follow), the
    /// mode that made it, and notes on a mode that could not be used.
    public func rank(_ parsed: SearchQuery, _ request: SearchRequest) throws -> (ranked: RankFusion.Ranking, mode: SearchMode, notes: [String]) {
        var mode = request.mode
        var notes: [String] = []
        if mode != .keyword {
            if meaning == nil {
                notes.append(Self.noMeaningNote)
                mode = .keyword
            } else if parsed.meaningText.isEmpty || request.sort == .date {
                mode = .keyword  // only filters, or newest first: there is no meaning to rank by
            }
        }
        let window = request.offset + request.limit + 1
        switch mode {
        case .keyword:
            let ranked = try keyword.rank(parsed, anyWord: !request.allWords, sort: request.sort, limit: request.limit + 1, offset: request.offset)
            return (ranked, mode, notes)
        case .semantic:
            return (Array(try meaningRanking(parsed, k: window).dropFirst(request.offset)), mode, notes)
        case .hybrid:
            let both = try rankings(parsed, depth: max(fusionDepth, window))
            return (Array(fusion.fuse(keyword: both.keyword, meaning: both.meaning).dropFirst(request.offset)), mode, notes)
        }
    }

    /// What hybrid search fuses: the BM25 ranking with any word, and the nearest papers, `depth` each.
    public func rankings(_ parsed: SearchQuery, depth: Int) throws -> (keyword: RankFusion.Ranking, meaning: RankFusion.Ranking) {
        (try keyword.rank(parsed, anyWord: true, sort: .relevance, limit: depth, offset: 0), try meaningRanking(parsed, k: depth))
    }

    /// The nearest papers to the query's meaning that pass its filters (categories, dates,
    /// has:code, exclusions).
    func meaningRanking(_ parsed: SearchQuery, k: Int) throws -> RankFusion.Ranking {
        guard let meaning, let vector = meaning.encoder.embed([parsed.meaningText]).first else { return [] }
        return try meaning.vectors.nearest(to: vector, k: k, allowed: keyword.papers(passing: parsed))
    }

    /// Papers like the one stored under `id`: its nearest neighbours by meaning, never itself (its
    /// versions share its record) nor a copy under another id with the same title. Before the
    /// paper has an embedding, the papers that share most of its title's words (mode keyword,
    /// with a note). Nil when no paper has that id.
    public func related(to id: String, limit: Int = 10) throws -> SearchResults? {
        guard let paper = try database.paper(id: id), let pk = try database.paperKey(id: paper.id) else { return nil }
        var candidates: RankFusion.Ranking = []
        var mode = SearchMode.semantic
        var notes: [String] = []
        if let meaning, let vector = try meaning.vectors.vector(of: pk) {
            candidates = try meaning.vectors.nearest(to: vector, k: limit + 3)
        } else {
            mode = .keyword
            notes.append(meaning == nil ? Self.noMeaningNote : "This paper has no embedding yet (see `paperboy embed`): papers sharing its title's words.")
            let title = SearchQuery(Self.wordsOnly(paper.title))
            if !title.isEmpty { candidates = try keyword.rank(title, anyWord: true, sort: .relevance, limit: limit + 3, offset: 0) }
        }
        let titleKey = Text.titleKey(paper.title)
        let hits = try keyword.hits(candidates.filter { $0.pk != pk }, for: SearchQuery(""))
        return SearchResults(hits: Array(hits.filter { Text.titleKey($0.paper.title) != titleKey }.prefix(limit)), hasMore: false, notes: notes, mode: mode)
    }

    /// A title as plain words: its quotes, dashes and colons must not act as query operators.
    static func wordsOnly(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " })
    }
}
