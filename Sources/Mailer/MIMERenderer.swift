import Foundation

/// Renders an `Email` as an RFC 5322 message: 7-bit, CRLF line ends, UTF-8 text parts in
/// quoted-printable, and `multipart/alternative` (plain text first) when there is HTML.
enum MIMERenderer {
    static func render(_ email: Email) -> String {
        var lines = [
            "From: " + HeaderEncoding.mailbox(email.from),
            "To: " + HeaderEncoding.mailboxList(email.to),
            HeaderEncoding.field("Subject", email.subject),
            "Date: " + HeaderEncoding.date(email.date),
            "Message-ID: <\(email.messageID)>",
            "MIME-Version: 1.0",
        ]
        lines += email.extraHeaders.map { HeaderEncoding.field($0.name, $0.value) }
        let textPart = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(email.text)
        guard let html = email.html else {
            return lines.joined(separator: "\r\n") + "\r\n" + textPart
        }
        // "=_" never occurs in quoted-printable text ("=" is always followed by hex or a line
        // end), so this boundary cannot collide with a body.
        let boundary = "=_paperboy_" + String(UInt64(truncatingIfNeeded: stableHash(email.messageID)), radix: 36)
        lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        let htmlPart = "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(html)
        // The line break before a boundary belongs to the boundary (RFC 2046 §5.1.1), so each part
        // gets one more, or its last line break would be lost.
        return lines.joined(separator: "\r\n") + "\r\n\r\n"
            + "--\(boundary)\r\n" + textPart
            + "\r\n--\(boundary)\r\n" + htmlPart
            + "\r\n--\(boundary)--\r\n"
    }

    /// FNV-1a: the same message always gets the same boundary (Swift's `hashValue` is seeded per process).
    private static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
