/// The postings of one term, for the encoder: document numbers, per-field frequencies
/// (`fieldCount` per document), and positions as a segment stores them (per document, field by
/// field, the first position and then the gaps, each a variable-length integer; none at all for
/// an exact-form term, see `Analyzer`), with where each document's positions end.
struct TermPostings {
    var docs: [UInt32] = []
    var freqs: [UInt16] = []
    var positions: [UInt8] = []
    var positionEnds: [UInt32] = []

    func withView<Result>(_ body: (PostingsView) throws -> Result) rethrows -> Result {
        try docs.withUnsafeBufferPointer { docs in
            try freqs.withUnsafeBufferPointer { freqs in
                try positions.withUnsafeBytes { positions in
                    try positionEnds.withUnsafeBufferPointer { ends in
                        try body(PostingsView(docs: docs, freqs: freqs, positions: positions, positionEnds: ends))
                    }
                }
            }
        }
    }

    /// Appends one document's positions, field by field, encoded.
    mutating func appendPositions(_ fields: [UnsafeBufferPointer<UInt32>]) {
        for positions in fields {
            var previous: UInt32 = 0
            for position in positions {
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: VByte.maxLength) { out in
                    let length = VByte.write(position - previous, to: out.baseAddress!)
                    self.positions.append(contentsOf: out.prefix(length))
                }
                previous = position
            }
        }
        positionEnds.append(UInt32(positions.count))
    }

    /// Forgets the first `count` documents.
    mutating func removeFirst(_ count: Int, fieldCount: Int) {
        let bytes = Int(positionEnds[count - 1])
        docs.removeFirst(count)
        freqs.removeFirst(count * fieldCount)
        positions.removeFirst(bytes)
        positionEnds.removeFirst(count)
        for i in positionEnds.indices { positionEnds[i] -= UInt32(bytes) }
    }
}

/// A term's postings in place, laid out as in `TermPostings`, for the encoder to read: a
/// builder's buffers are encoded where they are (copying them into arrays first showed as a
/// fifteenth of a million-paper ingest's `memmove`). Positions stay bytes from end to end: a
/// block's are copied, not encoded (decoding and encoding them again took a twentieth of a
/// million-paper ingest).
struct PostingsView {
    var docs: UnsafeBufferPointer<UInt32>
    var freqs: UnsafeBufferPointer<UInt16>
    var positions: UnsafeRawBufferPointer
    /// Per document, where its positions end in `positions`.
    var positionEnds: UnsafeBufferPointer<UInt32>
}
