import Foundation

/// Writes a segment file from document columns and the terms' postings in byte order (from a
/// builder, or from segments being merged). Block maxima are computed here, with this segment's
/// average field lengths, by the very function that scores (`BM25F`).
struct SegmentWriter {
    let schema: IndexSchema
    let columns: DocumentColumns

    /// Writes the segment to `path` (atomically). `terms` calls its argument once per term, in
    /// byte order, with postings whose documents number this segment's `columns`.
    func write(to path: String, terms: ((ArraySlice<UInt8>, TermPostings) throws -> Void) throws -> Void) throws {
        let fieldCount = schema.fields.count
        let averages = (0..<fieldCount).map { field in
            columns.count == 0 ? 1 : Float(stride(from: field, to: columns.lengths.count, by: fieldCount)
                .reduce(0.0) { $0 + Double(columns.lengths[$1]) } / Double(columns.count))
        }
        let norms = Self.norms(schema: schema, lengths: columns.lengths, averages: averages)
        let sink = try FileSink(path: path)
        var termBytes: [UInt8] = []
        var termOffsets: [UInt32] = [0]
        var termInfos: [UInt8] = []
        var encoder = TermEncoder(fieldCount: fieldCount, k1: schema.k1, norms: norms)
        defer { encoder.free() }
        try terms { term, postings in
            let start = sink.offset
            let hasPositions = !Analyzer.isExact(term)
            let encoded = encoder.encode(postings, positions: hasPositions)
            try sink.append(UnsafeRawBufferPointer(encoder.headers.buffer))
            try sink.append(UnsafeRawBufferPointer(encoder.body.buffer))
            try sink.align()
            termBytes.append(contentsOf: term)
            termOffsets.append(UInt32(termBytes.count))
            for value in [UInt64(start)] { withUnsafeBytes(of: value.littleEndian) { termInfos.append(contentsOf: $0) } }
            for value in [UInt32(postings.docs.count), UInt32(encoded.blockCount), encoded.maxImpact.bitPattern, hasPositions ? 0 : SegmentFormat.noPositions] {
                withUnsafeBytes(of: value.littleEndian) { termInfos.append(contentsOf: $0) }
            }
        }
        var footer = SegmentFormat.Footer()
        footer.fieldCount = UInt32(fieldCount)
        footer.docCount = UInt64(columns.count)
        footer.termCount = UInt64(termOffsets.count - 1)
        footer.termBytesStart = UInt64(sink.offset)
        footer.termBytesLength = UInt64(termBytes.count)
        try sink.append(termBytes)
        try sink.align()
        footer.termOffsetsStart = UInt64(sink.offset)
        try sink.append(array: termOffsets)
        try sink.align()
        footer.termInfosStart = UInt64(sink.offset)
        try sink.append(termInfos)
        footer.columnsStart = UInt64(sink.offset)
        try sink.append(array: columns.keys)
        try sink.append(array: columns.lengths)
        try sink.align()
        try sink.append(array: columns.days)
        try sink.append(array: columns.flags)
        try sink.align()
        try sink.append(array: columns.tagStarts)
        try sink.append(array: columns.tagIds)
        try sink.align()
        footer.tagIdCount = UInt64(columns.tagIds.count)
        footer.tagCount = UInt64(columns.tagNames.count)
        footer.tagNamesStart = UInt64(sink.offset)
        var tagBlob: [UInt8] = []
        var tagOffsets: [UInt32] = [0]
        for name in columns.tagNames {
            tagBlob.append(contentsOf: name.utf8)
            tagOffsets.append(UInt32(tagBlob.count))
        }
        try sink.append(array: tagOffsets)
        try sink.append(tagBlob)
        try sink.align()
        let metadata = try JSONEncoder().encode(SegmentFormat.Metadata(schema: schema, averageLengths: averages))
        footer.metadataStart = UInt64(sink.offset)
        footer.metadataLength = UInt64(metadata.count)
        try sink.append(Array(metadata))
        try sink.align()
        footer.checksum = try sink.checksum()
        try sink.append(footer.encoded())
        try sink.commit()
    }

