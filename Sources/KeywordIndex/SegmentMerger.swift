import Foundation

/// Writes one segment holding the live documents of several, in order: the building block of
/// both the final step of a large build and the background merges of a live index.
///
/// Without deleted documents, each input's documents keep their order and move up by the number
/// before them, so its postings blocks are copied: frequencies and positions as bytes, with only
/// the block maxima computed anew (the merged segment's average lengths differ from each input's).
/// Short blocks (where an input's postings of a term end) are decoded and joined into full ones.
/// Decoding and encoding every position had made merges as costly as building the index.
/// With deletions, postings are decoded term by term and encoded again.
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
        let offsets = copyOffsets()
        try SegmentWriter(schema: schema, columns: columns).write(to: path) { sink in
            while true {
                // The smallest term at the head of any segment's dictionary, and the segments that hold it.
                var smallest: UnsafeRawBufferPointer?
                var holders: [Int] = []
                for (s, segment) in segments.enumerated() where next[s] < segment.termCount {
                    let term = segment.termBytes(at: next[s])
                    let order = smallest.map { Self.compare(term, $0) } ?? -1
                    if order < 0 { (smallest, holders) = (term, [s]) } else if order == 0 { holders.append(s) }
                }
                guard let smallest else { return }
                let term = ArraySlice(smallest)
                let infos = holders.map { segments[$0].info(at: next[$0]) }
                for (s, info) in zip(holders, infos) where info.offset - released[s] >= 1 << 20 {
                    segments[s].releasePages(before: info.offset)
                    released[s] = info.offset
                }
                if let offsets {
                    let inputs = zip(holders, infos).map { (segments[$0], $1, offsets[$0]) }
                    try sink.add(term) { encoder, positions in try copy(inputs, into: &encoder, positions: positions) }
                } else {
                    try decode(Array(zip(holders, infos)), remaps: remaps, fieldCount: fieldCount).withView { try sink.add(term, $0) }
                }
                for s in holders { next[s] += 1 }
            }
        }
    }

    /// Per segment, the number its documents move up by in the merged one, when no document is
    /// deleted (nil otherwise: numbers then close up over the gaps).
    private func copyOffsets() -> [UInt32]? {
        guard deleted.allSatisfy({ $0?.allSatisfy { $0 == 0 } ?? true }) else { return nil }
        var offsets: [UInt32] = []
        var total: UInt32 = 0
        for segment in segments {
            offsets.append(total)
            total += UInt32(segment.documentCount)
        }
        return offsets
    }

    /// One term's postings from several segments, in order, by copying their blocks (see above).
    private func copy(_ inputs: [(segment: Segment, info: Segment.TermInfo, offset: UInt32)], into encoder: inout TermEncoder, positions: Bool) throws {
        var pending = TermPostings()
        let fieldCount = encoder.fieldCount
        func encodePending(upTo count: Int) {
            pending.withView { encoder.append($0, range: 0..<count) }
            pending.removeFirst(count, fieldCount: fieldCount)
        }
        for (segment, info, offset) in inputs {
            for b in 0..<info.blockCount {
                let block = segment.storedBlock(b, of: info)
                let intact: Bool
                if block.count == SegmentFormat.blockSize {
                    if !pending.docs.isEmpty { encodePending(upTo: pending.docs.count) }
                    intact = encoder.appendCopy(of: block, offset: offset)
                } else {
                    intact = block.decode(into: &pending, offset: offset, fieldCount: fieldCount, positions: positions)
                    if pending.docs.count >= SegmentFormat.blockSize { encodePending(upTo: SegmentFormat.blockSize) }
                }
                if !intact { throw KeywordIndexError.damaged(path: segment.path, reason: "a postings block does not match its header") }
            }
        }
        if !pending.docs.isEmpty { encodePending(upTo: pending.docs.count) }
    }

    /// One term's postings from several segments, decoded and numbered by `remaps`.
    private func decode(_ inputs: [(s: Int, info: Segment.TermInfo)], remaps: [[Int32]], fieldCount: Int) throws -> TermPostings {
        var postings = TermPostings()
        for (s, info) in inputs {
            let matcher = TermMatcher(segment: segments[s], info: info, idf: 0, field: nil)
            while matcher.doc != Matcher.end {
                let target = remaps[s][Int(matcher.doc)]
                if target >= 0 {
                    postings.docs.append(UInt32(target))
                    for f in 0..<fieldCount { postings.freqs.append(UInt16(matcher.frequency(field: f))) }
                    postings.appendPositions((0..<fieldCount).map { matcher.positions(field: $0) })
                }
                _ = matcher.advance(to: matcher.doc + 1)
            }
            if matcher.damaged { throw KeywordIndexError.damaged(path: segments[s].path, reason: "a postings block does not match its header") }
        }
        return postings
    }

    /// Byte order of two terms: negative, zero or positive.
    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    private func isDeleted(_ segment: Int, _ doc: Int) -> Bool {
        guard let bits = deleted[segment] else { return false }
        return bits[doc >> 6] & (1 << UInt64(doc & 63)) != 0
    }
}
