/// A query analysed once for a snapshot: terms as index terms with their idf over all segments,
/// prefixes expanded to the terms they cover, field names turned into numbers. It then makes the
/// matchers of each segment.
struct QueryPlan {
    /// One analysed term: a word, a phrase (several words), or the expansions of a prefix. An
    /// exact phrase is the phrase of its stems in documents that also hold its exact-form terms
    /// (which keep no positions).
    enum Resolved {
        case word([UInt8], field: Int?)
        case phrase([[UInt8]], field: Int?)
        case exactPhrase([[UInt8]], exact: [[UInt8]], field: Int?)
        case anyOf([[UInt8]], field: Int?)
    }

    /// Expanding a prefix stops at this many terms (the commonest are kept).
    static let maxExpansions = 64

    private let clauses: [[Resolved]]
    private let excludedTerms: [Resolved]
    private let matchAny: Bool
    private let idf: [[UInt8]: Float]
    let filter: IndexQuery.Filter?

    init(query: IndexQuery, snapshot: IndexSnapshot) {
        let schema = snapshot.segments.first?.schema
        func resolve(_ term: IndexQuery.Term) -> Resolved? {
            let field = term.field.flatMap { schema?.fieldIndex(named: $0) }
            if term.isPrefix {
                guard let prefix = Analyzer.words(term.text).first.map({ Array($0.utf8) }) else { return nil }
                return .anyOf(Self.expand(prefix, in: snapshot.segments), field: field)
            }
            let words = Analyzer.words(term.text).map { Array($0.utf8) }
            let stems = words.map(Analyzer.stem)
            let exact = term.isExact ? words.compactMap(Analyzer.exactTerm) : []
            switch stems.count {
            case 0: return nil
            case 1: return .word(exact.first ?? stems[0], field: field)
            default: return exact.isEmpty ? .phrase(stems, field: field) : .exactPhrase(stems, exact: exact, field: field)
            }
        }
        clauses = query.clauses.map { $0.compactMap(resolve) }.filter { !$0.isEmpty }
        excludedTerms = query.excluded.compactMap(resolve)
        matchAny = query.matchAny
        filter = query.filter.isEmpty ? nil : query.filter
        var frequencies: [[UInt8]: Int] = [:]
        for resolved in clauses.joined() + excludedTerms {
            let words: [[UInt8]] = switch resolved {
            case .word(let w, _): [w]
            case .phrase(let ws, _), .anyOf(let ws, _): ws
            case .exactPhrase(let ws, let exact, _): ws + exact
            }
            for word in words where frequencies[word] == nil {
                frequencies[word] = snapshot.segments.reduce(0) { $0 + ($1.info(for: word)?.documentFrequency ?? 0) }
            }
        }
        idf = frequencies.mapValues { BM25F.idf(documentFrequency: max($0, 1), documentCount: max(snapshot.documentCount, 1)) }
    }

    /// The terms starting with `prefix` over all segments, the commonest first, at most `maxExpansions`.
    private static func expand(_ prefix: [UInt8], in segments: [Segment]) -> [[UInt8]] {
        var frequencies: [[UInt8]: Int] = [:]
        for segment in segments {
            var index = segment.lowerBound(prefix)
            var scanned = 0
            while index < segment.termCount, scanned < 4 * maxExpansions {
                let term = segment.term(at: index)
                guard term.starts(with: prefix) else { break }
                frequencies[Array(term), default: 0] += segment.info(at: index).documentFrequency
                index += 1
                scanned += 1
            }
        }
        return frequencies.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.lexicographicallyPrecedes($1.key)) }
            .prefix(maxExpansions).map(\.key)
    }

    /// The matchers of one segment: one per clause (all must match), or with `matchAny` one per
    /// term; nil when nothing in the segment can match.
    func matchers(in segment: Segment) -> [Matcher]? {
        // Filters or exclusions alone: every document is a candidate.
        if clauses.isEmpty { return filter != nil || !excludedTerms.isEmpty ? [AllMatcher(count: segment.documentCount)] : nil }
        if matchAny {
            let all = clauses.joined().compactMap { matcher(for: $0, in: segment) }
            return all.isEmpty ? nil : all
        }
        var result: [Matcher] = []
        for clause in clauses {
            let children = clause.compactMap { matcher(for: $0, in: segment) }
            if children.isEmpty { return nil }
            result.append(children.count == 1 ? children[0] : UnionMatcher(children))
        }
        return result
    }

    /// Matchers for the excluded terms that occur in the segment.
    func excluded(in segment: Segment) -> [Matcher] {
        excludedTerms.compactMap { matcher(for: $0, in: segment) }
    }

    private func matcher(for resolved: Resolved, in segment: Segment) -> Matcher? {
        func term(_ word: [UInt8], _ field: Int?) -> TermMatcher? {
            guard let info = segment.info(for: word), field.map({ $0 < segment.fieldCount }) ?? true else { return nil }
            return TermMatcher(segment: segment, info: info, idf: idf[word] ?? 0, field: field)
        }
        func phrase(_ words: [[UInt8]], _ field: Int?) -> PhraseMatcher? {
            var terms: [TermMatcher] = []
            for word in words {
                guard let matcher = term(word, field) else { return nil }
                terms.append(matcher)
            }
            return PhraseMatcher(terms: terms, field: field)
        }
        switch resolved {
        case .word(let word, let field):
            return term(word, field)
        case .phrase(let words, let field):
            return phrase(words, field)
        case .exactPhrase(let words, let exact, let field):
            guard let phrase = phrase(words, field) else { return nil }
            var all: [Matcher] = [phrase]
            for word in exact {
                guard let matcher = term(word, field) else { return nil }
                all.append(matcher)
            }
            return ConjunctionMatcher(all)
        case .anyOf(let words, let field):
            let children = words.compactMap { term($0, field) }
            return children.isEmpty ? nil : children.count == 1 ? children[0] : UnionMatcher(children)
        }
    }
}

/// Every document of a segment, scoring 0: what a query of filters alone runs over.
final class AllMatcher: Matcher {
    private let count: UInt32

    init(count: Int) {
        self.count = UInt32(count)
        super.init()
        cost = count
        doc = count == 0 ? Matcher.end : 0
    }

    override func advance(to target: UInt32) -> UInt32 {
        doc = target < count ? max(doc, target) : Matcher.end
        return doc
    }

    override func score() -> Float { 0 }

    override func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) { (count == 0 ? Matcher.end : count - 1, 0) }
}
