/// The rules of arXiv ids, on bytes: Foundation's string searches for wrappers, and splitting into
/// characters, cost more than the rest of a record's clean-up in bulk (a snapshot's millions of
/// `id` fields). A plain ASCII id skips the unwrapping altogether.
extension ArxivID {
    /// The bare id and version of `raw`: `.some(nil)` for a plain id that is not valid, nil when
    /// `raw` is not plain (non-ASCII, spaces, a prefix, a URL: the general code reads those).
    static func plainASCII(_ raw: String) -> (String, Int?)?? {
        var raw = raw
        return raw.withUTF8 { bytes -> (String, Int?)?? in
            // Plain: letters, digits, `.`, `-` and at most one `/`, not at the end; no `.pdf` suffix.
            var slashes = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                     UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"): continue
                case UInt8(ascii: "/"): slashes += 1
                default: return nil
                }
            }
            guard let last = bytes.last, slashes <= 1, last != UInt8(ascii: "/"),
                  !bytes.reversed().starts(with: "fdp.".utf8) else { return nil }
            return .some(parse(bytes))
        }
    }

    /// The bare id and version of an unwrapped id: `2503.11677v2`, `math.AG/0601001`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, Int?)? {
        var body = bytes[...]
        var version: Int?
        if let v = bytes.lastIndex(of: UInt8(ascii: "v")), v > 0, let n = number(bytes[(v + 1)...]), (1...4).contains(bytes.count - v - 1), n > 0 {
            body = bytes[..<v]
            version = n
        }
        if isNewStyle(body) { return (String(decoding: body, as: UTF8.self), version) }
        return oldStyleBare(body).map { ($0, version) }
    }

    /// The value of ASCII digits (1 to 9 of them), nil for anything else.
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard (1...9).contains(digits.count) else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `YYMM.NNNN` from 0704 to 1412, `YYMM.NNNNN` from 1501 on (arXiv's identifier scheme).
    private static func isNewStyle(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard s.count == 9 || s.count == 10, s[s.startIndex + 4] == UInt8(ascii: "."),
              let yymm = number(s.prefix(4)), number(s.dropFirst(5)) != nil,
              (1...12).contains(yymm % 100), yymm >= 704 else { return false }
        return s.count - 5 == (yymm < 1501 ? 4 : 5)
    }

    /// `math.AG/0601001` → `math/0601001`; the archive is lower-case letters and hyphens, the number
    /// `YYMMNNN` with a real month.
    private static func oldStyleBare(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        guard let slash = s.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let digits = s[(slash + 1)...]
        guard digits.count == 7, number(digits) != nil, let month = number(digits.dropFirst(2).prefix(2)),
              (1...12).contains(month) else { return nil }
        let archive = s[..<slash].prefix { $0 != UInt8(ascii: ".") }
        guard !archive.isEmpty, archive.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "-") }) else {
            return nil
        }
        return String(decoding: archive, as: UTF8.self) + "/" + String(decoding: digits, as: UTF8.self)
    }
}
