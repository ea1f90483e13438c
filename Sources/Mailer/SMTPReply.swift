import NIOCore

/// One SMTP reply: a three-digit code and its text lines (several for a multi-line reply).
struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    var description: String { "\(code) " + lines.joined(separator: " / ") }

    /// The reply as a delivery error: transient for 4xx, permanent otherwise.
    func failure(during step: String) -> DeliveryError {
        (400..<500).contains(code) ? .transient("\(step): \(self)") : .permanent("\(step): \(self)")
    }
}

/// Cuts the server's byte stream into replies (RFC 5321 §4.2): `250-` continues, `250 ` ends.
/// A line longer than `maximumLineLength` or without a code is a protocol error, not a crash.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maximumLineLength = 4096
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPProtocolError("reply line too long") }
            return .needMoreData
        }
        // Read in place, bytes only: every message's replies pass here, on the event loop.
        let end = newline > view.startIndex && view[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
        let line = view[view.startIndex..<end]
        let separator = line.count > 3 ? line[line.startIndex + 3] : nil
        guard let code = Self.code(line), (200..<600).contains(code),
              separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-"),
              pendingCode == nil || pendingCode == code
        else { throw SMTPProtocolError("malformed reply line: \(String(decoding: line.prefix(80), as: UTF8.self))") }
        pending.append(line.count > 4 ? String(decoding: line.dropFirst(4), as: UTF8.self) : "")
        buffer.moveReaderIndex(forwardBy: newline - view.startIndex + 1)
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            guard pending.count < 256 else { throw SMTPProtocolError("reply with too many lines") }
        } else {
            context.fireChannelRead(Self.wrapInboundOut(SMTPReply(code: code, lines: pending)))
            pending = []
            pendingCode = nil
        }
        return .continue
    }

    /// The three digits that start a reply line, as a number.
    private static func code(_ line: ByteBufferView.SubSequence) -> Int? {
        guard line.count >= 3 else { return nil }
        var code = 0
        for byte in line.prefix(3) {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return code
    }
}

struct SMTPProtocolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
