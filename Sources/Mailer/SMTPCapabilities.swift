/// What a server said it can do in its EHLO reply (RFC 5321 §4.1.1.1).
struct SMTPCapabilities: Sendable, Equatable {
    var pipelining = false
    var startTLS = false
    /// The SIZE limit in bytes: nil when SIZE is not offered, 0 when offered without a limit.
    var sizeLimit: Int?
    var authMechanisms: Set<String> = []

    init() {}

    /// Reads the keyword lines after the greeting line of an EHLO reply.
    init(ehloLines: [String]) {
        for line in ehloLines.dropFirst() {
            let words = line.uppercased().split(separator: " ")
            guard let keyword = words.first else { continue }
            switch keyword {
            case "PIPELINING": pipelining = true
            case "STARTTLS": startTLS = true
            case "SIZE": sizeLimit = words.count > 1 ? Int(words[1]) ?? 0 : 0
            case "AUTH": authMechanisms.formUnion(words.dropFirst().map(String.init))
            default: continue
            }
        }
    }

    /// An address that cannot break out of `MAIL FROM:<…>` or `RCPT TO:<…>`: printable ASCII,
    /// no angle brackets, no spaces.
    static func isSafeAddress(_ address: String) -> Bool {
        !address.isEmpty && address.utf8.count <= 254
            && address.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
    }
}
