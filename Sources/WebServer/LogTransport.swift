import Logging
import Mailer

/// The mailbox of a server without a mail transport: each message's recipient, subject and
/// links go to the log (as sign-in links do), so a subscription can still be confirmed.
struct LogTransport: MailTransport {
    let logger: Logger

    func deliver(_ message: RenderedMessage) async throws {
        // Enough quoted-printable decoding for links: soft line breaks and "=" (=3D).
        let text = String(decoding: message.data, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        let subject = text.split(separator: "\r\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) } ?? ""
        let links = text.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
        logger.info("mail for \(message.recipients.joined(separator: ", ")) (no mail transport configured): \(subject) \(links.joined(separator: " "))")
    }

    func close() async {}
}