    /// weight / (1 − b + b · len / avg) per document and field, as scoring uses it.
    static func norms(schema: IndexSchema, lengths: [UInt32], averages: [Float]) -> [Float] {
        let fieldCount = schema.fields.count
        return lengths.enumerated().map { index, length in
            let field = schema.fields[index % fieldCount]
            return BM25F.norm(length: length, average: averages[index % fieldCount], weight: field.weight, b: field.b)
        }
    }
}

/// Encodes one term's postings into blocks of 128 documents: `headers`, then `body`, reused
/// from term to term.
struct TermEncoder {
    let fieldCount: Int
    let k1: Float
    let norms: [Float]
    private var scratch = [UInt32](repeating: 0, count: SegmentFormat.blockSize)
    private(set) var headers = RawBuffer<UInt8>()
    private(set) var body = RawBuffer<UInt8>()

    func free() {
        headers.free()
        body.free()
    }

    init(fieldCount: Int, k1: Float, norms: [Float]) {
        self.fieldCount = fieldCount
        self.k1 = k1
        self.norms = norms
    }

    /// `positions`: false for a term that keeps none (exact forms).
    mutating func encode(_ postings: TermPostings, positions: Bool) -> (blockCount: Int, maxImpact: Float) {
        let blockSize = SegmentFormat.blockSize
        let count = postings.docs.count
        let blockCount = (count + blockSize - 1) / blockSize
        headers.removeAll()
        body.removeAll()
        let headerBytes = blockCount * SegmentFormat.blockHeaderSize
        var maxImpact: Float = 0
        var positionIndex = 0
        var previous: Int64 = -1
        for block in 0..<blockCount {
            let range = (block * blockSize)..<min(count, (block + 1) * blockSize)
            let dataOffset = headerBytes + body.count
            // Document gaps, minus one (documents are strictly increasing).
            for (i, doc) in postings.docs[range].enumerated() {
                scratch[i] = UInt32(Int64(doc) - previous - 1)
                previous = Int64(doc)
            }
            let docBits = BitPacking.width(scratch[0..<range.count].reduce(0, |))
            scratch.withUnsafeBufferPointer { BitPacking.pack(UnsafeBufferPointer(rebasing: $0[0..<range.count]), bits: docBits, into: &body) }
            var freqBits = [UInt8](repeating: 0, count: 4)
            for field in 0..<fieldCount {
                for (i, posting) in range.enumerated() { scratch[i] = UInt32(postings.freqs[posting * fieldCount + field]) }
                let bits = BitPacking.width(scratch[0..<range.count].reduce(0, |))
                freqBits[field] = UInt8(bits)
                scratch.withUnsafeBufferPointer { BitPacking.pack(UnsafeBufferPointer(rebasing: $0[0..<range.count]), bits: bits, into: &body) }
            }
            var impact: Float = 0
            let positionOffset = headerBytes + body.count
            for posting in range {
                let doc = Int(postings.docs[posting])
                var tf: Float = 0
                for field in 0..<fieldCount {
                    let freq = Int(postings.freqs[posting * fieldCount + field])
                    tf += Float(freq) * norms[doc * fieldCount + field]
                    guard positions else { continue }
                    var last: UInt32 = 0
                    for k in 0..<freq {
                        let position = postings.positions[positionIndex + k]
                        VByte.append(k == 0 ? position : position - last, to: &body)
                        last = position
                    }
                    positionIndex += freq
                }
                impact = max(impact, BM25F.saturate(tf, k1: k1))
            }
            maxImpact = max(maxImpact, impact)
            for value in [postings.docs[range.last!], UInt32(dataOffset), UInt32(positionOffset), impact.bitPattern] {
                headers.appendLittleEndian(value)
            }
            for byte in [UInt8(docBits), UInt8(range.count - 1), 0, 0] + freqBits { headers.append(byte) }
        }
        return (blockCount, maxImpact)
    }
}
