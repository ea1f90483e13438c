/// A query as the engine takes it: clauses that must all match (or, with `matchAny`, any of
/// them), each clause matching when any of its terms does; terms that exclude; and filters on
/// the document columns. Text is analysed here exactly as documents were.
public struct IndexQuery: Sendable, Equatable {
    /// Text searched for: one word, or several words as a phrase (consecutive, in one field).
    /// With `isPrefix`, one word that terms must start with (`transform*`). With `isExact`, the
    /// words as written (lower case, no accents) rather than their stems: exact "running" finds
    /// "running" but not "runs" (see `Analyzer` for words that are their own stems).
    public struct Term: Sendable, Equatable {
        public var text: String
        public var field: String?
        public var isPrefix: Bool
        public var isExact: Bool

        public init(_ text: String, field: String? = nil, isPrefix: Bool = false, isExact: Bool = false) {
            self.text = text
            self.field = field
            self.isPrefix = isPrefix
            self.isExact = isExact
        }
    }

    /// Only documents passing every part match.
    public struct Filter: Sendable, Equatable {
        /// The document has one of these tags exactly, or one starting with one of `tagPrefixes`
        /// (both empty: no condition).
        public var tags: [String] = []
        public var tagPrefixes: [String] = []
        public var days: ClosedRange<Int32>?
        /// Every bit set here is set in the document's flags.
        public var requiredFlags: UInt8 = 0

        public init(tags: [String] = [], tagPrefixes: [String] = [], days: ClosedRange<Int32>? = nil, requiredFlags: UInt8 = 0) {
            self.tags = tags
            self.tagPrefixes = tagPrefixes
            self.days = days
            self.requiredFlags = requiredFlags
        }

        var isEmpty: Bool { tags.isEmpty && tagPrefixes.isEmpty && days == nil && requiredFlags == 0 }
    }

    /// How results are ordered: by BM25F score, or newest day first (ties in the order found).
    public enum Order: Sendable, Equatable { case score, newest }

    public var clauses: [[Term]]
    public var matchAny: Bool
    public var excluded: [Term]
    public var filter: Filter
    public var order: Order

    public init(clauses: [[Term]], matchAny: Bool = false, excluded: [Term] = [], filter: Filter = Filter(), order: Order = .score) {
        self.clauses = clauses
        self.matchAny = matchAny
        self.excluded = excluded
        self.filter = filter
        self.order = order
    }

    /// Every word required, in any field: `IndexQuery(allOf: "sparse attention")`.
    public init(allOf text: String) { self.init(clauses: Analyzer.words(text).map { [Term($0)] }) }

    /// Any of the words, ranked by BM25F.
    public init(anyOf text: String) { self.init(clauses: Analyzer.words(text).map { [Term($0)] }, matchAny: true) }
}

/// One result: the caller's key and its BM25F score.
public struct ScoredKey: Sendable, Equatable {
    public var key: Int64
    public var score: Float

    public init(key: Int64, score: Float) {
        self.key = key
        self.score = score
    }
}
