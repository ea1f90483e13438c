import CMemoryHints

/// Encodes one term's postings as blocks of at most 128 documents: `headers`, then `body`, both
/// reused from term to term. A block is either encoded from postings (`append(_:range:)`) or
/// copied from another segment's block with its documents renumbered (`appendCopy`), which is
/// how a merge avoids decoding and re-encoding positions. Blocks usually hold 128 documents;
/// merged segments also hold shorter ones where an input's postings ended.
struct TermEncoder {
    let fieldCount: Int
    let k1: Float
    /// weight / (1 − b + b · len / avg) per document and field of the segment being written.
    let norms: [Float]
    /// The current block's documents, and its document gaps or (field by field) frequencies.
    private var documents = RawBuffer<UInt32>()
    private var values = RawBuffer<UInt32>()
    /// The current block's pseudo-frequencies (see `blockImpact`).
    private var pseudoFrequencies = RawBuffer<Float>()
    private(set) var headers = RawBuffer<UInt8>()
    private(set) var body = RawBuffer<UInt8>()
    private var positions = true
    private var previous: Int64 = -1
    private var documentBits = 0
    private var blockCount = 0
    private var documentCount = 0
    private var maxImpact: Float = 0

    init(fieldCount: Int, k1: Float, norms: [Float]) {
        self.fieldCount = fieldCount
        self.k1 = k1
        self.norms = norms
        documents.grow(SegmentFormat.blockSize)
        values.grow(SegmentFormat.blockSize * IndexSchema.maxFields)
        pseudoFrequencies.grow(SegmentFormat.blockSize)
    }

    func free() {
        documents.free()
        values.free()
        pseudoFrequencies.free()
        headers.free()
        body.free()
    }

    /// Starts a term; `positions` false for one that keeps none (exact forms).
    mutating func begin(positions: Bool) {
        headers.removeAll()
        body.removeAll()
        self.positions = positions
        previous = -1
        blockCount = 0
        documentCount = 0
        maxImpact = 0
    }

