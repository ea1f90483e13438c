/// A fixed set of segments, with the documents deleted from each, that queries read: scores use
/// document frequencies and counts over all of them, so a term is as rare in one segment as in
/// the whole index.
public final class IndexSnapshot: @unchecked Sendable {
    public let segments: [Segment]
    /// Per segment, one bit per document: set when deleted (nil: nothing deleted).
    let deleted: [[UInt64]?]
    public let documentCount: Int

    /// `deleted`: per segment, the deleted-document bits (nil, or nil entries: none deleted).
    public init(segments: [Segment], deleted: [[UInt64]?]? = nil) {
        self.segments = segments
        self.deleted = deleted ?? segments.map { _ in nil }
        documentCount = segments.reduce(0) { $0 + $1.documentCount }
    }

    /// Documents that are not deleted.
    public var liveDocumentCount: Int {
        zip(segments, deleted).reduce(0) { total, pair in
            total + pair.0.documentCount - (pair.1?.reduce(0) { $0 + $1.nonzeroBitCount } ?? 0)
        }
    }

    /// The best `limit` results after skipping `offset`, best first.
    public func search(_ query: IndexQuery, limit: Int, offset: Int = 0) throws -> [ScoredKey] {
        guard limit > 0 else { return [] }
        var top = TopK(capacity: limit + offset)
        let plan = QueryPlan(query: query, snapshot: self)
        for (s, segment) in segments.enumerated() {
            guard let matchers = plan.matchers(in: segment) else { continue }
            let excluded = plan.excluded(in: segment)
            let filter = plan.filter.map { SegmentFilter($0, segment: segment) }
            let deletedBits = deleted[s]
            let accept: (UInt32) -> Bool = { doc in
                if let deletedBits, deletedBits[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0 { return false }
                if let filter, !filter.accepts(Int(doc)) { return false }
                for m in excluded where m.advance(to: doc) == doc { return false }
                return true
            }
            let key: (UInt32) -> Int64 = { segment.key(Int($0)) }
            if query.order == .newest {
                let all = query.matchAny || matchers.count == 1 ? UnionMatcher(matchers) : ConjunctionMatcher(matchers)
                Execution.all(all, accept: accept, rank: { Float(segment.day(Int($0))) }, key: key, into: &top)
            } else if query.matchAny {
                Execution.windowedDisjunction(matchers, accept: accept, key: key, into: &top)
            } else {
                Execution.conjunction(matchers, accept: accept, key: key, into: &top)
            }
            if matchers.contains(where: \.damaged) || excluded.contains(where: \.damaged) {
                throw KeywordIndexError.damaged(path: segment.path, reason: "a postings block does not match its header")
            }
        }
        return top.sorted().dropFirst(offset).map { ScoredKey(key: $0.key, score: $0.score) }
    }
}

/// The filter resolved against one segment's columns (its tag names become a bitmap of numbers).
struct SegmentFilter {
    let segment: Segment
    let filter: IndexQuery.Filter
    let tagAllowed: [Bool]?

    init(_ filter: IndexQuery.Filter, segment: Segment) {
        self.segment = segment
        self.filter = filter
        if filter.tags.isEmpty, filter.tagPrefixes.isEmpty {
            tagAllowed = nil
        } else {
            tagAllowed = segment.tagNames.map { name in
                filter.tags.contains(name) || filter.tagPrefixes.contains { name.hasPrefix($0) }
            }
        }
    }

    func accepts(_ doc: Int) -> Bool {
        if filter.requiredFlags != 0, segment.flags(doc) & filter.requiredFlags != filter.requiredFlags { return false }
        if let days = filter.days, !days.contains(segment.day(doc)) { return false }
        if let tagAllowed, !segment.tags(doc).contains(where: { tagAllowed[Int($0)] }) { return false }
        return true
    }
}

/// Documents matching every one of several matchers, for ordering by something other than score.
final class ConjunctionMatcher: Matcher {
    private let children: [Matcher]

    init(_ children: [Matcher]) {
        self.children = children.sorted { $0.cost < $1.cost }
        super.init()
        maxScore = children.reduce(0) { $0 + $1.maxScore }
        cost = children.map(\.cost).min() ?? 0
        doc = 0
        _ = advance(to: 0)
    }

    override func advance(to target: UInt32) -> UInt32 {
        var candidate = target
        while true {
            candidate = children[0].advance(to: candidate)
            if candidate == Matcher.end { break }
            guard let disagreeing = children.dropFirst().first(where: { $0.advance(to: candidate) != candidate }) else { break }
            candidate = disagreeing.doc
        }
        damaged = children.contains { $0.damaged }
        doc = damaged ? Matcher.end : candidate
        return doc
    }

    override func score() -> Float { children.reduce(0) { $0 + $1.score() } }

    override func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) {
        children.reduce((Matcher.end, Float(0))) { partial, child in
            let s = child.shallow(target)
            return (min(partial.0, s.end), partial.1 + s.bound)
        }
    }
}
