/// The postings of one term while a segment is built: document numbers, per-field frequencies
/// (`fieldCount` per document) and positions (per document, field by field, in order; none at
/// all for an exact-form term, see `Analyzer`).
struct TermPostings {
    var docs: [UInt32] = []
    var freqs: [UInt16] = []
    var positions: [UInt32] = []

    func withView<Result>(_ body: (PostingsView) throws -> Result) rethrows -> Result {
        try docs.withUnsafeBufferPointer { docs in
            try freqs.withUnsafeBufferPointer { freqs in
                try positions.withUnsafeBufferPointer { positions in try body(PostingsView(docs: docs, freqs: freqs, positions: positions)) }
            }
        }
    }
}

/// A term's postings in place, laid out as in `TermPostings`, for the encoder to read: a
/// builder's buffers are encoded where they are (copying them into arrays first showed as a
/// fifteenth of a million-paper ingest's `memmove`).
struct PostingsView {
    var docs: UnsafeBufferPointer<UInt32>
    var freqs: UnsafeBufferPointer<UInt16>
    var positions: UnsafeBufferPointer<UInt32>
}

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
final class SegmentBuilder {
    let schema: IndexSchema
    private var surfaces = TermTable()
    private var surfaceTerm = RawBuffer<Int32>()
    /// Per surface form, its exact-form term, or −1 when the word is its own stem.
    private var surfaceExact = RawBuffer<Int32>()
    private var terms = TermTable()
    /// Per term: its postings as they grow, and the last document added to them.
    private var slots = RawBuffer<Slot>()
    private struct Slot: BitwiseCopyable {
        var docs = RawBuffer<UInt32>()
        var freqs = RawBuffer<UInt16>()
        var positions = RawBuffer<UInt32>()
        var lastDoc: Int32 = -1
    }
    private var tags = TermTable(capacity: 256)
    private(set) var columns = DocumentColumns()
    /// Occurrences recorded so far (with a position, or of an exact form without one): what the
    /// builder holds, for deciding when to flush.
    private(set) var positionCount = 0

    init(schema: IndexSchema) { self.schema = schema }

    deinit {
        for id in 0..<slots.count { release(id) }
        slots.free()
        surfaceTerm.free()
        surfaceExact.free()
    }

    private func release(_ id: Int) {
        slots[id].docs.free()
        slots[id].freqs.free()
        slots[id].positions.free()
        slots[id] = Slot()
    }

    var documentCount: Int { columns.count }

    func add(_ document: IndexDocument) {
        let doc = Int32(columns.count)
        let fieldCount = schema.fields.count
        for field in 0..<fieldCount {
            var position: UInt32 = 0
            if field < document.fields.count {
                Analyzer.forEachWord(document.fields[field]) { word in
                    let surface = surfaceID(word)  // first: new terms may move the slots
                    record(term: Int(surfaceTerm[surface]), doc: doc, field: field, position: position)
                    let exact = surfaceExact[surface]
                    if exact >= 0 { record(term: Int(exact), doc: doc, field: field, position: nil) }
                    position &+= 1
                }
            }
            columns.lengths.append(position)
        }
        columns.keys.append(document.key)
        columns.days.append(document.day)
        columns.flags.append(document.flags)
        for tag in Set(document.tags).sorted() {
            var tag = tag
            let id = tag.withUTF8 { tags.intern($0) }
            if id.isNew { columns.tagNames.append(tag) }
            columns.tagIds.append(UInt32(id.id))
        }
        columns.tagStarts.append(UInt32(columns.tagIds.count))
    }

    /// One occurrence of `term`; `position` nil for exact forms, which keep none.
    private func record(term: Int, doc: Int32, field: Int, position: UInt32?) {
        let fieldCount = schema.fields.count
        let slot = slots.base.unsafelyUnwrapped + term
        if slot.pointee.lastDoc != doc {
            slot.pointee.lastDoc = doc
            slot.pointee.docs.append(UInt32(doc))
            for _ in 0..<fieldCount { slot.pointee.freqs.append(0) }
        }
        let at = slot.pointee.freqs.count - fieldCount + field
        if slot.pointee.freqs[at] < UInt16.max {
            slot.pointee.freqs[at] += 1
            if let position { slot.pointee.positions.append(position) }
            positionCount += 1
        }
    }

    /// The number of a surface form, its terms made on first sight.
    private func surfaceID(_ word: UnsafeBufferPointer<UInt8>) -> Int {
        let surface = surfaces.intern(word)
        if !surface.isNew { return surface.id }
        let folded = Array(word)
        surfaceTerm.append(Int32(termID(Analyzer.stem(folded))))
        surfaceExact.append(Analyzer.exactTerm(folded).map { Int32(termID($0)) } ?? -1)
        return surface.id
    }

    private func termID(_ bytes: [UInt8]) -> Int {
        let term = bytes.withUnsafeBufferPointer { terms.intern($0) }
        if term.isNew { slots.append(Slot()) }
        return term.id
    }

    /// The terms in byte order with their postings, handed over one at a time (and released).
    func drainTerms(_ body: (ArraySlice<UInt8>, PostingsView) throws -> Void) rethrows {
        let order = (0..<terms.count).sorted { terms.bytes($0).lexicographicallyPrecedes(terms.bytes($1)) }
        for id in order {
            let slot = slots[id]
            try body(terms.bytes(id), PostingsView(docs: slot.docs.buffer, freqs: slot.freqs.buffer, positions: slot.positions.buffer))
            release(id)
        }
    }
}
