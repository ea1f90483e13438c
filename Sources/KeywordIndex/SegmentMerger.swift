/// Writes one segment holding the live documents of several, in order: the building block of
/// both the final step of a large build and the background merges of a live index. Postings are
/// decoded term by term and encoded again, since the merged segment's average lengths (and so its
/// block maxima) differ from each input's.
struct SegmentMerger {
    let segments: [Segment]
    /// Per segment, the deleted-document bits (nil: none).
    let deleted: [[UInt64]?]

    func write(to path: String) throws {
        guard let schema = segments.first?.schema else { throw KeywordIndexError.io("nothing to merge into \(path)") }
        for segment in segments where segment.schema != schema { throw KeywordIndexError.schemaMismatch(path: segment.path) }
        let fieldCount = schema.fields.count
        var columns = DocumentColumns()
        var remaps: [[Int32]] = []
        var tagNumbers: [String: UInt32] = [:]
        for (s, segment) in segments.enumerated() {
            var remap = [Int32](repeating: -1, count: segment.documentCount)
            let localTags = segment.tagNames.map { name -> UInt32 in
                if let number = tagNumbers[name] { return number }
                let number = UInt32(columns.tagNames.count)
                tagNumbers[name] = number
                columns.tagNames.append(name)
                return number
            }
            for doc in 0..<segment.documentCount where !isDeleted(s, doc) {
                remap[doc] = Int32(columns.count)
                columns.keys.append(segment.key(doc))
                for f in 0..<fieldCount { columns.lengths.append(segment.length(doc, field: f)) }
                columns.days.append(segment.day(doc))
                columns.flags.append(segment.flags(doc))
                columns.tagIds.append(contentsOf: segment.tags(doc).map { localTags[Int($0)] })
                columns.tagStarts.append(UInt32(columns.tagIds.count))
            }
            remaps.append(remap)
            segment.releaseColumnPages()
        }
        // The inputs are read once, term by term in file order: their pages are given back as
        // the merge passes them, a megabyte at a time (a build merges dozens of inputs at once).
        var released = [Int](repeating: 0, count: segments.count)
        var next = [Int](repeating: 0, count: segments.count)
        try SegmentWriter(schema: schema, columns: columns).write(to: path) { emit in
            while true {
                // The smallest term at the head of any segment's dictionary.
                var smallest: ArraySlice<UInt8>?
                for (s, segment) in segments.enumerated() where next[s] < segment.termCount {
                    let term = segment.term(at: next[s])
                    if smallest.map({ term.lexicographicallyPrecedes($0) }) ?? true { smallest = term }
                }
                guard let term = smallest else { return }
                var postings = TermPostings()
                for (s, segment) in segments.enumerated() where next[s] < segment.termCount && segment.term(at: next[s]) == term {
                    let info = segment.info(at: next[s])
                    if info.offset - released[s] >= 1 << 20 {
                        segment.releasePages(before: info.offset)
                        released[s] = info.offset
                    }
                    let matcher = TermMatcher(segment: segment, info: info, idf: 0, field: nil)
                    while matcher.doc != Matcher.end {
                        let target = remaps[s][Int(matcher.doc)]
                        if target >= 0 {
                            postings.docs.append(UInt32(target))
                            for f in 0..<fieldCount {
                                postings.freqs.append(UInt16(matcher.frequency(field: f)))
                                postings.positions.append(contentsOf: matcher.positions(field: f))
                            }
                        }
                        _ = matcher.advance(to: matcher.doc + 1)
                    }
                    if matcher.damaged { throw KeywordIndexError.damaged(path: segment.path, reason: "a postings block does not match its header") }
                    next[s] += 1
                }
                if !postings.docs.isEmpty { try emit(term, postings) }
            }
        }
    }

    private func isDeleted(_ segment: Int, _ doc: Int) -> Bool {
        guard let bits = deleted[segment] else { return false }
        return bits[doc >> 6] & (1 << UInt64(doc & 63)) != 0
    }
}
