/// The postings of one term in one segment, decoded a block of 128 documents at a time and only
/// when needed: skipping reads block headers alone, frequencies are read one document at a time
/// for the documents that get scored (most blocks have few), positions only for phrases. With a field, only documents holding the term in
/// that field match, and only that field counts.
final class TermMatcher: Matcher {
    let fieldCount: Int
    private let start: UnsafeRawPointer
    private let regionSize: Int
    private let blockCount: Int
    private let hasPositions: Bool
    private let idf: Float
    private let k1: Float
    private let field: Int?
    private let norms: UnsafePointer<Float>
    private let docs = UnsafeMutablePointer<UInt32>.allocate(capacity: SegmentFormat.blockSize)
    /// Per field, where the current block's frequencies start and how many bits each takes.
    private let freqLayout: UnsafeMutablePointer<(offset: Int, bits: Int)>
    /// The current block's frequencies, unpacked field by field (when `frequenciesUnpacked`),
    /// and the fields that hold any: what bulk scoring reads.
    private let blockFreqs: UnsafeMutablePointer<UInt32>
    private let presentFields: UnsafeMutablePointer<Int>
    private var presentCount = 0
    private var frequenciesUnpacked = false
    private var block = -1
    private var shallowBlock = 0
    private var index = 0
    private var count = 0
    /// The positions of the block's `positionsIndex`th document, field by field (`positionStarts`);
    /// the position bytes are read front to back, `positionsNext` being the document whose
    /// positions start at `positionsOffset` (−1: not yet found for this block).
    private var positionBuffer = RawBuffer<UInt32>()
    private let positionStarts: UnsafeMutablePointer<Int>
    private var positionsIndex = -1
    private var positionsNext = -1
    private var positionsOffset = 0
    private var positionsEnd = 0

    init(segment: Segment, info: Segment.TermInfo, idf: Float, field: Int?) {
        fieldCount = segment.fieldCount
        start = segment.base + info.offset
        regionSize = info.end - info.offset
        blockCount = info.blockCount
        hasPositions = info.hasPositions
        self.idf = idf
        k1 = segment.schema.k1
        self.field = field
        norms = UnsafePointer(segment.norms.baseAddress!)
        freqLayout = .allocate(capacity: segment.fieldCount)
        blockFreqs = .allocate(capacity: segment.fieldCount * SegmentFormat.blockSize)
        presentFields = .allocate(capacity: segment.fieldCount)
        positionStarts = .allocate(capacity: segment.fieldCount + 1)
        super.init()
        maxScore = idf * info.maxImpact
        cost = info.documentFrequency
        doc = 0
        load(block: 0)
        settle()
    }

    deinit {
        docs.deallocate()
        freqLayout.deallocate()
        blockFreqs.deallocate()
        presentFields.deallocate()
        positionStarts.deallocate()
        positionBuffer.free()
    }

    @inline(__always) private func header(_ b: Int) -> UnsafeRawPointer { start + b * SegmentFormat.blockHeaderSize }
    @inline(__always) private func lastDoc(_ b: Int) -> UInt32 { header(b).loadUnaligned(as: UInt32.self) }

