/// Quoted-printable (RFC 2045 §6.7) for text bodies: readable where the text is ASCII, 7-bit
/// safe for every UTF-8 byte, lines of at most 76 characters.
enum QuotedPrintable {
    /// The encoded text, CRLF line ends, as bytes (a message is bytes: no String to validate
    /// and copy again).
    static func encode(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            // At most 3 bytes per byte, plus a soft break per 25 bytes, plus a final CRLF.
            [UInt8](unsafeUninitializedCapacity: bytes.count * 4 + 16) { output, initialized in
                guard let out = output.baseAddress else { return }
                var count = 0, lineStart = 0
                for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                    let end = index > lineStart && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                    encodeLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), into: out, at: &count)
                    lineStart = index + 1
                }
                if lineStart < bytes.count { encodeLine(UnsafeBufferPointer(rebasing: bytes[lineStart...]), into: out, at: &count) }
                initialized = count
            }
        }
    }

    /// One line and its CRLF, with soft line breaks ("=" at the end) to keep within 76 characters.
    /// Byte by byte through raw pointers: this loop is most of what rendering a digest costs.
    private static func encodeLine(_ line: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, at count: inout Int) {
        var column = 0, at = count
        let last = line.count - 1
        for index in 0..<line.count {
            let byte = line[index]
            // Trailing space or tab would be stripped in transit, so it is encoded.
            if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && index != last) {
                // A line's last byte may take the 76th column: no "=" has to follow it.
                if column == 75 && index != last {
                    out[at] = UInt8(ascii: "="); out[at + 1] = 13; out[at + 2] = 10
                    at += 3
                    column = 0
                }
                out[at] = byte
                at += 1
                column += 1
            } else {
                if column + 3 > (index == last ? 76 : 75) {
                    out[at] = UInt8(ascii: "="); out[at + 1] = 13; out[at + 2] = 10
                    at += 3
                    column = 0
                }
                out[at] = UInt8(ascii: "="); out[at + 1] = hexDigit(byte >> 4); out[at + 2] = hexDigit(byte & 15)
                at += 3
                column += 3
            }
        }
        out[at] = 13; out[at + 1] = 10
        count = at + 2
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }
}
