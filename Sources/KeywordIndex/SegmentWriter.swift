import Foundation

/// Writes a segment file from document columns and the terms' postings in byte order (from a
/// builder, or from segments being merged). Block maxima are computed here, with this segment's
/// average field lengths, by the very function that scores (`BM25F`).
struct SegmentWriter {
    let schema: IndexSchema
    let columns: DocumentColumns

    /// Writes the segment to `path` (atomically). `terms` hands the sink every term, in byte
    /// order, with postings whose documents number this segment's `columns`.
    func write(to path: String, terms: (TermSink) throws -> Void) throws {
        let fieldCount = schema.fields.count
        let averages = (0..<fieldCount).map { field in
            columns.count == 0 ? 1 : Float(stride(from: field, to: columns.lengths.count, by: fieldCount)
                .reduce(0.0) { $0 + Double(columns.lengths[$1]) } / Double(columns.count))
        }
        let norms = Self.norms(schema: schema, lengths: columns.lengths, averages: averages)
        let sink = try FileSink(path: path)
        let termSink = TermSink(file: sink, encoder: TermEncoder(fieldCount: fieldCount, k1: schema.k1, norms: norms))
        defer { termSink.encoder.free() }
        try terms(termSink)
        let (termBytes, termOffsets, termInfos) = (termSink.termBytes, termSink.termOffsets, termSink.termInfos)
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

/// Takes a segment's terms in byte order, each as postings to encode or as blocks to fill in
/// (a merge copying its inputs' blocks), and writes their postings and dictionary entries.
final class TermSink {
    private let file: FileSink
    fileprivate(set) var encoder: TermEncoder
    fileprivate private(set) var termBytes: [UInt8] = []
    fileprivate private(set) var termOffsets: [UInt32] = [0]
    fileprivate private(set) var termInfos: [UInt8] = []

    fileprivate init(file: FileSink, encoder: TermEncoder) {
        self.file = file
        self.encoder = encoder
    }

    func add(_ term: ArraySlice<UInt8>, _ postings: PostingsView) throws {
        try add(term) { encoder, _ in encoder.append(postings) }
    }

    /// `fill` appends the term's blocks to the encoder, begun for it; `positions` is false for
    /// a term that keeps none. A term left with no blocks is not written.
    func add(_ term: ArraySlice<UInt8>, fill: (inout TermEncoder, _ positions: Bool) throws -> Void) throws {
        let start = file.offset
        let hasPositions = !Analyzer.isExact(term)
        encoder.begin(positions: hasPositions)
        try fill(&encoder, hasPositions)
        let encoded = encoder.finish()
        guard encoded.documentCount > 0 else { return }
        try file.append(UnsafeRawBufferPointer(encoder.headers.buffer))
        try file.append(UnsafeRawBufferPointer(encoder.body.buffer))
        try file.align()
        termBytes.append(contentsOf: term)
        termOffsets.append(UInt32(termBytes.count))
        withUnsafeBytes(of: UInt64(start).littleEndian) { termInfos.append(contentsOf: $0) }
        for value in [UInt32(encoded.documentCount), UInt32(encoded.blockCount), encoded.maxImpact.bitPattern, hasPositions ? 0 : SegmentFormat.noPositions] {
            withUnsafeBytes(of: value.littleEndian) { termInfos.append(contentsOf: $0) }
        }
    }
}
