/// Top-k over one segment's matchers, skipping what cannot reach the top: blocks whose summed
/// block maxima fall below the k-th best score are never decoded.
enum Execution {
    /// All clauses must match (block-max conjunction): the cheapest clause leads, the others are
    /// advanced to its candidates, and a window of blocks whose bound cannot beat the threshold is
    /// skipped whole. A candidate's score is summed clause by clause and given up as soon as the
    /// rest of the clauses' block bounds cannot lift it over the threshold; a phrase's positions
    /// are checked only then. The clauses are held unretained: they outlive the loop, and
    /// retaining them in every step of it costs more than the rest of the step.
    static func conjunction(_ clauses: [Matcher], accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        let ordered = clauses.sorted { $0.cost < $1.cost }
        let count = ordered.count
        let clause = UnsafeMutableBufferPointer<Unmanaged<Matcher>>.allocate(capacity: count)
        let bounds = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { clause.deallocate(); bounds.deallocate() }
        for (i, matcher) in ordered.enumerated() { clause[i] = .passUnretained(matcher) }
        withExtendedLifetime(ordered) {
            let lead = clause[0]
            var doc = lead._withUnsafeGuaranteedRef { $0.doc }  // (a phrase's is confirmed: see `PhraseMatcher.init`)
            var windowEnd: UInt32 = 0
            var windowBound: Float = .infinity
            var haveWindow = false
            while doc != Matcher.end {
                if top.isFull {
                    if !haveWindow || doc > windowEnd {
                        windowEnd = Matcher.end
                        windowBound = 0
                        for i in 0..<count {
                            let s = clause[i]._withUnsafeGuaranteedRef { $0.shallow(doc) }
                            windowEnd = min(windowEnd, s.end)
                            bounds[i] = s.bound
                            windowBound += s.bound
                        }
                        haveWindow = true
                    }
                    if !top.admits(windowBound) {
                        if windowEnd == Matcher.end { return }
                        doc = lead._withUnsafeGuaranteedRef { $0.advanceApproximately(to: windowEnd + 1) }
                        continue
                    }
                }
                var agreed = true
                for i in 1..<count {
                    let d = clause[i]._withUnsafeGuaranteedRef { $0.advanceApproximately(to: doc) }
                    if d != doc {
                        doc = d == Matcher.end ? d : lead._withUnsafeGuaranteedRef { $0.advanceApproximately(to: d) }
                        agreed = false
                        break
                    }
                }
                guard agreed else { continue }
                if accept(doc) {
                    var score: Float = 0
                    var remaining = top.isFull ? windowBound : .infinity
                    var possible = true
                    for i in 0..<count {
                        score += clause[i]._withUnsafeGuaranteedRef { $0.score() }
                        remaining -= top.isFull ? bounds[i] : 0
                        if !top.admits(score + remaining) { possible = false; break }
                    }
                    // Only now are phrases checked, and only for a document that can enter.
                    for i in 0..<count where possible { possible = clause[i]._withUnsafeGuaranteedRef { $0.confirm() } }
                    if possible { top.insert(score: score, key: key(doc)) }
                }
                doc = lead._withUnsafeGuaranteedRef { $0.advanceApproximately(to: doc + 1) }
            }
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
