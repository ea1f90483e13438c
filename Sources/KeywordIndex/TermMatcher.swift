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
    private var block = -1
    private var shallowBlock = 0
    private var index = 0
    private var count = 0
    private var positionsDecoded = false
    private var blockPositions: [UInt32] = []
    private var positionStarts: [Int] = []

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
        BitPacking.unpack(start + data, count: count, bits: bits, into: docs)
        var previous: Int64 = b == 0 ? -1 : Int64(lastDoc(b - 1))
        for i in 0..<count {
            previous += Int64(docs[i]) + 1
            docs[i] = UInt32(truncatingIfNeeded: previous)
        }
        if previous != Int64(lastDoc(b)) {  // a header the data disagrees with: stop here
            damaged = true
            block = blockCount
            doc = Matcher.end
            return
        }
        var offset = data + BitPacking.byteCount(count: count, bits: bits)
        for f in 0..<fieldCount {
            let fieldBits = Int(h.load(fromByteOffset: 20 + f, as: UInt8.self))
            freqLayout[f] = (offset, fieldBits)
            offset += BitPacking.byteCount(count: count, bits: fieldBits)
        }
        index = 0
        doc = docs[0]
        positionsDecoded = false
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
        let normBase = norms + Int(doc) * fieldCount
        var tf: Float = 0
        if let field {
            tf = Float(freq(field, index)) * normBase[field]
        } else {
            for f in 0..<fieldCount { tf += Float(freq(f, index)) * normBase[f] }
        }
        return idf * BM25F.saturate(tf, k1: k1)
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

    /// The positions of the term in `field` of the current document (none for exact forms).
    func positions(field f: Int) -> ArraySlice<UInt32> {
        guard hasPositions else { return [] }
        if !positionsDecoded { decodePositions() }
        let slot = index * fieldCount + f
        return blockPositions[positionStarts[slot]..<positionStarts[slot + 1]]
    }

    private func decodePositions() {
        let h = header(block)
        var offset = Int(h.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let end = block + 1 < blockCount ? Int(header(block + 1).loadUnaligned(fromByteOffset: 4, as: UInt32.self)) : regionSize
        blockPositions.removeAll(keepingCapacity: true)
        positionStarts = [0]
        for i in 0..<count {
            for f in 0..<fieldCount {
                var last: UInt32 = 0
                for k in 0..<Int(freq(f, i)) {
                    guard let value = VByte.read(start, &offset, end: end) else { damaged = true; break }
                    last = k == 0 ? value : last &+ value
                    blockPositions.append(last)
                }
                positionStarts.append(blockPositions.count)
            }
        }
        positionsDecoded = true
    }
}
