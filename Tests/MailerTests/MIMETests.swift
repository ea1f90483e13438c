import Foundation
import Testing
import TestSupport
@testable import Mailer

/// Messages rendered by Mailer, delivered to a real SMTP server and read back by Python's
/// e-mail parser: an independent reader of RFC 2047 headers and quoted-printable parts.
@Suite struct MIMETests {
    static let awkwardText = """
        Grüße from Zürich — naïve “quotes”, 数学, emoji 🧪 and = signs = everywhere.
        .a line starting with a dot
        .
        trailing spaces here   
        \(String(repeating: "a long line without any break at all ", count: 6))
        """
    static let awkwardHTML = "<p style=\"color:#333\">Grüße &amp; <a href=\"https://example.org/papers/2401.00001?x=1&amp;y=2\">a paper</a></p>\n.<b>dot</b>\n"

    static func email(id: String = "test.1@paperboy.test", to: String = "reader@example.org") -> Email {
        Email(from: Mailbox("digest@paperboy.test", name: "Paperboy Digest — Ünïcode"),
              to: [Mailbox(to, name: "Zoë \"Z\" Ø'Brien")],
              subject: "12 trending papers · 3 new for 'diffusion' — Tue 1 Dec ∑ a subject long enough to need folding twice",
              date: Date(timeIntervalSince1970: 1_796_112_000), messageID: id,
              extraHeaders: [("List-Id", "Paperboy digest <digest.paperboy.test>"),
                             ("List-Unsubscribe", "<https://paperboy.test/unsubscribe?t=abc>, <mailto:unsubscribe@paperboy.test?subject=unsubscribe-abc>"),
                             ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")],
              text: awkwardText, html: awkwardHTML)
    }

    @Test func theRenderedMessageIsSevenBitWithShortLines() {
        let data = Self.email().rendered().data
        #expect(data.allSatisfy { $0 < 128 })
        let text = String(decoding: data, as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "long line: \(line)") }
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(Self.email().rendered() == Self.email().rendered(), "rendering is deterministic")
    }

    @Test func pythonsParserReadsBackEveryHeaderAndBothParts() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let transport = SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port))
        try await transport.deliver(Self.email().rendered())
        await transport.close()
        let received = try #require(try server.received().first)
        let email = Self.email()
        #expect(received.content_type == "multipart/alternative")
        #expect(received.headers["Subject"] == email.subject)
        #expect(received.headers["From"] == "Paperboy Digest — Ünïcode <digest@paperboy.test>")
        #expect(received.headers["To"] == "\"Zoë \\\"Z\\\" Ø'Brien\" <reader@example.org>" || received.headers["To"]?.contains("Zoë") == true)
        #expect(received.headers["Message-ID"] == "<test.1@paperboy.test>")
        #expect(received.headers["Date"] == "Tue, 01 Dec 2026 08:00:00 +0000")
        #expect(received.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        #expect(received.headers["List-Unsubscribe"]?.contains("<mailto:unsubscribe@paperboy.test?subject=unsubscribe-abc>") == true)
        #expect(received.plain?.replacingOccurrences(of: "\r\n", with: "\n") == email.text + "\n")
        #expect(received.html?.replacingOccurrences(of: "\r\n", with: "\n") == email.html)
        #expect(received.plain_encoding == "quoted-printable" && received.html_encoding == "quoted-printable")
        #expect(received.mail_from == "digest@paperboy.test" && received.rcpt_tos == ["reader@example.org"])
    }

    @Test func aTextOnlyMessageIsOnePart() async throws {
        var email = Self.email()
        email.html = nil
        let text = String(decoding: email.rendered().data, as: UTF8.self)
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(!text.contains("multipart"))
    }

    @Test func quotedPrintableRoundTripsEveryByte() {
        var random = SplitMix64(state: 7)
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0..<300, using: &random)).map { _ -> Character in
                let pick = Int.random(in: 0..<10, using: &random)
                return pick < 6 ? Character(UnicodeScalar(UInt8.random(in: 32...126, using: &random)))
                    : pick < 7 ? "\n" : pick < 8 ? " " : Character(UnicodeScalar(UInt32.random(in: 0xA0...0x2FFF, using: &random)) ?? "é")
            }
            let text = String(scalars)
            let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
            for line in encoded.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) }
            #expect(Self.decodeQuotedPrintable(encoded) == Self.normalizedLines(text))
        }
    }

    /// The exact encoding at the edges of a line: the 76th column, a character that does not
    /// fit, trailing white space, "=".
    @Test func quotedPrintableLineEdges() {
        let a = { (count: Int) in String(repeating: "a", count: count) }
        let cases: [(String, String)] = [
            (a(76), a(76) + "\r\n"),
            (a(77), a(75) + "=\r\n" + "aa\r\n"),
            (a(74) + "é", a(74) + "=\r\n=C3=A9\r\n"),
            (a(73) + "=", a(73) + "=3D\r\n"),
            ("tab\t\nx = y \r\n\n", "tab=09\r\nx =3D y=20\r\n\r\n"),
        ]
        for (text, expected) in cases {
            #expect(String(decoding: QuotedPrintable.encode(text), as: UTF8.self) == expected)
        }
    }

    @Test func encodedWordsNeverSplitACharacterAndStayShort() {
        let words = HeaderEncoding.encodedWords(String(repeating: "数学🧪é", count: 20), firstLineUsed: 9)
        for word in words {
            #expect(word.utf8.count <= 75)
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            #expect(String(data: Data(base64Encoded: String(base64))!, encoding: .utf8) != nil, "split a character: \(word)")
        }
    }

    /// A small independent decoder: soft breaks removed, =XX turned back into bytes.
    static func decodeQuotedPrintable(_ encoded: String) -> String {
        let joined = encoded.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        var iterator = Array(joined.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next() {
                bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func normalizedLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0 + "\r\n" }.joined()
    }
}
