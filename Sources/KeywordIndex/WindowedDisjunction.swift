extension Execution {
    /// Documents per window of the windowed disjunction: its scores and match bits stay in the
    /// first-level cache.
    static let windowSize: UInt32 = 4096

    /// Any matcher may match, scored a window of documents at a time (MaxScore with block maxima,
    /// as Lucene's bulk scorer for disjunctions). In each window, the matchers whose block maxima
    /// together cannot beat the threshold are non-essential; the others add the scores of all
    /// their matches in the window into an array, term at a time, in tight loops over decoded
    /// blocks. A document found so is completed from the non-essential matchers only while its
    /// score plus their bounds can still beat the threshold. A window with no essential matcher
    /// is skipped undecoded. Cheaper than WAND's document-at-a-time pivoting when several common
    /// words of similar weight are needed to reach the threshold.
    static func windowedDisjunction(_ matchers: [Matcher], accept: (UInt32) -> Bool, key: (UInt32) -> Int64, into top: inout TopK) {
        let count = matchers.count
        let all = UnsafeMutableBufferPointer<Unmanaged<Matcher>>.allocate(capacity: count)
        let bounds = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: Int(windowSize))
        let matched = UnsafeMutablePointer<UInt64>.allocate(capacity: Int(windowSize) / 64)
        defer {
            all.deallocate(); bounds.deallocate(); order.deallocate()
            scores.deallocate(); matched.deallocate()
        }
        scores.initialize(repeating: 0, count: Int(windowSize))
        matched.initialize(repeating: 0, count: Int(windowSize) / 64)
        for (i, matcher) in matchers.enumerated() { all[i] = .passUnretained(matcher) }
        withExtendedLifetime(matchers) {
            var first: UInt32 = 0
            while true {
                // The window starts at the first document any matcher can be on from `first` (a
                // matcher left behind, being non-essential, is moved only when it is needed; its
                // blocks tell whether it has any document left).
                var least = Matcher.end
                for i in 0..<count {
                    least = min(least, all[i]._withUnsafeGuaranteedRef { m in
                        m.doc >= first ? m.doc : m.shallow(first).end == Matcher.end ? Matcher.end : first
                    })
                }
                if least == Matcher.end { return }
                first = least
                let last = first &+ (windowSize - 1) < first ? Matcher.end - 1 : first + (windowSize - 1)
                // Matchers by their bound in the window, weakest first; the weakest whose bounds
                // together cannot beat the threshold are non-essential.
                for i in 0..<count {
                    bounds[i] = all[i]._withUnsafeGuaranteedRef { $0.bound(from: first, through: last) }
                    order[i] = i
                    var j = i
                    while j > 0, bounds[order[j - 1]] > bounds[order[j]] {
                        order.swapAt(j - 1, j)
                        j -= 1
                    }
                }
                var essential = 0
                var nonEssentialBound: Float = 0
                while essential < count, !top.admits(nonEssentialBound + bounds[order[essential]]) {
                    nonEssentialBound += bounds[order[essential]]
                    essential += 1
                }
                if essential == count {  // nothing in the window can beat the threshold
                    if last == Matcher.end - 1 { return }
                    first = last + 1
                    continue
                }
                for e in essential..<count {
                    all[order[e]]._withUnsafeGuaranteedRef { m in
                        if m.doc < first { _ = m.advance(to: first) }
                        m.accumulate(from: first, through: last, scores: scores, matched: matched)
                    }
                }
                for word in 0..<(Int(windowSize) / 64) where matched[word] != 0 {
                    var bits = matched[word]
                    matched[word] = 0
                    while bits != 0 {
                        let slot = word * 64 + bits.trailingZeroBitCount
                        bits &= bits - 1
                        var score = scores[slot]
                        scores[slot] = 0
                        var remaining = nonEssentialBound
                        guard top.admits(score + remaining) else { continue }
                        let doc = first + UInt32(slot)
                        // The non-essential matchers, strongest first, while the document can still enter.
                        var n = essential
                        var possible = true
                        while n > 0 {
                            n -= 1
                            let i = order[n]
                            remaining -= bounds[i]
                            score += all[i]._withUnsafeGuaranteedRef { m in
                                m.advance(to: doc) == doc ? m.score() : 0
                            }
                            if !top.admits(score + remaining) { possible = false; break }
                        }
                        if possible, accept(doc) { top.insert(score: score, key: key(doc)) }
                    }
                }
                if last == Matcher.end - 1 { return }
                first = last + 1
            }
        }
    }
}
