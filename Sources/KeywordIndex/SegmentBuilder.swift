/// The per-document columns of a segment: keys, field lengths, and the filter columns.
struct DocumentColumns {
    var keys: [Int64] = []
    /// `fieldCount` lengths (in words) per document.
    var lengths: [UInt32] = []
    var days: [Int32] = []
    var flags: [UInt8] = []
    /// Document d's tags are `tagIds[tagStarts[d]..<tagStarts[d + 1]]`, numbers into `tagNames`.
    var tagStarts: [UInt32] = [0]
    var tagIds: [UInt32] = []
    var tagNames: [String] = []

    var count: Int { keys.count }
}

/// Builds one segment in memory, document by document, then writes it (`SegmentWriter`). Every
/// distinct word is folded and stemmed once: tokens are looked up by their bytes in a table that
/// maps each surface form to its stem's term and its exact-form term (if any, see `Analyzer`).
///
/// A document's occurrences are first gathered per term in small buffers of its own, then each
/// of its terms gets one append to one byte stream: the gap from its previous document, its
/// frequencies field by field, and its positions (per field, the first and then the gaps), each
/// a variable-length integer. Appending each occurrence to three arrays per term (documents,
/// frequencies, positions) missed the cache on every token: a million-paper ingest's profile put
/// a sixth of all CPU on those stores and the 1 MB lookup table. The bytes take about 2.5 times
/// less memory than words, and memory bounds how many papers an ingest indexes per segment.
final class SegmentBuilder {
    let schema: IndexSchema
    private let fieldCount: Int
    private var surfaces = TermTable(capacity: 4096)
    private var surfaceTerm = RawBuffer<Int32>()
    /// Per surface form, its exact-form term, or −1 when the word is its own stem.
    private var surfaceExact = RawBuffer<Int32>()
    private var terms = TermTable(capacity: 4096)
    /// Per term: what a document's occurrences touch of it, together in 32 bytes (kept apart,
    /// they were three cache misses instead of one).
    private var states = RawBuffer<TermState>()
    private struct TermState: BitwiseCopyable {
        /// Its postings so far (see above).
        var stream = RawBuffer<UInt8>()
        /// The document after its last one.
        var nextDocument: UInt32 = 0
        /// Its number among the current document's terms, or −1.
        var inDocument: Int32 = -1
    }
    private var current = DocumentTerms()
    private var tags = TermTable(capacity: 256)
    private(set) var columns = DocumentColumns()
    /// Occurrences recorded so far (with a position, or of an exact form without one): what the
    /// builder holds, for deciding when to flush.
    private(set) var positionCount = 0

    init(schema: IndexSchema) {
        self.schema = schema
        fieldCount = schema.fields.count
    }

    deinit {
        for id in 0..<states.count { states[id].stream.free() }
        states.free()
        surfaceTerm.free()
        surfaceExact.free()
        current.free()
    }

    var documentCount: Int { columns.count }

    func add(_ document: IndexDocument) {
        for field in 0..<fieldCount {
            var position: UInt32 = 0
            if field < document.fields.count {
                Analyzer.forEachWord(document.fields[field]) { word in
                    let surface = surfaceID(word)
                    note(term: Int(surfaceTerm[surface]), field: field, position: position)
                    let exact = surfaceExact[surface]
                    if exact >= 0 { note(term: Int(exact), field: field, position: nil) }
                    position &+= 1
                }
            }
            columns.lengths.append(position)
        }
        appendPostings(doc: UInt32(columns.count))
        columns.keys.append(document.key)
        columns.days.append(document.day)
        columns.flags.append(document.flags)
        var previous: String?
        for tag in document.tags.sorted() where tag != previous {  // sorted, each once: no Set per document
            previous = tag
            var tag = tag
            let id = tag.withUTF8 { tags.intern($0) }
            if id.isNew { columns.tagNames.append(tag) }
            columns.tagIds.append(UInt32(id.id))
        }
        columns.tagStarts.append(UInt32(columns.tagIds.count))
    }

    /// One occurrence of `term` in the current document; `position` nil for exact forms, which keep none.
    @inline(__always)
    private func note(term: Int, field: Int, position: UInt32?) {
        let state = states.base.unsafelyUnwrapped + term
        var local = Int(state.pointee.inDocument)
        if local < 0 {
            local = current.terms.count
            state.pointee.inDocument = Int32(local)
            current.add(term: Int32(term), fieldCount: fieldCount)
        }
        let at = local * fieldCount + field
        guard current.frequencies[at] < UInt16.max else { return }
        current.frequencies[at] += 1
        positionCount += 1
        if let position {
            current.occurrences.append(UInt64(local) << 32 | UInt64(position))
            current.positionCounts[local] += 1
        }
    }

    /// How many terms ahead `appendPostings` prefetches.
    private static let prefetchDistance = 8

    /// Appends the current document's postings to its terms' streams, and forgets the document.
    private func appendPostings(doc: UInt32) {
        let sorted = current.positionsByTerm()
        var start = 0
        let termCount = current.terms.count
        for local in 0..<termCount {
            // Each term's stream ends somewhere else in memory, most often out of the cache: the
            // first byte written there took about half of this function's time. Asking for the
            // stream ends a few terms ahead lets those loads overlap.
            if local + Self.prefetchDistance < termCount {
                states[Int(current.terms[local + Self.prefetchDistance])].stream.prefetchTail()
            }
            let term = Int(current.terms[local])
            let end = Int(current.positionCounts[local])
            let state = states.base.unsafelyUnwrapped + term
            let out = state.pointee.stream.tail(room: VByte.maxLength * (1 + fieldCount + end - start))
            var written = VByte.write(doc - state.pointee.nextDocument, to: out)
            state.pointee.nextDocument = doc + 1
            let frequencies = current.frequencies.base.unsafelyUnwrapped + local * fieldCount
            var position = start
            for field in 0..<fieldCount { written += VByte.write(UInt32(frequencies[field]), to: out + written) }
            for field in 0..<fieldCount where end > start {  // exact forms keep no positions
                var previous: UInt32 = 0
                for _ in 0..<Int(frequencies[field]) {
                    written += VByte.write(sorted[position] - previous, to: out + written)
                    previous = sorted[position]
                    position += 1
                }
            }
            state.pointee.stream.extend(by: written)
            state.pointee.inDocument = -1
            start = end
        }
        current.removeAll()
    }

