import Foundation

/// A JSON value as a flat record's fields need it: strings and lists of them are kept, other
/// scalars only by kind.
enum ScannedJSON: Equatable {
    case string(String)
    case array([ScannedJSON])
    case object([String: ScannedJSON])
    case null
    /// A number or a boolean.
    case scalar
}

/// A strict, allocation-light JSON reader for one line of JSON Lines. `JSONDecoder` with
/// `Codable` spent more time on a Kaggle snapshot record than the store takes to write it; this
/// reads the same records several times faster. It returns nil for anything it does not fully
/// accept (invalid JSON, invalid UTF-8, a key given twice), and the caller then falls back to
/// `JSONDecoder`, which says what is wrong: messages about bad records stay what they were.
struct JSONLineScanner {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0

    /// The top-level object of `line`, or nil (see the type's description).
    static func object(_ line: ArraySlice<UInt8>) -> [String: ScannedJSON]? {
        line.withUnsafeBytes { buffer in
            var scanner = JSONLineScanner(bytes: buffer)
            guard case .object(let fields)? = scanner.value(depth: 0) else { return nil }
            scanner.skipWhitespace()
            return scanner.at == buffer.count ? fields : nil
        }
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private var current: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { at += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        at += 1
        return true
    }

    /// Deep nesting is not a metadata record: give it to the decoder (and keep the stack small).
    private static let maxDepth = 16

    private mutating func value(depth: Int) -> ScannedJSON? {
        skipWhitespace()
        guard let byte = current, depth < Self.maxDepth else { return nil }
        switch byte {
        case UInt8(ascii: "\""): return string().map(ScannedJSON.string)
        case UInt8(ascii: "{"):
            at += 1
            var fields: [String: ScannedJSON] = [:]
            if expect(UInt8(ascii: "}")) { return .object(fields) }
            repeat {
                skipWhitespace()
                guard let key = string(), expect(UInt8(ascii: ":")), let field = value(depth: depth + 1),
                      fields.updateValue(field, forKey: key) == nil else { return nil }
            } while expect(UInt8(ascii: ","))
            return expect(UInt8(ascii: "}")) ? .object(fields) : nil
        case UInt8(ascii: "["):
            at += 1
            var items: [ScannedJSON] = []
            if expect(UInt8(ascii: "]")) { return .array(items) }
            repeat {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            } while expect(UInt8(ascii: ","))
            return expect(UInt8(ascii: "]")) ? .array(items) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        case UInt8(ascii: "t"): return literal("true") ? .scalar : nil
        case UInt8(ascii: "f"): return literal("false") ? .scalar : nil
        default: return number() ? .scalar : nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count, memcmp(bytes.baseAddress! + at, word.utf8Start, count) == 0 else { return false }
        at += count
        return true
    }

    /// A JSON number, checked for its grammar: `-? int frac? exp?`.
    private mutating func number() -> Bool {
        func digits() -> Int {
            let start = at
            while let byte = current, (0x30...0x39).contains(byte) { at += 1 }
            return at - start
        }
        if current == UInt8(ascii: "-") { at += 1 }
        let first = current
        let integer = digits()
        guard integer > 0, first != 0x30 || integer == 1 else { return false }
        if current == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { return false }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            at += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }

    /// A string at `"`: without escapes, its bytes as they are; with them, decoded.
    private mutating func string() -> String? {
        guard current == UInt8(ascii: "\"") else { return nil }
        at += 1
        let start = at
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { return nil }
            at += 1
        }
        guard let stop = current else { return nil }
        if stop == UInt8(ascii: "\"") {
            at += 1
            return Self.text(UnsafeRawBufferPointer(rebasing: bytes[start..<at - 1]))
        }
        var decoded = Array(bytes[start..<at])
        while let byte = current {
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return decoded.withUnsafeBytes(Self.text)
            case UInt8(ascii: "\\"):
                guard let escape = escaped() else { return nil }
                decoded.append(contentsOf: escape)
            case 0..<0x20: return nil
            default: decoded.append(byte)
            }
        }
        return nil
    }

    /// UTF-8 bytes as a string, nil when they are not valid UTF-8. ASCII (most metadata) needs no
    /// validating, which costs more than the check.
    private static func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The UTF-8 bytes of the escape after a backslash.
    private mutating func escaped() -> [UInt8]? {
        guard let byte = current else { return nil }
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [byte]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"):
            guard var unit = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(unit) {  // a high surrogate: its low half must follow
                guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(unit) else { return nil }
            return Array(String(Character(scalar)).utf8)
        default: return nil
        }
    }

    private mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = current.flatMap({ Character(Unicode.Scalar($0)).hexDigitValue }) else { return nil }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}