    /// Ends the term: the blocks' offsets, written relative to the body, become relative to the
    /// term's start (its headers come first).
    mutating func finish() -> EncodedTerm {
        let headerBytes = UInt32(blockCount * SegmentFormat.blockHeaderSize)
        if let base = headers.base {
            let raw = UnsafeMutableRawPointer(base)
            for block in 0..<blockCount {
                for at in [4, 8].map({ block * SegmentFormat.blockHeaderSize + $0 }) {
                    let offset = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) + headerBytes
                    raw.storeBytes(of: offset.littleEndian, toByteOffset: at, as: UInt32.self)
                }
            }
        }
        return EncodedTerm(documentCount: documentCount, blockCount: blockCount, maxImpact: maxImpact)
    }

    /// Appends a term's postings, in blocks of 128 documents.
    mutating func append(_ postings: PostingsView) {
        for start in stride(from: 0, to: postings.docs.count, by: SegmentFormat.blockSize) {
            append(postings, range: start..<min(postings.docs.count, start + SegmentFormat.blockSize))
        }
    }

    /// One block of `postings[range]` (at most 128 documents); their positions are copied.
    mutating func append(_ postings: PostingsView, range: Range<Int>) {
        let dataOffset = body.count
        for (i, posting) in range.enumerated() { documents[i] = postings.docs[posting] }
        packDocuments(count: range.count)
        var frequencyBits: UInt32 = 0
        for field in 0..<fieldCount {
            for (i, posting) in range.enumerated() { values[field * SegmentFormat.blockSize + i] = UInt32(postings.freqs[posting * fieldCount + field]) }
            frequencyBits |= packFrequencies(field: field, count: range.count) << (8 * field)
        }
        let positionOffset = body.count
        if positions {
            let start = range.lowerBound == 0 ? 0 : Int(postings.positionEnds[range.lowerBound - 1])
            body.append(UnsafeRawBufferPointer(rebasing: postings.positions[start..<Int(postings.positionEnds[range.upperBound - 1])]))
        }
        appendHeader(count: range.count, dataOffset: dataOffset, positionOffset: positionOffset, frequencyBits: frequencyBits)
    }

    /// Another segment's block, its documents moved up by `offset`: frequencies and positions are
    /// copied as bytes; documents are packed anew only when their gap from the previous block
    /// changed. Returns false, appending nothing, when the block's documents disagree with its header.
    mutating func appendCopy(of block: StoredBlock, offset: UInt32) -> Bool {
        let count = block.count
        guard block.unpackDocuments(movedUpBy: offset, into: documents.base.unsafelyUnwrapped) else { return false }
        let dataOffset = body.count
        if previous == block.previousDocument + Int64(offset) {
            body.append(UnsafeRawBufferPointer(start: block.documentData, count: BitPacking.byteCount(count: count, bits: block.documentBits)))
            documentBits = block.documentBits
            previous = Int64(documents[count - 1])
        } else {
            packDocuments(count: count)
        }
        let (frequencyBytes, positionCount) = block.unpackFrequencies(fieldCount: fieldCount, into: values.base.unsafelyUnwrapped)
        body.append(UnsafeRawBufferPointer(start: block.frequencyData, count: frequencyBytes))
        let positionOffset = body.count
        if positions {
            // The stored region may end in the term's alignment padding: copy the positions alone.
            guard let length = VByte.length(of: positionCount, in: block.positionData) else { return false }
            body.append(UnsafeRawBufferPointer(rebasing: block.positionData.prefix(length)))
        }
        appendHeader(count: count, dataOffset: dataOffset, positionOffset: positionOffset, frequencyBits: block.frequencyBits)
        return true
    }

    /// Packs `documents[0..<count]` as gaps from the previous document.
    private mutating func packDocuments(count: Int) {
        var gaps: UInt32 = 0
        var before = previous
        for i in 0..<count {
            let gap = UInt32(Int64(documents[i]) - before - 1)
            gaps |= gap
            values[i] = gap  // `values` is free until the frequencies are gathered
            before = Int64(documents[i])
        }
        documentBits = BitPacking.width(gaps)
        BitPacking.pack(UnsafeBufferPointer(start: values.base, count: count), bits: documentBits, into: &body)
        previous = before
    }

    /// Packs one field's frequencies (`values[field * 128…]`), returning their bit width.
    private mutating func packFrequencies(field: Int, count: Int) -> UInt32 {
        let start = values.base.unsafelyUnwrapped + field * SegmentFormat.blockSize
        let bits = BitPacking.width((0..<count).reduce(0) { $0 | start[$1] })
        BitPacking.pack(UnsafeBufferPointer(start: start, count: count), bits: bits, into: &body)
        return UInt32(bits)
    }

    /// The block's header. Its impact comes from the frequencies in `values` and the documents in
    /// `documents`, by the function that scores (`BM25F`), with this segment's norms.
    private mutating func appendHeader(count: Int, dataOffset: Int, positionOffset: Int, frequencyBits: UInt32) {
        let impact = blockImpact(count: count)
        maxImpact = max(maxImpact, impact)
        headers.appendLittleEndian(documents[count - 1])
        headers.appendLittleEndian(UInt32(dataOffset))
        headers.appendLittleEndian(UInt32(positionOffset))
        headers.appendLittleEndian(impact.bitPattern)
        headers.appendLittleEndian(UInt32(documentBits) | UInt32(count - 1) << 8)
        headers.appendLittleEndian(frequencyBits)
        blockCount += 1
        documentCount += count
    }
}

extension TermEncoder {
    /// The highest saturated pseudo-frequency of the block's documents: the pseudo-frequencies
    /// first, then saturated eight at a time, lane by lane exactly as `BM25F.saturate` does, so
    /// the divisions no longer wait for one another. Reading the norms of scattered documents
    /// missed the cache (in merges above all): they are prefetched eight documents ahead.
    private func blockImpact(count: Int) -> Float {
        let documents = documents.base.unsafelyUnwrapped, values = values.base.unsafelyUnwrapped
        let pseudoFrequencies = pseudoFrequencies.base.unsafelyUnwrapped
        norms.withUnsafeBufferPointer { norms in
            for i in 0..<count {
                // The norms of documents a few ahead, asked for now: they lie far apart.
                if i + 8 < count { prefetch_for_read(norms.baseAddress.unsafelyUnwrapped + Int(documents[i + 8]) * fieldCount) }
                let norm = Int(documents[i]) * fieldCount
                var tf: Float = 0
                for field in 0..<fieldCount { tf += Float(values[field * SegmentFormat.blockSize + i]) * norms[norm + field] }
                pseudoFrequencies[i] = tf
            }
        }
        var highest = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            let tf = UnsafeRawPointer(pseudoFrequencies + i).loadUnaligned(as: SIMD8<Float>.self)
            let saturated = tf * (k1 + 1) / (k1 + tf)
            highest.replace(with: saturated, where: saturated .> highest)  // `pointwiseMax` stayed a call per step
            i += 8
        }
        var impact = highest.max()
        for rest in i..<count { impact = max(impact, BM25F.saturate(pseudoFrequencies[rest], k1: k1)) }
        return impact
    }
}

/// What the dictionary records of an encoded term.
struct EncodedTerm {
    var documentCount: Int
    var blockCount: Int
    var maxImpact: Float
}

