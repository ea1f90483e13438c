/// Quoted-printable (RFC 2045 §6.7) for text bodies: readable where the text is ASCII, 7-bit
/// safe for every UTF-8 byte, lines of at most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        // Bytes in, bytes out: building the output a character at a time cost most of a digest's composition.
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 16)
        var line: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                encodeLine(line, into: &output)
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(byte)
            }
        }
        if !line.isEmpty { encodeLine(line, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    /// One line and its CRLF, with soft line breaks ("=" at the end) to keep within 76 characters.
    private static func encodeLine(_ bytes: [UInt8], into output: inout [UInt8]) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            // Trailing space or tab would be stripped in transit, so it is encoded.
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
            let width = literal ? 1 : 3
            if column + width > (isLast ? 76 : 75) {
                output += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
            column += width
        }
        output += [13, 10]
    }
}
