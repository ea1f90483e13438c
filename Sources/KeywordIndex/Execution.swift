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

    /// Any matcher may match (block-max MaxScore): per window of blocks, the matchers whose bounds
    /// together cannot beat the threshold are "non-essential": they only add to the scores of
    /// documents the others find, and only while the running bound can still beat the threshold.
    static func disjunction(_ matchers: [Matcher], accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        var bounds = [Float](repeating: 0, count: matchers.count)
        var order = Array(matchers.indices)
        var essential: [(matcher: Matcher, bound: Float)] = []
        var optional: [(matcher: Matcher, bound: Float)] = []
        essential.reserveCapacity(matchers.count)
        optional.reserveCapacity(matchers.count)
        while true {
            var start = Matcher.end
            for m in matchers { start = min(start, m.doc) }
            if start == Matcher.end { return }
            var windowEnd = Matcher.end
            for (i, m) in matchers.enumerated() {
                let s = m.shallow(start)
                bounds[i] = s.bound
                if m.doc != Matcher.end { windowEnd = min(windowEnd, s.end) }
            }
            // Insertion sort: a handful of matchers, sorted once per window.
            for i in 1..<max(1, order.count) {
                var j = i
                while j > 0, bounds[order[j - 1]] > bounds[order[j]] {
                    order.swapAt(j - 1, j)
                    j -= 1
                }
            }
            // The longest prefix (weakest bounds) that together cannot beat the threshold.
            var split = 0
            var prefixBound: Float = 0
            if top.isFull {
                while split < order.count, !top.admits(prefixBound + bounds[order[split]]) {
                    prefixBound += bounds[order[split]]
                    split += 1
                }
            }
            essential.removeAll(keepingCapacity: true)
            optional.removeAll(keepingCapacity: true)
            for i in order[split...] { essential.append((matchers[i], bounds[i])) }
            for i in order[..<split].reversed() { optional.append((matchers[i], bounds[i])) }
            if !essential.isEmpty {
                scoreWindow(essential: essential, optional: optional, optionalBound: prefixBound, upTo: windowEnd,
                            accept: accept, key: key, into: &top)
            }
            if windowEnd == Matcher.end { return }
            for m in matchers where m.doc <= windowEnd { _ = m.advance(to: windowEnd + 1) }
        }
    }

    private static func scoreWindow(essential: [(matcher: Matcher, bound: Float)], optional: [(matcher: Matcher, bound: Float)], optionalBound: Float,
                                    upTo windowEnd: UInt32, accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        while true {
            var doc = Matcher.end
            for (m, _) in essential { doc = min(doc, m.doc) }
            if doc > windowEnd || doc == Matcher.end { return }
            // What this document can reach from the essential matchers that hold it, before scoring any.
            var reachable = optionalBound
            for (m, b) in essential where m.doc == doc { reachable += b }
            if top.admits(reachable), accept(doc) {
                var score: Float = 0
                for (m, _) in essential where m.doc == doc { score += m.score() }
                var bound = score + optionalBound
                for (m, b) in optional {
                    if !top.admits(bound) { break }
                    if m.advance(to: doc) == doc {
                        let s = m.score()
                        score += s
                        bound += s - b
                    } else {
                        bound -= b
                    }
                }
                if top.admits(bound) { top.insert(score: score, key: key(doc)) }
            }
            for (m, _) in essential where m.doc == doc { _ = m.advance(to: doc + 1) }
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