/// A block of postings as a segment stores it (see `SegmentFormat`), for copying into another.
struct StoredBlock {
    var count: Int
    var lastDocument: UInt32
    /// The document before the block in its segment's postings (−1 for the first block).
    var previousDocument: Int64
    var documentBits: Int
    var documentData: UnsafeRawPointer
    /// Per field, a byte: the bit width of its frequencies.
    var frequencyBits: UInt32
    var frequencyData: UnsafeRawPointer
    /// From the block's first position byte to the next block (or the term's padded end).
    var positionData: UnsafeRawBufferPointer
}

extension Segment {
    /// Block `b` of a term's postings.
    func storedBlock(_ b: Int, of info: TermInfo) -> StoredBlock {
        let start = base + info.offset
        let header = start + b * SegmentFormat.blockHeaderSize
        let count = Int(header.load(fromByteOffset: 17, as: UInt8.self)) + 1
        let documentBits = Int(header.load(fromByteOffset: 16, as: UInt8.self))
        let data = Int(header.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let positions = Int(header.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        let end = b + 1 < info.blockCount
            ? Int((header + SegmentFormat.blockHeaderSize).loadUnaligned(fromByteOffset: 4, as: UInt32.self)) : info.end - info.offset
        return StoredBlock(count: count, lastDocument: header.loadUnaligned(as: UInt32.self),
                           previousDocument: b == 0 ? -1 : Int64((header - SegmentFormat.blockHeaderSize).loadUnaligned(as: UInt32.self)),
                           documentBits: documentBits, documentData: start + data,
                           frequencyBits: UInt32(littleEndian: header.loadUnaligned(fromByteOffset: 20, as: UInt32.self)),
                           frequencyData: start + data + BitPacking.byteCount(count: count, bits: documentBits),
                           positionData: UnsafeRawBufferPointer(start: start + positions, count: end - positions))
    }
}

extension StoredBlock {
    /// Writes the block's documents, moved up by `offset`, to `out` (room for `count`); false
    /// when they disagree with the header's last document.
    func unpackDocuments(movedUpBy offset: UInt32, into out: UnsafeMutablePointer<UInt32>) -> Bool {
        let last = BitPacking.unpackGaps(documentData, count: count, bits: documentBits, after: previousDocument, into: out)
        for i in 0..<count { out[i] += offset }
        return last == Int64(lastDocument)
    }

    /// Writes the block's frequencies field by field to `out`, field f from `out + f * 128`;
    /// returns the bytes they take in the block and their sum (how many positions it holds).
    func unpackFrequencies(fieldCount: Int, into out: UnsafeMutablePointer<UInt32>) -> (bytes: Int, total: Int) {
        var bytes = 0
        var total = 0
        for field in 0..<fieldCount {
            let bits = Int(frequencyBits >> (8 * field) & 0xFF)
            let unpacked = out + field * SegmentFormat.blockSize
            BitPacking.unpack(frequencyData + bytes, count: count, bits: bits, into: unpacked)
            bytes += BitPacking.byteCount(count: count, bits: bits)
            for i in 0..<count { total += Int(unpacked[i]) }
        }
        return (bytes, total)
    }

    /// Appends the block's postings, documents moved up by `offset`, to `postings`; false when
    /// its documents or positions disagree with its header and frequencies.
    func decode(into postings: inout TermPostings, offset: UInt32, fieldCount: Int, positions: Bool) -> Bool {
        let start = postings.docs.count
        postings.docs.append(contentsOf: repeatElement(0, count: count))
        guard postings.docs.withUnsafeMutableBufferPointer({ unpackDocuments(movedUpBy: offset, into: $0.baseAddress! + start) }) else { return false }
        var frequencies = [UInt32](repeating: 0, count: SegmentFormat.blockSize * fieldCount)
        _ = frequencies.withUnsafeMutableBufferPointer { unpackFrequencies(fieldCount: fieldCount, into: $0.baseAddress!) }
        var offsetInPositions = 0
        for i in 0..<count {
            var total = 0
            for field in 0..<fieldCount {
                let frequency = frequencies[field * SegmentFormat.blockSize + i]
                postings.freqs.append(UInt16(truncatingIfNeeded: frequency))
                total += Int(frequency)
            }
            if positions {
                let rest = UnsafeRawBufferPointer(rebasing: positionData[offsetInPositions...])
                guard let length = VByte.length(of: total, in: rest) else { return false }
                postings.positions.append(contentsOf: rest.prefix(length))
                offsetInPositions += length
            }
            postings.positionEnds.append(UInt32(postings.positions.count))
        }
        return true
    }
}
