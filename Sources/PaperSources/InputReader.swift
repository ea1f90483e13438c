import Foundation

/// Reads one input (a file path, or `-` for standard input) in chunks, decompressing gzip on the
/// fly, so that parsers see plain bytes whatever the input was and large files stream in constant memory.
public final class InputReader {
    /// The name used in reports: the path as given, or `<stdin>`.
    public let name: String
    /// The size of the file on disk, when known (not for stdin): the denominator of progress.
    public let totalBytes: Int64?
    /// Bytes consumed from the file so far (compressed bytes for gzip input).
    public private(set) var bytesRead: Int64 = 0

    /// Nil for an input given as bytes (an HTTP response body).
    private let handle: FileHandle?
    private var inflater: GzipInflater?
    private var pending: [[UInt8]] = []
    private var atEnd = false
    private static let chunkSize = 1 << 20

    public init(path: String) throws {
        if path == "-" {
            name = "<stdin>"
            handle = .standardInput
            totalBytes = nil
        } else {
            name = path
            guard let handle = FileHandle(forReadingAtPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw SourceError(file: path, reason: exists ? "cannot be read (permission denied?)" : "no such file")
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw SourceError(file: path, reason: "is a directory")
            }
            self.handle = handle
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
            totalBytes = size
        }
        if let first = try readRaw() {
            if first.count >= 2 && first[0] == 0x1f && first[1] == 0x8b {
                inflater = try GzipInflater()
                pending = [try decompress(first)]
            } else {
                pending = [first]
            }
        }
    }

    /// An input already in memory, such as a response body; `name` is used in reports (the URL).
    public init(name: String, bytes: [UInt8]) throws {
        self.name = name
        handle = nil
        totalBytes = Int64(bytes.count)
        bytesRead = Int64(bytes.count)
        atEnd = true
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
            inflater = try GzipInflater()
            pending = [try decompress(bytes)]
        } else {
            pending = [bytes]
        }
    }

    deinit { if let handle, handle !== FileHandle.standardInput { try? handle.close() } }

    /// The first bytes of the (decompressed) input, for format detection; reading is not disturbed.
    public func peek(maxBytes: Int = 8192) throws -> [UInt8] {
        while pending.reduce(0, { $0 + $1.count }) < maxBytes, let more = try nextDecodedChunk() {
            pending.append(more)
        }
        return Array(pending.joined().prefix(maxBytes))
    }

    /// The next chunk of plain bytes, or nil at the end.
    public func nextChunk() throws -> [UInt8]? {
        if !pending.isEmpty { return pending.removeFirst() }
        return try nextDecodedChunk()
    }

    /// Everything that is left, for formats that are whole documents (XML, JSON).
    public func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try nextChunk() { all.append(contentsOf: chunk) }
        return all
    }

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number.
    public func forEachLine(_ body: (ArraySlice<UInt8>, Int) throws -> Void) throws {
        var carry: [UInt8] = []
        var number = 0
        while let chunk = try nextChunk() {
            var start = 0
            var buffer = chunk
            if !carry.isEmpty { buffer = carry + chunk; carry.removeAll(keepingCapacity: true) }
            while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                number += 1
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                try body(buffer[start..<end], number)
                start = newline + 1
            }
            carry = Array(buffer[start...])
        }
        if !carry.isEmpty { try body(carry[...], number + 1) }
    }

    private func nextDecodedChunk() throws -> [UInt8]? {
        while let raw = try readRaw() {
            let decoded = try decompress(raw)
            if !decoded.isEmpty { return decoded }
        }
        if let inflater, !inflater.isComplete {
            throw SourceError(file: name, reason: "gzip data ends early (truncated file?)")
        }
        return nil
    }

    private func decompress(_ raw: [UInt8]) throws -> [UInt8] {
        guard let inflater else { return raw }
        do { return try inflater.inflate(raw) } catch { throw SourceError(file: name, reason: "\(error)") }
    }

    private func readRaw() throws -> [UInt8]? {
        guard !atEnd, let handle else { return nil }
        let data: Data?
        do { data = try handle.read(upToCount: Self.chunkSize) } catch {
            throw SourceError(file: name, reason: "read failed: \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else { atEnd = true; return nil }
        bytesRead += Int64(data.count)
        return [UInt8](data)
    }
}

/// Decodes bytes as UTF-8, or as Latin-1 when they are not valid UTF-8 (old arXiv `.abs` files).
func decodeText(_ bytes: some Collection<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    return String(bytes.map { Character(Unicode.Scalar($0)) })
}

/// The lines of a text, split at `\n` and at `\r\n`. Swift reads `\r\n` as a single character, so
/// splitting at "\n" alone leaves a file with Windows line endings (as e-mail is sent) in one piece.
func textLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
}
