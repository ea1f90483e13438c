/// A stream of matching documents in increasing order, with their scores and upper bounds on
/// them: the building block of query execution. `doc` is the current document (`end` once
/// exhausted); `shallow(_:)` bounds the scores of the documents from `target` up to the end of
/// the block holding it, without decoding anything, which is what lets execution skip blocks.
class Matcher {
    static let end = UInt32.max
    var doc: UInt32 = 0
    /// No document scores more than this.
    var maxScore: Float = 0
    /// About how many documents match (the cheapest clause leads a conjunction).
    var cost = 0
    /// A block was found inconsistent while decoding: the results cannot be trusted.
    var damaged = false

    /// Moves to the first match at or after `target` and returns it (or `end`).
    func advance(to target: UInt32) -> UInt32 { fatalError("abstract") }
    /// The score of the current document.
    func score() -> Float { fatalError("abstract") }
    /// Like `advance(to:)`, but the document reached may fail `confirm()` (a phrase's words all
    /// in it, their positions not yet checked): scoring it first spares the check for documents
    /// that cannot enter the top.
    func advanceApproximately(to target: UInt32) -> UInt32 { advance(to: target) }
    /// Whether the document `advanceApproximately(to:)` reached really matches.
    func confirm() -> Bool { true }
    /// The last document of the block holding the first match at or after `target`, and the
    /// highest score any document from `target` to it can have.
    func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) { fatalError("abstract") }

    /// The highest score any document from `first` through `last` can have (0 when none of them
    /// can match). Matchers with block maxima bound the window by the blocks it overlaps.
    func bound(from first: UInt32, through last: UInt32) -> Float {
        if doc > last { return 0 }
        let s = shallow(first)
        return s.end >= last ? s.bound : maxScore
    }

    /// Adds the score of every match from the current document through `last` to
    /// `scores[doc - first]` and sets its bit in `matched`; stops on the first match after `last`.
    func accumulate(from first: UInt32, through last: UInt32, scores: UnsafeMutablePointer<Float>, matched: UnsafeMutablePointer<UInt64>) {
        while doc <= last {
            let slot = Int(doc - first)
            scores[slot] += score()
            matched[slot >> 6] |= 1 << UInt64(slot & 63)
            _ = advance(to: doc + 1)
        }
    }
}

/// Documents matching a phrase: all its terms, at consecutive positions in one field.
final class PhraseMatcher: Matcher {
    private let terms: [TermMatcher]
    private let field: Int?

    init(terms: [TermMatcher], field: Int?) {
        self.terms = terms
        self.field = field
        super.init()
        maxScore = terms.reduce(0) { $0 + $1.maxScore }
        cost = terms.map(\.cost).min() ?? 0
        doc = 0
        _ = advance(to: 0)
    }

    override func advance(to target: UInt32) -> UInt32 {
        var next = target
        while true {
            let candidate = advanceApproximately(to: next)
            if candidate == Matcher.end || confirm() || damaged { return doc }
            next = candidate + 1
        }
    }

    override func advanceApproximately(to target: UInt32) -> UInt32 {
        var candidate = target
        while true {
            candidate = terms[0].advance(to: candidate)
            var agreed = true
            for term in terms.dropFirst() {
                let d = term.advance(to: candidate)
                if d != candidate { candidate = d; agreed = false; break }
            }
            damaged = terms.contains { $0.damaged }
            if candidate == Matcher.end || damaged { doc = Matcher.end; return doc }
            if agreed { doc = candidate; return doc }
        }
    }

    override func confirm() -> Bool {
        if positionsLineUp() { return true }
        if terms.contains(where: { $0.damaged }) {
            damaged = true
            doc = Matcher.end
        }
        return false
    }

    private func positionsLineUp() -> Bool {
        if let field { return lineUp(in: field) }
        for f in 0..<terms[0].fieldCount where lineUp(in: f) { return true }
        return false
    }

    /// Whether the terms follow each other somewhere in field `f` of the current document.
    private func lineUp(in f: Int) -> Bool {
        let first = terms[0].positions(field: f)
        if first.isEmpty { return false }
        for term in terms.dropFirst() where term.positions(field: f).isEmpty { return false }
        return first.contains { start in
            terms.indices.dropFirst().allSatisfy { i in Self.contains(terms[i].positions(field: f), start &+ UInt32(i)) }
        }
    }

    private static func contains(_ sorted: UnsafeBufferPointer<UInt32>, _ value: UInt32) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value
    }

    override func score() -> Float { terms.reduce(0) { $0 + $1.score() } }

    override func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) {
        terms.reduce((Matcher.end, Float(0))) { partial, term in
            let s = term.shallow(target)
            return (min(partial.0, s.end), partial.1 + s.bound)
        }
    }
}

/// Documents matching any of several matchers (`a OR b` inside a conjunction); scores add up.
final class UnionMatcher: Matcher {
    private let children: [Matcher]

    init(_ children: [Matcher]) {
        self.children = children
        super.init()
        maxScore = children.reduce(0) { $0 + $1.maxScore }
        cost = children.reduce(0) { $0 + $1.cost }
        doc = children.map(\.doc).min() ?? Matcher.end
    }

    override func advance(to target: UInt32) -> UInt32 {
        var least = Matcher.end
        for child in children {
            let d = child.doc < target ? child.advance(to: target) : child.doc
            least = min(least, d)
            if child.damaged { damaged = true }
        }
        doc = least
        return doc
    }

    override func score() -> Float {
        var total: Float = 0
        for child in children where child.doc == doc { total += child.score() }
        return total
    }

    override func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) {
        children.reduce((Matcher.end, Float(0))) { partial, child in
            let s = child.shallow(target)
            return (min(partial.0, s.end), partial.1 + s.bound)
        }
    }
}
