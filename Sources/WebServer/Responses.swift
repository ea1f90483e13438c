import Foundation
import Hummingbird

/// Successful responses with their cache headers: a strong ETag from the body (so a client that
/// already has the page gets a 304 without it) and a short public max-age.
enum Responses {
    static let html = "text/html; charset=utf-8"
    static let json = "application/json; charset=utf-8"
    static let atom = "application/atom+xml; charset=utf-8"

    static func ok(_ body: String, type: String, request: Request, maxAge: Int = 60) -> Response {
        ok(ByteBuffer(string: body), type: type, request: request, maxAge: maxAge)
    }

    static let publicCache = "public, max-age=60"
    /// A page made for a signed-in person (their name, their CSRF token): shared caches must not
    /// keep it; the browser revalidates it with its ETag.
    static let privateCache = "private, no-cache"

    static func ok(_ body: ByteBuffer, type: String, request: Request, maxAge: Int = 60) -> Response {
        ok(body, type: type, request: request, cacheControl: "public, max-age=\(maxAge)")
    }

    static func ok(_ body: ByteBuffer, type: String, request: Request, cacheControl: String, etag known: String? = nil) -> Response {
        let tag = known ?? etag(body)
        var headers: HTTPFields = [.eTag: tag, .cacheControl: cacheControl, .vary: "Accept-Encoding, Cookie"]
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// A response that must not be cached or revalidated (errors, a search form with a problem).
    static func uncached(_ body: String, status: HTTPResponse.Status, type: String) -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// JSON in the field order and form the API documents (sorted keys keep ETags stable).
    static func jsonText<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try jsonBytes(value), as: UTF8.self)
    }

    /// Encoded JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026` (as Go's
    /// encoder does): the same data once parsed, but no markup in the bytes should a client or a
    /// browser sniffing the content ever treat them as HTML. Outside strings JSON has none of
    /// these characters, so replacing them byte by byte is exact.
    static func jsonBytes<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Through the raw buffer: iterating `Data` byte by byte cost a sixth of a search answer.
        return try encoder.encode(value).withUnsafeBytes { encoded in
            var out: [UInt8] = []
            out.reserveCapacity(encoded.count + 64)
            for byte in encoded {
                switch byte {
                case UInt8(ascii: "<"): out += Array("\\u003c".utf8)
                case UInt8(ascii: ">"): out += Array("\\u003e".utf8)
                case UInt8(ascii: "&"): out += Array("\\u0026".utf8)
                default: out.append(byte)
                }
            }
            return out
        }
    }

    /// FNV-1a over the body, 64 bits in hex: a cheap fingerprint, not a security measure.
    static func etag(_ body: ByteBuffer) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        body.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return "\"" + String(hash, radix: 16) + "\""
    }
}
