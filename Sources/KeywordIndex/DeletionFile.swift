import Foundation

/// The documents deleted from one segment: one bit per document, in a small file of their own
/// (magic, document count, the bits, a CRC-32), written beside the segment and named by the
/// commit point, so a segment never changes once written.
enum DeletionFile {
    static let magic = Array("PBKWDEL1".utf8)

    static func write(_ bits: [UInt64], documentCount: Int, to path: String) throws {
        let sink = try FileSink(path: path)
        try sink.append(magic)
        try sink.append(array: [UInt64(documentCount)])
        try sink.append(array: bits)
        let crc = try sink.checksum()
        try sink.append(array: [crc])
        try sink.commit()
    }

    static func read(_ path: String, documentCount: Int) throws -> [UInt64] {
        guard let data = FileManager.default.contents(atPath: path) else { throw KeywordIndexError.io("cannot read \(path)") }
        let words = (documentCount + 63) / 64
        guard data.count == 16 + words * 8 + 8, data.prefix(8).elementsEqual(magic) else {
            throw KeywordIndexError.damaged(path: path, reason: "not a deletion file for \(documentCount) documents")
        }
        return try data.withUnsafeBytes { raw in
            guard raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == UInt64(documentCount),
                  raw.loadUnaligned(fromByteOffset: 16 + words * 8, as: UInt64.self)
                    == UInt64(SegmentFormat.crc(UnsafeRawBufferPointer(rebasing: raw[0..<(16 + words * 8)]), into: 0)) else {
                throw KeywordIndexError.damaged(path: path, reason: "checksum or count mismatch")
            }
            return (0..<words).map { raw.loadUnaligned(fromByteOffset: 16 + $0 * 8, as: UInt64.self) }
        }
    }
}
