extension Segment {
    /// Checks the dictionary and every block header against the bounds the readers rely on, so
    /// that a posting cursor can trust them: offsets inside the term's region, bit widths a block
    /// can hold, documents increasing and below the document count.
    /// `passed` hears, every few megabytes, the offset before which the check reads nothing more.
    static func validateTerms(base: UnsafeRawPointer, footer: SegmentFormat.Footer, documentCount: Int, fieldCount: Int,
                              damaged: (String) -> KeywordIndexError, passed: (Int) -> Void) throws {
        let termCount = Int(footer.termCount)
        let blockSize = SegmentFormat.blockSize
        var previousTermOffset: UInt32 = 0
        for i in 0...termCount {
            let offset = base.loadUnaligned(fromByteOffset: Int(footer.termOffsetsStart) + i * 4, as: UInt32.self)
            guard offset >= previousTermOffset, UInt64(offset) <= footer.termBytesLength, i > 0 || offset == 0 else { throw damaged("term dictionary out of order") }
            previousTermOffset = offset
        }
        var previousEnd = 0
        var released = 0
        for t in 0..<termCount {
            let at = Int(footer.termInfosStart) + t * SegmentFormat.termInfoSize
            let offset = base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            let end = t + 1 < termCount ? base.loadUnaligned(fromByteOffset: at + SegmentFormat.termInfoSize, as: UInt64.self) : footer.termBytesStart
            let df = Int(base.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self))
            let blockCount = Int(base.loadUnaligned(fromByteOffset: at + 12, as: UInt32.self))
            let maxImpact = Float(bitPattern: base.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self))
            let flags = base.loadUnaligned(fromByteOffset: at + 20, as: UInt32.self)
            guard offset % 8 == 0, flags & ~SegmentFormat.noPositions == 0, Int(offset) >= previousEnd, offset <= end, end <= footer.termBytesStart,
                  (1...max(1, documentCount)).contains(df), blockCount >= (df + blockSize - 1) / blockSize, blockCount <= df,
                  maxImpact.isFinite, maxImpact >= 0 else { throw damaged("term \(t) has an impossible entry") }
            if Int(offset) - released >= 8 << 20 {
                passed(Int(offset))
                released = Int(offset)
            }
            previousEnd = Int(offset)
            let region = Int(end - offset)
            let headerBytes = blockCount * SegmentFormat.blockHeaderSize
            guard headerBytes <= region else { throw damaged("term \(t)'s blocks run past its postings") }
            var previousLast: Int64 = -1
            var documents = 0
            for b in 0..<blockCount {
                let h = base + Int(offset) + b * SegmentFormat.blockHeaderSize
                let last = Int64(h.loadUnaligned(as: UInt32.self))
                let data = Int(h.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                let positions = Int(h.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
                let impact = Float(bitPattern: h.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
                let docBits = Int(h.load(fromByteOffset: 16, as: UInt8.self))
                let count = Int(h.load(fromByteOffset: 17, as: UInt8.self)) + 1
                var packed = BitPacking.byteCount(count: count, bits: docBits)
                for f in 0..<IndexSchema.maxFields {
                    let bits = Int(h.load(fromByteOffset: 20 + f, as: UInt8.self))
                    guard bits <= 16, f < fieldCount || bits == 0 else { throw damaged("term \(t) has a bad frequency width") }
                    packed += BitPacking.byteCount(count: count, bits: bits)
                }
                let nextData = b + 1 < blockCount
                    ? Int((base + Int(offset) + (b + 1) * SegmentFormat.blockHeaderSize).loadUnaligned(fromByteOffset: 4, as: UInt32.self)) : region
                documents += count
                guard last > previousLast, last < Int64(documentCount), count <= blockSize, documents <= df, docBits <= 32,
                      impact.isFinite, impact >= 0, impact <= maxImpact,
                      data >= headerBytes, data + packed <= positions, positions <= nextData, nextData <= region else {
                    throw damaged("term \(t) block \(b) is inconsistent")
                }
                previousLast = last
            }
            guard documents == df else { throw damaged("term \(t)'s blocks hold \(documents) documents, not \(df)") }
        }
    }
}
