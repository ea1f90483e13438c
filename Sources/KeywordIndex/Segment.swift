import Foundation

/// One immutable segment file, memory-mapped and checked: the footer, a CRC of the whole file,
/// every section's bounds, every term's block headers and every column value used as an index.
/// After `init` succeeds, reading can go out of bounds nowhere; a file that fails a check is an
/// error naming it, never a crash.
public final class Segment: @unchecked Sendable {
    public let path: String
    public let documentCount: Int
    let fieldCount: Int
    let metadata: SegmentFormat.Metadata
    let termCount: Int
    /// weight / (1 − b + b · len / avg) per document and field, in memory (scoring reads it for
    /// every candidate).
    let norms: UnsafeMutableBufferPointer<Float>
    let base: UnsafeRawPointer
    private let size: Int
    private let footer: SegmentFormat.Footer
    private let keysOffset: Int, lengthsOffset: Int, daysOffset: Int, flagsOffset: Int, tagStartsOffset: Int, tagIdsOffset: Int
    let tagNames: [String]

    /// Maps and checks the segment file at `path`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw KeywordIndexError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw KeywordIndexError.io("cannot read \(path)") }
        let size = Int(status.st_size)
        func damaged(_ reason: String) -> KeywordIndexError { .damaged(path: path, reason: reason) }
        guard size >= SegmentFormat.footerSize else { throw damaged("too short (\(size) bytes)") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw KeywordIndexError.io("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        let base = UnsafeRawPointer(mapped)
        var ok = false
        defer { if !ok { munmap(mapped, size) } }
        let body = size - SegmentFormat.footerSize
        guard let footer = SegmentFormat.Footer(UnsafeRawBufferPointer(start: base + body, count: SegmentFormat.footerSize)) else {
            throw damaged("no segment footer (truncated, or not a segment)")
        }
        guard Self.checksum(base: base, count: body) == footer.checksum else {
            throw damaged("checksum mismatch (damaged or truncated)")
        }
        let n = Int(clamping: footer.docCount), terms = Int(clamping: footer.termCount), fields = Int(footer.fieldCount)
        guard (1...IndexSchema.maxFields).contains(fields), n < Int(UInt32.max), terms < Int(UInt32.max),
              footer.tagCount < UInt64(UInt32.max), footer.tagIdCount < UInt64(body) else { throw damaged("impossible counts") }
        // The sections must follow each other as the writer lays them out.
        func align(_ x: Int) -> Int { (x + 7) / 8 * 8 }
        var cursor = Int(footer.termBytesStart)
        guard footer.termBytesStart <= UInt64(body), footer.termBytesLength <= UInt64(body) else { throw damaged("sections out of bounds") }
        cursor = align(cursor + Int(footer.termBytesLength))
        guard Int(clamping: footer.termOffsetsStart) == cursor else { throw damaged("term offsets misplaced") }
        cursor = align(cursor + (terms + 1) * 4)
        guard Int(clamping: footer.termInfosStart) == cursor else { throw damaged("term infos misplaced") }
        cursor += terms * SegmentFormat.termInfoSize
        guard Int(clamping: footer.columnsStart) == cursor else { throw damaged("columns misplaced") }
        let keysOffset = cursor
        let lengthsOffset = keysOffset + n * 8
        let daysOffset = align(lengthsOffset + n * fields * 4)
        let flagsOffset = daysOffset + n * 4
        let tagStartsOffset = align(flagsOffset + n)
        let tagIdsOffset = tagStartsOffset + (n + 1) * 4
        cursor = align(tagIdsOffset + Int(footer.tagIdCount) * 4)
        guard Int(clamping: footer.tagNamesStart) == cursor, cursor + (Int(footer.tagCount) + 1) * 4 <= body else { throw damaged("tags misplaced") }
        guard footer.metadataStart <= UInt64(body), footer.metadataLength <= UInt64(body) - footer.metadataStart,
              let metadata = try? JSONDecoder().decode(SegmentFormat.Metadata.self,
                                                       from: Data(bytes: base + Int(footer.metadataStart), count: Int(footer.metadataLength))),
              metadata.schema.fields.count == fields, metadata.averageLengths.count == fields else { throw damaged("unreadable metadata") }
        // Tag names.
        let tagOffsets = (0...Int(footer.tagCount)).map { base.loadUnaligned(fromByteOffset: cursor + $0 * 4, as: UInt32.self) }
        let blobStart = cursor + (Int(footer.tagCount) + 1) * 4
        guard zip(tagOffsets, tagOffsets.dropFirst()).allSatisfy({ $0 <= $1 }), blobStart + Int(tagOffsets.last ?? 0) <= body else {
            throw damaged("tag names out of bounds")
        }
        let tagNames = zip(tagOffsets, tagOffsets.dropFirst()).map {
            String(decoding: UnsafeRawBufferPointer(start: base + blobStart + Int($0), count: Int($1 - $0)), as: UTF8.self)
        }
        // Per-document tag lists.
        let tagStarts = base + tagStartsOffset
        var previousStart: UInt32 = 0
        for d in 0...n {
            let start = tagStarts.loadUnaligned(fromByteOffset: d * 4, as: UInt32.self)
            guard start >= previousStart, UInt64(start) <= footer.tagIdCount, d > 0 || start == 0 else { throw damaged("tag lists out of order") }
            previousStart = start
        }
        for i in 0..<Int(footer.tagIdCount) where base.loadUnaligned(fromByteOffset: tagIdsOffset + i * 4, as: UInt32.self) >= UInt32(footer.tagCount) {
            throw damaged("unknown tag number")
        }
        let lengths = (0..<(n * fields)).map { base.loadUnaligned(fromByteOffset: lengthsOffset + $0 * 4, as: UInt32.self) }
        // Checking every term's block headers reads the whole postings region: its pages are given
        // back as the check passes them, so that opening a large segment does not make it resident.
        try Self.validateTerms(base: base, footer: footer, documentCount: n, fieldCount: fields, damaged: damaged,
                               passed: { Self.releasePages(of: base, to: $0) })
        norms = .allocate(capacity: max(1, n * fields))
        _ = norms.initialize(from: SegmentWriter.norms(schema: metadata.schema, lengths: lengths, averages: metadata.averageLengths))
        (self.base, self.size, self.footer, self.metadata, self.tagNames) = (base, size, footer, metadata, tagNames)
        (documentCount, fieldCount, termCount) = (n, fields, terms)
        (self.keysOffset, self.lengthsOffset, self.daysOffset, self.flagsOffset) = (keysOffset, lengthsOffset, daysOffset, flagsOffset)
        (self.tagStartsOffset, self.tagIdsOffset) = (tagStartsOffset, tagIdsOffset)
        ok = true
        // The checksum read the whole file: only what queries (or a merge) read again need stay.
        releasePages(before: size)
    }

    deinit {
        norms.deallocate()
        munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    public var schema: IndexSchema { metadata.schema }

    /// The CRC of a mapped file's first `count` bytes, read a few megabytes at a time, each given
    /// back once read: a merged segment is opened right after it is written, and checking a
    /// 300 MB segment in one piece made all of it resident at once (the peak of a bulk ingest).
    private static func checksum(base: UnsafeRawPointer, count: Int) -> UInt64 {
        let chunk = 8 << 20
        var crc: UInt = 0
        for start in stride(from: 0, to: count, by: chunk) {
            let end = min(start + chunk, count)
            crc = SegmentFormat.crc(UnsafeRawBufferPointer(start: base + start, count: end - start), into: crc)
            releasePages(of: base, from: start, to: end)
        }
        return UInt64(crc)
    }

    /// Gives back the pages of the per-document columns: a merge copies them all first and does
    /// not read them again (at a million documents they are some 30 MB).
    func releaseColumnPages() {
        Self.releasePages(of: base, from: keysOffset, to: min(tagIdsOffset + Int(footer.tagIdCount) * 4, size))
    }

    /// Lets the kernel take back this process's pages of the file before `offset` (read again
    /// from the file if needed): opening (the checksum) and merging read a segment front to back,
    /// and would otherwise keep all of it resident, which is what bounded a large build's memory.
    func releasePages(before offset: Int) { Self.releasePages(of: base, to: min(offset, size)) }

    /// Gives back the whole pages of a mapped file that lie in `start..<end` (they stay in the
    /// page cache; a page only partly in the range is kept).
    static func releasePages(of base: UnsafeRawPointer, from start: Int = 0, to end: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (start + page - 1) / page * page, last = end / page * page
        if last > first { madvise(UnsafeMutableRawPointer(mutating: base + first), last - first, Int32(MADV_DONTNEED)) }
    }

    @inline(__always) func key(_ doc: Int) -> Int64 { base.loadUnaligned(fromByteOffset: keysOffset + doc * 8, as: Int64.self) }
    @inline(__always) func day(_ doc: Int) -> Int32 { base.loadUnaligned(fromByteOffset: daysOffset + doc * 4, as: Int32.self) }
    @inline(__always) func flags(_ doc: Int) -> UInt8 { base.load(fromByteOffset: flagsOffset + doc, as: UInt8.self) }
    @inline(__always) func length(_ doc: Int, field: Int) -> UInt32 {
        base.loadUnaligned(fromByteOffset: lengthsOffset + (doc * fieldCount + field) * 4, as: UInt32.self)
    }

    /// The tag numbers of a document.
    func tags(_ doc: Int) -> UnsafeBufferPointer<UInt32> {
        let start = Int(base.loadUnaligned(fromByteOffset: tagStartsOffset + doc * 4, as: UInt32.self))
        let end = Int(base.loadUnaligned(fromByteOffset: tagStartsOffset + (doc + 1) * 4, as: UInt32.self))
        return UnsafeBufferPointer(start: (base + tagIdsOffset).assumingMemoryBound(to: UInt32.self) + start, count: end - start)
    }

    /// A term's entry: where its postings lie, how many documents hold it, and its highest impact.
    struct TermInfo {
        var offset: Int
        var end: Int
        var documentFrequency: Int
        var blockCount: Int
        var maxImpact: Float
        /// False for exact forms, which keep frequencies only.
        var hasPositions: Bool
    }

    func term(at index: Int) -> ArraySlice<UInt8> { Array(termBytes(at: index))[...] }

    /// The term's bytes in place, valid while the segment is open.
    func termBytes(at index: Int) -> UnsafeRawBufferPointer {
        let start = Int(base.loadUnaligned(fromByteOffset: Int(footer.termOffsetsStart) + index * 4, as: UInt32.self))
        let end = Int(base.loadUnaligned(fromByteOffset: Int(footer.termOffsetsStart) + (index + 1) * 4, as: UInt32.self))
        return UnsafeRawBufferPointer(start: base + Int(footer.termBytesStart) + start, count: end - start)
    }

    func info(at index: Int) -> TermInfo {
        let at = Int(footer.termInfosStart) + index * SegmentFormat.termInfoSize
        let end = index + 1 < termCount
            ? Int(base.loadUnaligned(fromByteOffset: at + SegmentFormat.termInfoSize, as: UInt64.self)) : Int(footer.termBytesStart)
        return TermInfo(offset: Int(base.loadUnaligned(fromByteOffset: at, as: UInt64.self)), end: end,
                        documentFrequency: Int(base.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self)),
                        blockCount: Int(base.loadUnaligned(fromByteOffset: at + 12, as: UInt32.self)),
                        maxImpact: Float(bitPattern: base.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self)),
                        hasPositions: base.loadUnaligned(fromByteOffset: at + 20, as: UInt32.self) & SegmentFormat.noPositions == 0)
    }

    /// The index of the first term not below `key` (binary search over the sorted dictionary).
    func lowerBound(_ key: [UInt8]) -> Int {
        var low = 0, high = termCount
        while low < high {
            let mid = (low + high) / 2
            if term(at: mid).lexicographicallyPrecedes(key) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The entry of exactly `key`, if the segment holds it.
    func info(for key: [UInt8]) -> TermInfo? {
        let index = lowerBound(key)
        return index < termCount && term(at: index).elementsEqual(key) ? info(at: index) : nil
    }
}
