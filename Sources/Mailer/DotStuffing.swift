import NIOCore

/// The DATA section of an SMTP transaction (RFC 5321 §4.5.2): CRLF line ends, a "." doubled at
/// the start of a line so that no line of the message can end it early, then the final ".".
enum DotStuffing {
    static func encode(_ message: [UInt8], allocator: ByteBufferAllocator) -> ByteBuffer {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        var buffer = allocator.buffer(capacity: message.count + message.count / 64 + 5)
        message.withUnsafeBufferPointer { bytes in
            // Copies runs of ordinary bytes whole; only a bare LF or a line-leading "." costs extra.
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                let lineStart = index == 0 || bytes[index - 1] == lf
                let bareLF = byte == lf && (index == 0 || bytes[index - 1] != cr)
                guard bareLF || (byte == dot && lineStart) else { continue }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                buffer.writeInteger(bareLF ? cr : dot)
                runStart = index
            }
            buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        if let last = message.last, last != lf { buffer.writeString(last == cr ? "\n" : "\r\n") }
        buffer.writeString(".\r\n")
        return buffer
    }
}
