#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk form of both indexes: an 80-byte header, then the payload, the arrays as they lie
/// in memory (little-endian on every platform Swift runs on), so that saving and loading are one
/// sequential write or read per array.
///
/// Header: magic `PBVECIX1`, version, kind, dimension, HNSW M / efConstruction / efSearch, node
/// count, entry point, top level, the level generator's state, payload length, payload checksum,
/// and a checksum of the header itself. A file is written beside its destination, fsynced and
/// renamed over it, so a reader sees the old index or the new one, never half of one. Loading
/// checks the header, the length and the payload checksum, and the loaders then validate every
/// value they use as an index, so a damaged file is an error and never a crash.
enum IndexFile {
    enum Kind: UInt32 { case flat = 1, hnsw = 2 }

    struct Header {
        var kind: Kind
        var dimension: Int
        var count: Int
        var m = 0
        var efConstruction = 0
        var efSearch = 0
        var entryPoint: UInt32 = 0
        var maxLevel: Int32 = -1
        var levelState: UInt64 = 0
    }

    static let magic: [UInt8] = Array("PBVECIX1".utf8)
    static let version: UInt32 = 1
    static let headerSize = 80

    static func write(to path: String, header: Header, body: (inout Writer) throws -> Void) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw VectorIndexError.io("cannot create \(temporary)", errno: errno) }
        var closed = false
        defer {
            if !closed { close(fd) }
            unlink(temporary)  // after a successful rename there is nothing left to remove
        }
        var writer = Writer(fd: fd)
        try [UInt8](repeating: 0, count: headerSize).withUnsafeBytes { try writer.putRaw($0) }
        writer.checksum = Checksum()
        writer.written = 0
        try body(&writer)
        let bytes = encode(header, payloadBytes: UInt64(writer.written), checksum: writer.checksum.finalize())
        guard bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, headerSize, 0) }) == headerSize,
              fsync(fd) == 0 else { throw VectorIndexError.io("cannot write \(temporary)", errno: errno) }
        closed = true
        guard close(fd) == 0, rename(temporary, path) == 0 else { throw VectorIndexError.io("cannot replace \(path)", errno: errno) }
        syncDirectory(of: path)
    }

    static func read<T>(from path: String, body: (Header, inout Reader) throws -> T) throws -> T {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw VectorIndexError.io("cannot open \(path)", errno: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw VectorIndexError.io("cannot stat \(path)", errno: errno) }
        var reader = Reader(fd: fd, remaining: Int(status.st_size))
        var bytes = [UInt8](repeating: 0, count: headerSize)
        try bytes.withUnsafeMutableBytes { try reader.takeRaw($0) }
        let (header, payloadBytes, payloadChecksum) = try decode(bytes)
        guard payloadBytes == UInt64(reader.remaining) else {
            throw VectorIndexError.corruptFile("payload is \(reader.remaining) bytes, header says \(payloadBytes)")
        }
        reader.checksum = Checksum()
        let value = try body(header, &reader)
        guard reader.remaining == 0 else { throw VectorIndexError.corruptFile("\(reader.remaining) bytes left over") }
        guard reader.checksum.finalize() == payloadChecksum else { throw VectorIndexError.corruptFile("checksum mismatch") }
        return value
    }

    struct Writer {
        fileprivate let fd: Int32
        fileprivate var checksum = Checksum()
        fileprivate var written = 0

        mutating func put<T: BitwiseCopyable>(_ values: UnsafePointer<T>, count: Int) throws {
            try putRaw(UnsafeRawBufferPointer(start: values, count: count * MemoryLayout<T>.stride))
        }

        fileprivate mutating func putRaw(_ bytes: UnsafeRawBufferPointer) throws {
            checksum.update(bytes)
            var offset = 0
            while offset < bytes.count {
                let n = posixWrite(fd, bytes.baseAddress! + offset, min(bytes.count - offset, 1 << 26))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw VectorIndexError.io("write failed", errno: errno) }
                offset += n
            }
            written += bytes.count
        }
    }

    struct Reader {
        fileprivate let fd: Int32
        /// Bytes not yet read, from the file's size: checked before anything is allocated.
        private(set) var remaining: Int
        fileprivate var checksum = Checksum()

        fileprivate init(fd: Int32, remaining: Int) {
            self.fd = fd
            self.remaining = remaining
        }

        /// Throws unless `count` values of `T` are left: the loaders call it before allocating
        /// for a count read from the file, so a bogus count cannot exhaust memory.
        func require<T>(_ count: Int, of type: T.Type) throws {
            let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
            guard count >= 0, !overflow, bytes <= remaining else { throw VectorIndexError.corruptFile("truncated") }
        }

        mutating func take<T: BitwiseCopyable>(into values: UnsafeMutablePointer<T>, count: Int) throws {
            try require(count, of: T.self)
            try takeRaw(UnsafeMutableRawBufferPointer(start: values, count: count * MemoryLayout<T>.stride))
        }

        fileprivate mutating func takeRaw(_ bytes: UnsafeMutableRawBufferPointer) throws {
            guard bytes.count <= remaining else { throw VectorIndexError.corruptFile("truncated") }
            var offset = 0
            while offset < bytes.count {
                let n = posixRead(fd, bytes.baseAddress! + offset, min(bytes.count - offset, 1 << 26))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw n == 0 ? VectorIndexError.corruptFile("truncated") : VectorIndexError.io("read failed", errno: errno) }
                offset += n
            }
            checksum.update(UnsafeRawBufferPointer(bytes))
            remaining -= bytes.count
        }
    }

    private static func encode(_ header: Header, payloadBytes: UInt64, checksum: UInt64) -> [UInt8] {
        var bytes = magic
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(version); append(header.kind.rawValue); append(UInt32(header.dimension))
        append(UInt32(header.m)); append(UInt32(header.efConstruction)); append(UInt32(header.efSearch))
        append(UInt64(header.count)); append(header.entryPoint); append(header.maxLevel); append(header.levelState)
        append(payloadBytes); append(checksum)
        append(bytes.withUnsafeBytes { Checksum.of($0) })
        return bytes
    }

    private static func decode(_ bytes: [UInt8]) throws -> (Header, UInt64, UInt64) {
        guard Array(bytes[0..<8]) == magic else { throw VectorIndexError.corruptFile("not a Paperboy vector index") }
        func field<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        }
        let headerChecksum = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[0..<72])) }
        guard field(72, UInt64.self) == headerChecksum else { throw VectorIndexError.corruptFile("header checksum mismatch") }
        guard field(8, UInt32.self) == version else { throw VectorIndexError.corruptFile("unknown version \(field(8, UInt32.self))") }
        guard let kind = Kind(rawValue: field(12, UInt32.self)) else { throw VectorIndexError.corruptFile("unknown index kind") }
        let dimension = Int(field(16, UInt32.self)), count = field(32, UInt64.self)
        guard (1...65_536).contains(dimension), count < UInt64(UInt32.max) else {
            throw VectorIndexError.corruptFile("dimension \(dimension) or count \(count) out of range")
        }
        let header = Header(kind: kind, dimension: dimension, count: Int(count),
                            m: Int(field(20, UInt32.self)), efConstruction: Int(field(24, UInt32.self)),
                            efSearch: Int(field(28, UInt32.self)), entryPoint: field(40, UInt32.self),
                            maxLevel: field(44, Int32.self), levelState: field(48, UInt64.self))
        return (header, field(56, UInt64.self), field(64, UInt64.self))
    }

    /// Makes the rename itself durable.
    private static func syncDirectory(of path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

// The system calls under other names: inside `IndexFile`, `read` and `write` are its own.
private func posixWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func posixRead(_ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, bytes, count) }
