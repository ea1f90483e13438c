import CZlib
import Foundation

/// The segment file: written once, front to back, then only ever memory-mapped and read.
///
/// Layout (little-endian, every section 8-byte aligned): the postings of every term; the term
/// dictionary (term bytes, their offsets, a 24-byte `TermInfo` per term, in byte order); the
/// document columns (keys, field lengths, days, flags, tags); the tag names; the metadata (schema
/// and average field lengths, as JSON); and a fixed footer with the section offsets, the counts,
/// and a CRC-32 of everything before it. A term's postings are `blockCount` 24-byte block headers
/// (last document, data and position offsets, the block's highest BM25F impact, bit widths) and
/// then per block (of at most 128 documents): bit-packed document gaps, bit-packed frequencies per field, and positions as
/// variable-length integers.
enum SegmentFormat {
    static let magic = Array("PBKWSEG1".utf8)
    /// 2: blocks may hold fewer than 128 documents anywhere in a term's postings, not only at
    /// the end (merges copy blocks, see `SegmentMerger`). Version 1 files are read as they are.
    static let version: UInt32 = 2
    static let blockSize = 128
    static let blockHeaderSize = 24
    static let termInfoSize = 24
    /// In a `TermInfo`'s flags (its last 4 bytes): the term keeps no positions (an exact form).
    static let noPositions: UInt32 = 1
    static let footerSize = 8 + 4 + 4 + 13 * 8 + 8

    /// Where the sections start, and the counts the reader needs to size them.
    struct Footer {
        var fieldCount: UInt32 = 0
        var docCount: UInt64 = 0
        var termCount: UInt64 = 0
        var tagCount: UInt64 = 0
        var tagIdCount: UInt64 = 0
        var termBytesStart: UInt64 = 0
        var termBytesLength: UInt64 = 0
        var termOffsetsStart: UInt64 = 0
        var termInfosStart: UInt64 = 0
        var columnsStart: UInt64 = 0
        var tagNamesStart: UInt64 = 0
        var metadataStart: UInt64 = 0
        var metadataLength: UInt64 = 0
        var checksum: UInt64 = 0

        var fields: [UInt64] {
            [docCount, termCount, tagCount, tagIdCount, termBytesStart, termBytesLength, termOffsetsStart,
             termInfosStart, columnsStart, tagNamesStart, metadataStart, metadataLength, checksum]
        }

        func encoded() -> [UInt8] {
            var out = magic
            withUnsafeBytes(of: version.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: fieldCount.littleEndian) { out.append(contentsOf: $0) }
            for value in fields { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
            out.append(contentsOf: magic)
            return out
        }

        init() {}

        /// Reads a footer, or nil when the bytes are not one.
        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count == footerSize, bytes.prefix(8).elementsEqual(magic), bytes.suffix(8).elementsEqual(magic),
                  (1...version).contains(bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)) else { return nil }
            fieldCount = bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
            var values = (0..<13).map { bytes.loadUnaligned(fromByteOffset: 16 + $0 * 8, as: UInt64.self) }
            checksum = values.removeLast()
            (docCount, termCount, tagCount, tagIdCount) = (values[0], values[1], values[2], values[3])
            (termBytesStart, termBytesLength, termOffsetsStart, termInfosStart) = (values[4], values[5], values[6], values[7])
            (columnsStart, tagNamesStart, metadataStart, metadataLength) = (values[8], values[9], values[10], values[11])
        }
    }

    /// What a segment records besides its postings: the schema it was built with, and the average
    /// field lengths its block maxima were computed with.
    struct Metadata: Codable, Equatable {
        var schema: IndexSchema
        var averageLengths: [Float]
    }

    static func crc(_ bytes: UnsafeRawBufferPointer, into crc: UInt) -> UInt {
        guard let base = bytes.baseAddress else { return crc }
        var value = crc
        var offset = 0
        while offset < bytes.count {  // zlib takes 32-bit lengths
            let chunk = min(1 << 30, bytes.count - offset)
            value = CZlib.crc32(value, base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), UInt32(chunk))
            offset += chunk
        }
        return value
    }
}

/// Writes a file front to back through a buffer, keeping the running CRC and offset; the file is
/// made beside its destination and renamed over it once complete and fsynced.
final class FileSink {
    private let fd: Int32
    private let temporary: String
    private let destination: String
    private var buffer: [UInt8] = []
    private(set) var offset = 0
    private var crc: UInt = 0
    private var finished = false

    init(path: String) throws {
        destination = path
        temporary = path + ".tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw KeywordIndexError.io("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if !finished {
            close(fd)
            unlink(temporary)
        }
    }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        offset += bytes.count
        if buffer.count >= 1 << 20 { try flush() }
    }

    func append(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try append($0) } }
    func append(_ bytes: ArraySlice<UInt8>) throws { try bytes.withUnsafeBytes { try append($0) } }

    func append<T: BitwiseCopyable>(array: [T]) throws { try array.withUnsafeBytes { try append($0) } }

    func align(to alignment: Int = 8) throws {
        let padding = (alignment - offset % alignment) % alignment
        if padding > 0 { try append([UInt8](repeating: 0, count: padding)) }
    }

    /// The CRC of everything appended so far.
    func checksum() throws -> UInt64 {
        try flush()
        return UInt64(crc)
    }

    private func flush() throws {
        crc = buffer.withUnsafeBytes { SegmentFormat.crc($0, into: crc) }
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            guard n > 0 else { throw KeywordIndexError.io("cannot write \(temporary): \(String(cString: strerror(errno)))") }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the rest, fsyncs, and renames the file into place.
    func commit() throws {
        try flush()
        guard fsync(fd) == 0 else { throw KeywordIndexError.io("cannot sync \(temporary): \(String(cString: strerror(errno)))") }
        finished = true
        close(fd)
        guard rename(temporary, destination) == 0 else {
            unlink(temporary)
            throw KeywordIndexError.io("cannot rename \(temporary) to \(destination): \(String(cString: strerror(errno)))")
        }
        syncDirectory(of: destination)
    }
}

/// fsyncs the directory holding `path`, so that a rename into it survives a crash.
func syncDirectory(of path: String) {
    let directory = (path as NSString).deletingLastPathComponent
    let fd = open(directory.isEmpty ? "." : directory, O_RDONLY)
    guard fd >= 0 else { return }
    fsync(fd)
    close(fd)
}
