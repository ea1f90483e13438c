import Foundation

/// Text clean-up rules shared by every source.
public enum Text {
    /// Collapses hard line breaks and runs of whitespace into single spaces and trims the ends.
    /// LaTeX such as `$O(L \log L)$` is left exactly as written.
    public static func normalized(_ text: String) -> String {
        asciiNormalized(text) ?? scalarNormalized(text)
    }

    /// `normalized` scalar by scalar, for any text.
    static func scalarNormalized(_ text: String) -> String {
        var out = String()
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            // ASCII is decided without the Unicode property tables, which are slow to consult.
            let isSpace = scalar.isASCII ? scalar.value <= 0x20 || scalar.value == 0x7F : scalar.properties.isWhitespace
            if isSpace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A key under which two spellings of the same title compare equal: case, accents, punctuation
    /// and spacing ignored. Used to join records that carry no arXiv id (plain listings) to others.
    public static func titleKey(_ title: String) -> String {
        if let ascii = asciiTitleKey(title) { return ascii }
        let folded = title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = String()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    // Byte-level versions of the two rules above for pure-ASCII text, the common case: the
    // scalar-by-scalar versions dominated the cost of ingesting a snapshot. nil: not ASCII.
    private static func asciiNormalized(_ text: String) -> String? {
        var contiguous = text
        return contiguous.withUTF8 { bytes -> String? in
            // One pass that checks and writes (the first pass of a check, then a copy, cost more).
            try? String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                var index = 0
                while index < bytes.count {
                    // Eight bytes at a time where they stay as written (most of a paragraph), then
                    // byte by byte to the end of those eight: the byte loop was 2% of a bulk ingest.
                    if !pendingSpace, index + 8 <= bytes.count {
                        let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                        if staysAsWritten(word, first: count == 0) {
                            // `count` never passes `index`: the output has room for the eight.
                            UnsafeMutableRawPointer(out.baseAddress! + count).storeBytes(of: word, as: UInt64.self)
                            (count, index) = (count + 8, index + 8)
                            continue
                        }
                    }
                    for byte in bytes[index..<min(index + 8, bytes.count)] {
                        if byte > 0x20 && byte < 0x7F {
                            if pendingSpace { out[count] = 0x20; count += 1; pendingSpace = false }
                            out[count] = byte
                            count += 1
                        } else if byte >= 0x80 {
                            throw NotASCII()
                        } else {
                            pendingSpace = count > 0
                        }
                    }
                    index += 8
                }
                return count
            }
        }
    }

    /// Whether eight bytes (read little-endian), after a byte that was not white space, normalize
    /// to themselves: printable ASCII and single spaces, none at the end (nor at the start of
    /// the text: `first`). SWAR tests, each byte's result in its high bit; a test may flag a byte
    /// next to one it rightly flags (a borrow), which only sends the eight the byte-by-byte way.
    private static func staysAsWritten(_ word: UInt64, first: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let notPrintable = (word &- ones &* 0x20) | (word &+ ones)  // below 0x20, or 0x7F and above
        guard (notPrintable | word) & highs == 0 else { return false }
        let spaceBits = word ^ (ones &* 0x20)  // zero bytes where `word` has spaces
        let spaces = (spaceBits &- ones) & ~spaceBits & highs
        let edges: UInt64 = first ? 0x8000_0000_0000_0080 : 0x8000_0000_0000_0000  // the last byte, and the first at the start
        return spaces & (spaces << 8) == 0 && spaces & edges == 0
    }

    private struct NotASCII: Error {}

    /// Whether `text` holds the ASCII byte `byte`, found by `memchr`: asking `utf8` byte by
    /// byte, for a backslash in every abstract, showed in a bulk ingest's profile.
    static func contains(_ byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        }
    }

    private static func asciiTitleKey(_ title: String) -> String? {
        var title = title
        return title.withUTF8 { bytes -> String? in
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                let lower = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                if (0x61...0x7A).contains(lower) || (0x30...0x39).contains(lower) {
                    if pendingSpace && !out.isEmpty { out.append(0x20) }
                    pendingSpace = false
                    out.append(lower)
                } else {
                    pendingSpace = true
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A stable 64-bit FNV-1a hash, for identifiers derived from text (not for security).
    public static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension Text {
    /// Repairs UTF-8 text that was decoded as Latin-1 somewhere upstream (`WÃ¼bben` → `Wübben`),
    /// as in author names of recorded arXiv API responses. Text is changed only when every character
    /// is a Latin-1 one and their bytes form valid UTF-8 with at least one multi-byte sequence, which
    /// correct text practically never does; anything else is returned unchanged.
    public static func repairingMojibake(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: { (0xC2...0xF4).contains($0.value) }),
              scalars.allSatisfy({ $0.value <= 0xFF }) else { return text }
        let bytes = scalars.map { UInt8($0.value) }
        return String(validating: bytes, as: UTF8.self) ?? text
    }
}