    /// The number of a surface form, its terms made on first sight.
    private func surfaceID(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        let surface = surfaces.intern(word)
        if !surface.isNew { return surface.id }
        let folded = Array(word)
        let stem = Analyzer.stem(folded)  // once: `Analyzer.exactTerm` would stem the word again
        surfaceTerm.append(Int32(termID(stem)))
        surfaceExact.append(stem == folded ? -1 : Int32(termID(Analyzer.exactTerm(unstemmed: folded))))
        return surface.id
    }

    private func termID(_ bytes: [UInt8]) -> Int {
        let term = bytes.withUnsafeBufferPointer { terms.intern($0) }
        if term.isNew {
            states.append(TermState())
        }
        return term.id
    }

    /// The terms in byte order with their postings, handed over one at a time (and released).
    func drainTerms(_ body: (ArraySlice<UInt8>, PostingsView) throws -> Void) rethrows {
        let order = (0..<terms.count).sorted { terms.bytes($0).lexicographicallyPrecedes(terms.bytes($1)) }
        var postings = PostingsColumns()
        defer { postings.free() }
        for id in order {
            let bytes = terms.bytes(id)
            postings.unpack(states[id].stream.buffer, fieldCount: fieldCount, positions: !Analyzer.isExact(bytes))
            try body(bytes, postings.view)
            states[id].stream.free()
            states[id] = TermState()
        }
    }
}

/// The current document's terms while it is being added to a builder.
private struct DocumentTerms {
    /// Its terms, in order of first occurrence.
    var terms = RawBuffer<Int32>()
    /// Per term, its frequency in each field.
    var frequencies = RawBuffer<UInt16>()
    /// Per term, how many positions it has; then, in `positionsByTerm`, where they end.
    var positionCounts = RawBuffer<Int32>()
    /// Per occurrence with a position: the term's number here (high 32 bits) and the position.
    var occurrences = RawBuffer<UInt64>()
    private var sorted = RawBuffer<UInt32>()

    mutating func add(term: Int32, fieldCount: Int) {
        terms.append(term)
        for _ in 0..<fieldCount { frequencies.append(0) }
        positionCounts.append(0)
    }

    /// The positions grouped by term (in order within each): term i's end at
    /// `positionCounts[i]`, its start at the previous term's end. Fields come in order and each
    /// field's positions too, so a stable grouping keeps them field by field, as postings store them.
    mutating func positionsByTerm() -> UnsafeMutablePointer<UInt32> {
        var total: Int32 = 0
        for i in 0..<terms.count {
            let count = positionCounts[i]
            positionCounts[i] = total
            total += count
        }
        sorted.removeAll()
        let out = sorted.extend(by: occurrences.count)
        for k in 0..<occurrences.count {
            let occurrence = occurrences[k]
            let term = Int(occurrence >> 32)
            out[Int(positionCounts[term])] = UInt32(truncatingIfNeeded: occurrence)
            positionCounts[term] += 1
        }
        return out
    }

    mutating func removeAll() {
        terms.removeAll()
        frequencies.removeAll()
        positionCounts.removeAll()
        occurrences.removeAll()
    }

    func free() {
        terms.free()
        frequencies.free()
        positionCounts.free()
        occurrences.free()
        sorted.free()
    }
}

/// One term's postings unpacked from its stream into the columns the encoder reads, reused
/// from term to term.
private struct PostingsColumns {
    var docs = RawBuffer<UInt32>()
    var freqs = RawBuffer<UInt16>()
    var positions = RawBuffer<UInt8>()
    var positionEnds = RawBuffer<UInt32>()

    var view: PostingsView {
        PostingsView(docs: docs.buffer, freqs: freqs.buffer, positions: UnsafeRawBufferPointer(positions.buffer), positionEnds: positionEnds.buffer)
    }

    /// The stream's position bytes are what a segment stores: they are copied as they are.
    mutating func unpack(_ stream: UnsafeBufferPointer<UInt8>, fieldCount: Int, positions hasPositions: Bool) {
        docs.removeAll()
        freqs.removeAll()
        positions.removeAll()
        positionEnds.removeAll()
        guard let bytes = stream.baseAddress else { return }
        var offset = 0
        var doc: UInt32 = 0
        while offset < stream.count {
            doc += VByte.read(bytes, &offset)
            docs.append(doc)
            doc += 1
            var total = 0
            for _ in 0..<fieldCount {
                let frequency = VByte.read(bytes, &offset)
                freqs.append(UInt16(truncatingIfNeeded: frequency))
                total += Int(frequency)
            }
            if hasPositions {  // an exact form's frequencies count occurrences without positions
                let rest = UnsafeRawBufferPointer(start: bytes + offset, count: stream.count - offset)
                let length = VByte.length(of: total, in: rest)!  // this builder wrote them all
                positions.append(UnsafeRawBufferPointer(rebasing: rest.prefix(length)))
                offset += length
            }
            positionEnds.append(UInt32(positions.count))
        }
    }

    func free() {
        docs.free()
        freqs.free()
        positions.free()
        positionEnds.free()
    }
}
