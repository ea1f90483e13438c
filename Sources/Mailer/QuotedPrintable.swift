/// Quoted-printable (RFC 2045 §6.7) for text bodies: readable where the text is ASCII, 7-bit
/// safe for every UTF-8 byte, lines of at most 76 characters.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            encodeLine(Array(line.utf8), into: &output)
            output += "\r\n"
        }
        return output
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ bytes: [UInt8], into output: inout String) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            // Trailing space or tab would be stripped in transit, so it is encoded.
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 32 || byte == 9) && !isLast)
            let piece = literal ? String(UnicodeScalar(byte)) : "=" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            // A soft line break ("=" at the end) keeps every line within 76 characters.
            if column + piece.utf8.count > (isLast ? 76 : 75) {
                output += "=\r\n"
                column = 0
            }
            output += piece
            column += piece.utf8.count
        }
    }
}
