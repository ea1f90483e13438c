import Foundation

/// Renders an `Email` as an RFC 5322 message: 7-bit, CRLF line ends, UTF-8 text parts in
/// quoted-printable, and `multipart/alternative` (plain text first) when there is HTML.
enum MIMERenderer {
    static func render(_ email: Email) -> [UInt8] {
        var lines = [
            "From: " + HeaderEncoding.mailbox(email.from),
            "To: " + HeaderEncoding.mailboxList(email.to),
            HeaderEncoding.field("Subject", email.subject),
            "Date: " + HeaderEncoding.date(email.date),
            "Message-ID: <\(email.messageID)>",
            "MIME-Version: 1.0",
        ]
        lines += email.extraHeaders.map { HeaderEncoding.field($0.name, $0.value) }
        func partHeader(_ subtype: String) -> String {
            "Content-Type: text/\(subtype); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        }
        let text = QuotedPrintable.encode(email.text)
        guard let html = email.html else {
            return Array((lines.joined(separator: "\r\n") + "\r\n" + partHeader("plain")).utf8) + text
        }
        // "=_" never occurs in quoted-printable text ("=" is always followed by hex or a line
        // end), so this boundary cannot collide with a body.
        let boundary = "=_paperboy_" + String(UInt64(truncatingIfNeeded: stableHash(email.messageID)), radix: 36)
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        let htmlPart = QuotedPrintable.encode(html)
        // The parts are bytes already: the message is put together as bytes, in one buffer.
        var message: [UInt8] = []
        message.reserveCapacity(text.count + htmlPart.count + 2_048)
        // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1), so each part
        // gets one more, or its last line break would be lost.
        message += (lines.joined(separator: "\r\n") + "\r\n\r\n--\(boundary)\r\n" + partHeader("plain")).utf8
        message += text
        message += ("\r\n--\(boundary)\r\n" + partHeader("html")).utf8
        message += htmlPart
        message += "\r\n--\(boundary)--\r\n".utf8
        return message
    }

    /// FNV-1a: the same message always gets the same boundary (Swift's `hashValue` is seeded per process).
    private static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
