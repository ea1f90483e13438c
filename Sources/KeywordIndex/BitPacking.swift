/// Fixed-width bit packing of up to 128 values per block, in little-endian 64-bit words: the
/// postings' document gaps and frequencies take only as many bits as the block's largest value.
enum BitPacking {
    /// The bits needed for `value` (0 for 0).
    @inline(__always)
    static func width(_ value: UInt32) -> Int { value == 0 ? 0 : 32 - value.leadingZeroBitCount }

    /// Bytes that `count` values of `bits` bits take (whole words).
    @inline(__always)
    static func byteCount(count: Int, bits: Int) -> Int { (count * bits + 63) / 64 * 8 }

    static func pack(_ values: UnsafeBufferPointer<UInt32>, bits: Int, into out: inout [UInt8]) {
        guard bits > 0 else { return }
        var words = [UInt64](repeating: 0, count: byteCount(count: values.count, bits: bits) / 8)
        for (i, value) in values.enumerated() {
            let bit = i * bits
            let word = bit >> 6, shift = bit & 63
            words[word] |= UInt64(value) << shift
            if shift + bits > 64 { words[word + 1] |= UInt64(value) >> (64 - shift) }
        }
        for word in words { withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) } }
    }

    /// Reads `count` values of `bits` bits from `source` (which holds `byteCount(count:bits:)` bytes).
    @inline(__always)
    static func unpack(_ source: UnsafeRawPointer, count: Int, bits: Int, into out: UnsafeMutablePointer<UInt32>) {
        guard bits > 0 else {
            out.update(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
        let wordCount = byteCount(count: count, bits: bits) / 8
        for i in 0..<count {
            let bit = i * bits
            let word = bit >> 6, shift = bit & 63
            var value = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)) >> UInt64(shift)
            if shift + bits > 64, word + 1 < wordCount {
                value |= UInt64(littleEndian: source.loadUnaligned(fromByteOffset: (word + 1) * 8, as: UInt64.self)) << UInt64(64 - shift)
            }
            out[i] = UInt32(truncatingIfNeeded: value & mask)
        }
    }
}

/// Variable-length integers (7 bits a byte, high bit set on all but the last) for positions.
enum VByte {
    static func append(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Reads one value at `offset` (advanced past it), or nil when the bytes end before it does.
    @inline(__always)
    static func read(_ base: UnsafeRawPointer, _ offset: inout Int, end: Int) -> UInt32? {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while offset < end, shift < 35 {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
