import Foundation

/// A named address such as `Ada Lovelace <ada@example.org>`; the name may hold any Unicode text.
public struct Mailbox: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// One e-mail message before rendering: a plain-text body and, optionally, an HTML alternative.
/// `messageID` is given by the caller (without angle brackets) so that a message rendered twice
/// is the same message, which lets receivers drop a duplicate.
public struct Email: Sendable, Equatable {
    public var from: Mailbox
    public var to: [Mailbox]
    public var subject: String
    public var date: Date
    public var messageID: String
    /// More header fields in order (e.g. `List-Id`), values unencoded: rendering encodes them.
    public var extraHeaders: [(name: String, value: String)]
    public var text: String
    public var html: String?

    public init(from: Mailbox, to: [Mailbox], subject: String, date: Date, messageID: String,
                extraHeaders: [(name: String, value: String)] = [], text: String, html: String? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.text = text
        self.html = html
    }

    public static func == (lhs: Email, rhs: Email) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.date == rhs.date
            && lhs.messageID == rhs.messageID && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name)
            && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }

    /// The message as a transport takes it: the envelope and the RFC 5322 text (CRLF line ends).
    public func rendered() -> RenderedMessage {
        RenderedMessage(sender: from.address, recipients: to.map(\.address), messageID: messageID,
                        data: MIMERenderer.render(self))
    }
}

/// A message ready for any transport: the SMTP envelope and the bytes of the message.
public struct RenderedMessage: Sendable, Equatable {
    /// The envelope sender (`MAIL FROM`), where bounces go.
    public var sender: String
    /// The envelope recipients (`RCPT TO`).
    public var recipients: [String]
    /// The message's `Message-ID` without angle brackets, e.g. to name an `.eml` file.
    public var messageID: String
    /// The RFC 5322 message, 7-bit, CRLF line ends.
    public var data: [UInt8]

    public init(sender: String, recipients: [String], messageID: String, data: [UInt8]) {
        self.sender = sender
        self.recipients = recipients
        self.messageID = messageID
        self.data = data
    }
}
