/// Quoted-printable (RFC 2045 §6.7) for text bodies: readable where the text is ASCII, 7-bit
/// safe for every UTF-8 byte, lines of at most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var text = text
        // Bytes in, bytes out, in place: encoding was the largest cost of composing a digest.
        return text.withUTF8 { bytes in
            // At most 3 bytes per byte, plus a soft break per 25 bytes, plus a final CRLF.
            String(unsafeUninitializedCapacity: bytes.count * 4 + 16) { output in
                var count = 0, lineStart = 0
                for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                    let end = index > lineStart && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
                    encodeLine(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), into: output, at: &count)
                    lineStart = index + 1
                }
                if lineStart < bytes.count { encodeLine(UnsafeBufferPointer(rebasing: bytes[lineStart...]), into: output, at: &count) }
                return count
            }
        }
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// One line and its CRLF, with soft line breaks ("=" at the end) to keep within 76 characters.
    private static func encodeLine(_ bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, at count: inout Int) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            // Trailing space or tab would be stripped in transit, so it is encoded.
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
            let width = literal ? 1 : 3
            if column + width > (isLast ? 76 : 75) {
                output[count] = UInt8(ascii: "="); output[count + 1] = 13; output[count + 2] = 10
                count += 3
                column = 0
            }
            if literal {
                output[count] = byte
            } else {
                output[count] = UInt8(ascii: "="); output[count + 1] = hex[Int(byte >> 4)]; output[count + 2] = hex[Int(byte & 15)]
            }
            count += width
            column += width
        }
        output[count] = 13; output[count + 1] = 10
        count += 2
    }
}
