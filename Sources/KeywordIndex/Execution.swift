/// Top-k over one segment's matchers, skipping what cannot reach the top: blocks whose summed
/// block maxima fall below the k-th best score are never decoded.
enum Execution {
    /// All clauses must match (block-max conjunction): the cheapest clause leads, the others are
    /// advanced to its candidates, and a window of blocks whose bound cannot beat the threshold is
    /// skipped whole.
    static func conjunction(_ clauses: [Matcher], accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        let ordered = clauses.sorted { $0.cost < $1.cost }
        let lead = ordered[0]
        var doc = lead.doc
        var windowEnd: UInt32 = 0
        var windowBound: Float = .infinity
        var haveWindow = false
        while doc != Matcher.end {
            if top.isFull {
                if !haveWindow || doc > windowEnd {
                    windowEnd = Matcher.end
                    windowBound = 0
                    for clause in ordered {
                        let s = clause.shallow(doc)
                        windowEnd = min(windowEnd, s.end)
                        windowBound += s.bound
                    }
                    haveWindow = true
                }
                if !top.admits(windowBound) {
                    if windowEnd == Matcher.end { return }
                    doc = lead.advance(to: windowEnd + 1)
                    continue
                }
            }
            var agreed = true
            for clause in ordered.dropFirst() {
                let d = clause.advance(to: doc)
                if d != doc {
                    doc = d == Matcher.end ? d : lead.advance(to: d)
                    agreed = false
                    break
                }
            }
            guard agreed else { continue }
            if accept(doc) {
                var score: Float = 0
                for clause in ordered { score += clause.score() }
                top.insert(score: score, key: key(doc))
            }
            doc = lead.advance(to: doc + 1)
        }
    }

    /// Any matcher may match (block-max WAND): with the matchers in document order, the pivot is
    /// the first document whose matchers' (and all earlier ones') global maxima together can beat
    /// the threshold; no document before it can. If their block maxima cannot either, everything up
    /// to the end of the shortest of those blocks is skipped without decoding it; otherwise the
    /// earlier matchers are moved to the pivot and, once all are on it, it is scored.
    static func disjunction(_ matchers: [Matcher], accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        let live = UnsafeMutableBufferPointer<Cursor>.allocate(capacity: matchers.count)
        defer { live.deallocate() }
        var count = 0
        for matcher in matchers where matcher.doc != Matcher.end {
            live[count] = Cursor(doc: matcher.doc, maxScore: matcher.maxScore, matcher: .passUnretained(matcher), blockEnd: 0, blockBound: 0, hasBlock: false)
            count += 1
        }
        withExtendedLifetime(matchers) {
            sortByDocument(live, count: count, moved: count)
            while count > 0 {
                var pivot = 0
                var prefix = live[0].maxScore
                while !top.admits(prefix) {
                    pivot += 1
                    guard pivot < count else { return }
                    prefix += live[pivot].maxScore
                }
                let pivotDoc = live[pivot].doc
                var last = pivot
                while last + 1 < count, live[last + 1].doc == pivotDoc { last += 1 }
                var blockBound: Float = 0
                var blockEnd = Matcher.end
                for i in 0...last {
                    live[i].shallow(pivotDoc)
                    blockBound += live[i].blockBound
                    blockEnd = min(blockEnd, live[i].blockEnd)
                }
                var moved = 0
                if !top.admits(blockBound) {
                    // Nothing from the pivot to the end of the shortest block (nor to the next
                    // matcher's document) can beat the threshold.
                    var next = blockEnd == Matcher.end ? Matcher.end : blockEnd + 1
                    if last + 1 < count { next = min(next, live[last + 1].doc) }
                    for i in 0...last where live[i].doc < next { live[i].advance(to: next) }
                    moved = last + 1
                } else if live[0].doc == pivotDoc {
                    if accept(pivotDoc) {
                        var score: Float = 0
                        for i in 0...last { score += live[i].matcher._withUnsafeGuaranteedRef { $0.score() } }
                        top.insert(score: score, key: key(pivotDoc))
                    }
                    for i in 0...last { live[i].advance(to: pivotDoc + 1) }
                    moved = last + 1
                } else {
                    for i in 0..<pivot where live[i].doc < pivotDoc { live[i].advance(to: pivotDoc) }
                    moved = pivot
                }
                // The moved matchers go back in document order (the rest still is); exhausted ones leave.
                sortByDocument(live, count: count, moved: moved)
                while count > 0, live[count - 1].doc == Matcher.end { count -= 1 }
            }
        }
    }

    /// A matcher of a disjunction with its current document and maximum at hand, held without
    /// retaining it: the matchers outlive the loop, and retaining them in every step of it costs
    /// more than the rest of the step.
    /// The pivots only grow, so the block a cursor last bounded serves until the pivot passes its end.
    private struct Cursor {
        var doc: UInt32
        let maxScore: Float
        let matcher: Unmanaged<Matcher>
        var blockEnd: UInt32
        var blockBound: Float
        var hasBlock: Bool

        @inline(__always)
        mutating func advance(to target: UInt32) { doc = matcher._withUnsafeGuaranteedRef { $0.advance(to: target) } }

        @inline(__always)
        mutating func shallow(_ target: UInt32) {
            if hasBlock, target <= blockEnd { return }
            (blockEnd, blockBound) = matcher._withUnsafeGuaranteedRef { $0.shallow(target) }
            hasBlock = true
        }
    }

    /// Puts `live[..<count]` back in document order when only its first `moved` entries may be out
    /// of it: each, from the last, is inserted into the ordered rest.
    @inline(__always)
    private static func sortByDocument(_ live: UnsafeMutableBufferPointer<Cursor>, count: Int, moved: Int) {
        var k = min(moved, count)
        while k > 0 {
            k -= 1
            var j = k
            let cursor = live[j]
            while j + 1 < count, live[j + 1].doc < cursor.doc {
                live[j] = live[j + 1]
                j += 1
            }
            live[j] = cursor
        }
    }

    /// Every match, ordered by `rank` rather than by score (no pruning applies).
    static func all(_ matcher: Matcher, accept: (UInt32) -> Bool, rank: (UInt32) -> Float, key: (UInt32) -> Int64, into top: inout TopK) {
        var doc = matcher.doc
        while doc != Matcher.end {
            if accept(doc) { top.insert(score: rank(doc), key: key(doc)) }
            doc = matcher.advance(to: doc + 1)
        }
    }
}
