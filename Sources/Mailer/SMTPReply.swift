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
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength { throw SMTPProtocolError("reply line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        guard var line = buffer.readString(length: length) else { return .needMoreData }
        line = String(line.dropLast())
        if line.hasSuffix("\r") { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), (200..<600).contains(code),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
              pendingCode == nil || pendingCode == code
        else { throw SMTPProtocolError("malformed reply line: \(line.prefix(80))") }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3, bytes[3] == UInt8(ascii: "-") {
            pendingCode = code
            guard pending.count < 256 else { throw SMTPProtocolError("reply with too many lines") }
        } else {
            context.fireChannelRead(Self.wrapInboundOut(SMTPReply(code: code, lines: pending)))
            pending = []
            pendingCode = nil
        }
        return .continue
    }
}

struct SMTPProtocolError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