    private func load(block b: Int) {
        guard b < blockCount else {
            block = blockCount
            doc = Matcher.end
            return
        }
        block = b
        let h = header(b)
        count = Int(h.load(fromByteOffset: 17, as: UInt8.self)) + 1
        let data = Int(h.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let bits = Int(h.load(fromByteOffset: 16, as: UInt8.self))
        let previous = BitPacking.unpackGaps(start + data, count: count, bits: bits, after: b == 0 ? -1 : Int64(lastDoc(b - 1)), into: docs)
        if previous != Int64(lastDoc(b)) {  // a header the data disagrees with: stop here
            damaged = true
            block = blockCount
            doc = Matcher.end
            return
        }
        var offset = data + BitPacking.byteCount(count: count, bits: bits)
        presentCount = 0
        for f in 0..<fieldCount {
            let fieldBits = Int(h.load(fromByteOffset: 20 + f, as: UInt8.self))
            freqLayout[f] = (offset, fieldBits)
            offset += BitPacking.byteCount(count: count, bits: fieldBits)
            if fieldBits > 0 {
                presentFields[presentCount] = f
                presentCount += 1
            }
        }
        index = 0
        doc = docs[0]
        positionsIndex = -1
        positionsNext = -1
        frequenciesUnpacked = false
    }

    /// The frequency in field `f` of the block's `i`th document.
    @inline(__always)
    private func freq(_ f: Int, _ i: Int) -> UInt32 {
        let layout = freqLayout[f]
        return BitPacking.value(at: i, in: start + layout.offset, bits: layout.bits)
    }

    /// With a field, moves on to the first document holding the term in that field.
    @inline(__always)
    private func settle() {
        guard let field else { return }
        while doc != Matcher.end {
            if freq(field, index) > 0 { return }
            step()
        }
    }

    @inline(__always)
    private func step() {
        index += 1
        if index < count { doc = docs[index] } else { load(block: block + 1) }
    }

    override func advance(to target: UInt32) -> UInt32 {
        if target <= doc || doc == Matcher.end { return doc }
        if lastDoc(block) < target {
            var b = block + 1
            while b < blockCount, lastDoc(b) < target { b += 1 }
            load(block: b)
            if doc == Matcher.end { return doc }
        }
        while docs[index] < target { index += 1 }
        doc = docs[index]
        settle()
        return doc
    }

    override func score() -> Float {
        if let field { return idf * BM25F.saturate(Float(freq(field, index)) * norms[Int(doc) * fieldCount + field], k1: k1) }
        return score(at: index, doc: doc)
    }

    /// The score of the block's `i`th document, `doc`, over all fields.
    @inline(__always)
    private func score(at i: Int, doc: UInt32) -> Float {
        let normBase = norms + Int(doc) * fieldCount
        var tf: Float = 0
        for f in 0..<fieldCount { tf += Float(freq(f, i)) * normBase[f] }
        return idf * BM25F.saturate(tf, k1: k1)
    }

    override func bound(from first: UInt32, through last: UInt32) -> Float {
        if doc > last { return 0 }
        var b = max(shallowBlock, block)
        while b < blockCount, lastDoc(b) < first { b += 1 }
        shallowBlock = b
        var highest: Float = 0
        while b < blockCount {
            highest = max(highest, Float(bitPattern: header(b).loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
            if lastDoc(b) >= last { break }
            b += 1
        }
        return idf * highest
    }

    /// Block by block, without a call per document (with a field, the general way).
    override func accumulate(from first: UInt32, through last: UInt32, scores: UnsafeMutablePointer<Float>, matched: UnsafeMutablePointer<UInt64>) {
        guard field == nil else { return super.accumulate(from: first, through: last, scores: scores, matched: matched) }
        while doc <= last {
            if !frequenciesUnpacked {
                for p in 0..<presentCount {
                    let layout = freqLayout[presentFields[p]]
                    BitPacking.unpack(start + layout.offset, count: count, bits: layout.bits, into: blockFreqs + p * SegmentFormat.blockSize)
                }
                frequenciesUnpacked = true
            }
            var i = index
            while i < count {
                let d = docs[i]
                if d > last { break }
                let normBase = norms + Int(d) * fieldCount
                var tf: Float = 0
                for p in 0..<presentCount { tf += Float(blockFreqs[p * SegmentFormat.blockSize + i]) * normBase[presentFields[p]] }
                let slot = Int(d &- first)
                scores[slot] += idf * BM25F.saturate(tf, k1: k1)
                matched[slot >> 6] |= 1 << UInt64(slot & 63)
                i += 1
            }
            if i < count {
                index = i
                doc = docs[i]
                return
            }
            load(block: block + 1)
        }
    }

    override func shallow(_ target: UInt32) -> (end: UInt32, bound: Float) {
        var b = max(shallowBlock, block)
        while b < blockCount, lastDoc(b) < target { b += 1 }
        shallowBlock = b
        guard b < blockCount else { return (Matcher.end, 0) }
        return (lastDoc(b), idf * Float(bitPattern: header(b).loadUnaligned(fromByteOffset: 12, as: UInt32.self)))
    }

    /// How often the term occurs in `field` of the current document.
    func frequency(field f: Int) -> Int { Int(freq(f, index)) }

    /// The positions of the term in `field` of the current document (none for exact forms), valid
    /// until the matcher moves.
    func positions(field f: Int) -> UnsafeBufferPointer<UInt32> {
        guard hasPositions else { return UnsafeBufferPointer(start: nil, count: 0) }
        if positionsIndex != index { decodePositions(of: index) }
        let from = positionStarts[f], to = positionStarts[f + 1]
        return from == to ? UnsafeBufferPointer(start: nil, count: 0) : UnsafeBufferPointer(start: positionBuffer.base.unsafelyUnwrapped + from, count: to - from)
    }

    /// Decodes the positions of the block's `i`th document alone, skipping over those of the
    /// documents between the last one decoded and it (phrases check few documents of a block).
    private func decodePositions(of i: Int) {
        if positionsNext < 0 || positionsNext > i {
            positionsOffset = Int(header(block).loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            positionsEnd = block + 1 < blockCount ? Int(header(block + 1).loadUnaligned(fromByteOffset: 4, as: UInt32.self)) : regionSize
            positionsNext = 0
        }
        var skip = 0
        for j in positionsNext..<i {
            for f in 0..<fieldCount { skip += Int(freq(f, j)) }
        }
        while skip > 0, positionsOffset < positionsEnd {
            if start.load(fromByteOffset: positionsOffset, as: UInt8.self) < 0x80 { skip -= 1 }
            positionsOffset += 1
        }
        positionBuffer.removeAll()
        positionStarts[0] = 0
        var intact = skip == 0
        for f in 0..<fieldCount {
            var last: UInt32 = 0
            for k in 0..<(intact ? Int(freq(f, i)) : 0) {
                guard let value = VByte.read(start, &positionsOffset, end: positionsEnd) else { intact = false; break }
                last = k == 0 ? value : last &+ value
                positionBuffer.append(last)
            }
            positionStarts[f + 1] = positionBuffer.count
        }
        if !intact { damaged = true }
        positionsNext = i + 1
        positionsIndex = i
    }
}
