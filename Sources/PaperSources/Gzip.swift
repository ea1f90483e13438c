import CZlib
import Foundation

/// Streaming gzip decompression over zlib, so multi-gigabyte `.gz` snapshots are read in chunks.
final class GzipInflater {
    private var stream = z_stream()
    private var finished = false

    init() throws {
        // 15 + 32: zlib window of 32 KiB, and accept both gzip and zlib headers.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw GzipError(message: "cannot start gzip decoder (zlib status \(status))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses one chunk of compressed bytes; concatenated gzip members are read one after another.
    func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        var input = input
        var remaining = input.count
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while remaining > 0 {
            if finished {
                // A new gzip member follows the previous one (as `cat a.gz b.gz` produces).
                inflateReset(&stream)
                finished = false
            }
            let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { inBuf in
                buffer.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_in = inBuf.baseAddress! + offset
                    stream.avail_in = UInt32(remaining)
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, remaining - Int(stream.avail_in), outBuf.count - Int(stream.avail_out))
                }
            }
            output.append(contentsOf: buffer[0..<produced])
            offset += consumed
            remaining -= consumed
            switch status {
            case Z_STREAM_END: finished = true
            case Z_OK, Z_BUF_ERROR: if consumed == 0 && produced == 0 { return output }
            default: throw GzipError(message: "corrupt gzip data (zlib status \(status))")
            }
        }
        return output
    }

    /// True when the last member ended cleanly; false means the file was truncated.
    var isComplete: Bool { finished }
}

struct GzipError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
