import Crypto
import Foundation

/// Signed links for subscribers, which need no password and no stored token: the link carries
/// the subscriber's id, what it is for and (for confirmation) when it expires, with an HMAC under
/// the server's key over those and the subscriber's address. Changing any part breaks the MAC.
public struct SubscriptionTokens: Sendable {
    public enum Purpose: String, Sendable { case confirm, manage, unsubscribe }

    /// The server's secret (the same key that signs sign-in tokens and sessions).
    let key: Data

    public init(key: Data) { self.key = key }

    public static let confirmationLifetime: TimeInterval = 7 * 86_400

    /// A token for `purpose`; confirmation tokens expire, manage and unsubscribe links in old
    /// e-mails keep working.
    public func token(_ purpose: Purpose, subscriberID: Int64, email: String, now: Date = Date()) -> String {
        let expiry = purpose == .confirm ? Int64(now.timeIntervalSince1970 + Self.confirmationLifetime) : 0
        return "\(purpose.rawValue).\(subscriberID).\(expiry).\(mac(purpose, subscriberID, expiry, email))"
    }

    /// The subscriber id a token names, if its form is right; `verify` then checks it against the address.
    public static func subscriberID(in token: String, for purpose: Purpose) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 120, parts.count == 4, parts[0] == purpose.rawValue else { return nil }
        return Int64(parts[1])
    }

    /// Whether `token` was made by this server for `purpose`, this subscriber and address, and has not expired.
    public func verify(_ token: String, _ purpose: Purpose, subscriberID: Int64, email: String, now: Date = Date()) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == purpose.rawValue, Int64(parts[1]) == subscriberID, let expiry = Int64(parts[2]) else { return false }
        guard expiry == 0 ? purpose != .confirm : Double(expiry) > now.timeIntervalSince1970 else { return false }
        let expected = Array(mac(purpose, subscriberID, expiry, email).utf8), given = Array(parts[3].utf8)
        // Compared in constant time, so the MAC cannot be guessed byte by byte from timings.
        return expected.count == given.count && zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(_ purpose: Purpose, _ id: Int64, _ expiry: Int64, _ email: String) -> String {
        let message = Data("paperboy-subscription|\(purpose.rawValue)|\(id)|\(expiry)|\(email.lowercased())".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        // base64url, byte by byte (Foundation's replacing cost more than the HMAC).
        return String(decoding: Data(code).prefix(18).base64EncodedString().utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 },
                      as: UTF8.self)
    }
}
