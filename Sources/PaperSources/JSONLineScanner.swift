import Foundation

/// A strict, allocation-light JSON reader for one line of JSON Lines, read in place: the caller
/// asks for the value it expects at each step (an object's members, a string, a list), and values
/// it has no use for are checked and stepped over without being built. `JSONDecoder` with
/// `Codable` spent more time on a Kaggle snapshot record than the store takes to write it, and a
/// dictionary of every field per line still cost more than the fields themselves.
/// Every read returns nil (or false) for anything the reader does not fully accept (invalid JSON,
/// invalid UTF-8, a key given twice, nesting deeper than 16); the caller then falls back to
/// `JSONDecoder`, which says what is wrong: messages about bad records stay what they were.
struct JSONLineScanner: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var at = 0
    /// The keys of the objects being read, innermost last, to refuse a key given twice: their
    /// bytes in the line, and whether those are plain ASCII (no escapes).
    private var keys: [(range: Range<Int>, plain: Bool)] = []
    /// Decoded bytes of the string being read, when it has escapes.
    private var decoded: [UInt8] = []

    /// Runs `read` on `line` and returns its result if it read the whole line (up to trailing whitespace).
    static func read<Result>(_ line: ArraySlice<UInt8>, _ read: (inout JSONLineScanner) -> Result?) -> Result? {
        line.withUnsafeBytes { buffer in
            var scanner = JSONLineScanner(bytes: buffer)
            guard let result = read(&scanner) else { return nil }
            scanner.skipWhitespace()
            return scanner.at == buffer.count ? result : nil
        }
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        keys.reserveCapacity(24)
    }

    /// Deep nesting is not a metadata record: give it to the decoder (and keep the stack small).
    static let maxDepth = 16

    /// What a value turned out to be, for fields that take one kind only.
    enum Kind { case string, null, array, object, other }

    /// The kind of the next value, without reading it (nil at the end of the line).
    mutating func peek() -> Kind? {
        skipWhitespace()
        guard at < bytes.count else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "{"): return .object
        default: return .other
        }
    }

    /// Reads `null`.
    mutating func null() -> Bool { peek() == .null && literal("null") }

    /// Reads an object at nesting `depth` (0: the line itself), calling `member` with each key and
    /// the reader at the key's value, which `member` must read (or step over with `skip`).
    mutating func object(depth: Int, _ member: (inout JSONLineScanner, String) -> Bool) -> Bool {
        guard depth < Self.maxDepth, peek() == .object else { return false }
        at += 1
        let firstKey = keys.count
        defer { keys.removeSubrange(firstKey...) }
        if expect(UInt8(ascii: "}")) { return true }
        repeat {
            skipWhitespace()
            guard let key = key(since: firstKey), expect(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while expect(UInt8(ascii: ","))
        return expect(UInt8(ascii: "}"))
    }

    /// Reads an array at nesting `depth`, calling `element` with the reader at each element.
    mutating func array(depth: Int, _ element: (inout JSONLineScanner) -> Bool) -> Bool {
        guard depth < Self.maxDepth, peek() == .array else { return false }
        at += 1
        if expect(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while expect(UInt8(ascii: ","))
        return expect(UInt8(ascii: "]"))
    }

    /// Checks and steps over any value at nesting `depth`.
    mutating func skip(depth: Int) -> Bool {
        guard depth < Self.maxDepth, let kind = peek() else { return false }
        switch kind {
        case .string: return string() != nil
        case .null: return literal("null")
        case .array: return array(depth: depth) { $0.skip(depth: depth + 1) }
        case .object: return object(depth: depth) { scanner, _ in scanner.skip(depth: depth + 1) }
        case .other:
            if bytes[at] == UInt8(ascii: "t") { return literal("true") }
            if bytes[at] == UInt8(ascii: "f") { return literal("false") }
            return number()
        }
    }

    /// A string at nesting `depth`, or `null` (as `.some(nil)`); nil for anything else.
    mutating func stringOrNull(depth: Int) -> String?? {
        guard depth < Self.maxDepth else { return nil }
        switch peek() {
        case .string?: return string().map { .some($0) }
        case .null?: return literal("null") ? .some(nil) : nil
        default: return nil
        }
    }

    /// A string (its bytes as they are when it has no escapes, else decoded), or nil.
    mutating func string() -> String? {
        guard let (start, end, clean, ascii) = stringBytes() else { return nil }
        if clean { return Self.text(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), ascii: ascii) }
        return decoded.withUnsafeBytes { Self.text($0, ascii: ascii) }
    }

    /// An object key, refused when the same object had it already. Keys are compared as strings
    /// are (`é` written precomposed or not is one key), as the decoder compares them.
    private mutating func key(since firstKey: Int) -> String? {
        guard let (start, end, clean, ascii) = stringBytes() else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        let plain = clean && ascii
        guard let key = clean ? Self.text(raw, ascii: ascii) : decoded.withUnsafeBytes({ Self.text($0, ascii: ascii) }) else { return nil }
        for earlier in keys[firstKey...] {
            if plain && earlier.plain {
                if earlier.range.count == raw.count && memcmp(bytes.baseAddress! + earlier.range.lowerBound, raw.baseAddress!, raw.count) == 0 { return nil }
            } else {
                // Escapes or non-ASCII on either side (never in real dumps): compare the decoded strings.
                var scanner = JSONLineScanner(bytes: UnsafeRawBufferPointer(rebasing: bytes[(earlier.range.lowerBound - 1)...]))
                if scanner.string() == key { return nil }
            }
        }
        keys.append((start..<end, plain))
        return key
    }

    /// Steps over a string at `"`: the range of its raw bytes, whether they are its text as they
    /// stand (no escapes; otherwise `decoded` holds its bytes with the escapes decoded), and
    /// whether the text is all ASCII.
    private mutating func stringBytes() -> (Int, Int, Bool, Bool)? {
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        at += 1
        let start = at
        var high: UInt64 = 0
        var escaped = false
        while true {
            let run = at
            high |= skipPlainRun()
            if escaped { decoded.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<at])) }
            guard at < bytes.count else { return nil }
            let byte = bytes[at]
            at += 1
            if byte == UInt8(ascii: "\"") { return (start, at - 1, !escaped, high & 0x80 == 0) }
            guard byte == UInt8(ascii: "\\") else { return nil }  // a control byte
            if !escaped {
                escaped = true
                decoded.removeAll(keepingCapacity: true)
                decoded.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<(at - 1)]))
            }
            guard let escapeHigh = unescape() else { return nil }
            high |= UInt64(escapeHigh)
        }
    }

    /// Steps to the next quote, backslash or control byte (or the end), eight bytes at a time
    /// where it can: abstracts are most of a line. Returns the OR of the bytes passed.
    private mutating func skipPlainRun() -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        var high: UInt64 = 0
        while at + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            // A quote, a backslash, or a byte below 0x20 (the classic "has less than" test).
            if hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) || (word &- ones &* 0x20) & ~word & highs != 0 { break }
            high |= word
            at += 8
        }
        while at < bytes.count {
            let byte = bytes[at]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            high |= UInt64(byte)
            at += 1
        }
        return high
    }

    /// UTF-8 bytes as a string, nil when they are not valid UTF-8; ASCII needs no validating.
    private static func text(_ bytes: UnsafeRawBufferPointer, ascii: Bool) -> String? {
        ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
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
            while at < bytes.count, (0x30...0x39).contains(bytes[at]) { at += 1 }
            return at - start
        }
        func next(_ byte: UInt8) -> Bool { at < bytes.count && bytes[at] == byte }
        if next(UInt8(ascii: "-")) { at += 1 }
        let first = at < bytes.count ? bytes[at] : nil
        let integer = digits()
        guard integer > 0, first != 0x30 || integer == 1 else { return false }
        if next(UInt8(ascii: ".")) {
            at += 1
            guard digits() > 0 else { return false }
        }
        if next(UInt8(ascii: "e")) || next(UInt8(ascii: "E")) {
            at += 1
            if next(UInt8(ascii: "+")) || next(UInt8(ascii: "-")) { at += 1 }
            guard digits() > 0 else { return false }
        }
        return true
    }

    /// Appends to `decoded` the UTF-8 bytes of the escape after a backslash; returns their high bit
    /// (0x80 for non-ASCII), nil for an invalid escape.
    private mutating func unescape() -> UInt8? {
        guard at < bytes.count else { return nil }
        let byte = bytes[at]
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(byte)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            guard var unit = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(unit) {  // a high surrogate: its low half must follow
                guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(unit) else { return nil }
            decoded.append(contentsOf: UTF8.encode(scalar)!)
            return unit < 0x80 ? 0 : 0x80
        default: return nil
        }
        return 0
    }

    private mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at] | 0x20  // folds A-F to a-f; no other byte becomes a hex digit
            let digit: UInt8
            switch byte {
            case 0x30...0x39 where bytes[at] == byte: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            at += 1
        }
        return value
    }
}
