/// Fixed-width bit packing of up to 128 values per block, in little-endian 64-bit words: the
/// postings' document gaps and frequencies take only as many bits as the block's largest value.
enum BitPacking {
    /// The bits needed for `value` (0 for 0).
    @inline(__always)
    static func width(_ value: UInt32) -> Int { value == 0 ? 0 : 32 - value.leadingZeroBitCount }

    /// Bytes that `count` values of `bits` bits take (whole words).
    @inline(__always)
    static func byteCount(count: Int, bits: Int) -> Int { (count * bits + 63) / 64 * 8 }

    static func pack(_ values: UnsafeBufferPointer<UInt32>, bits: Int, into out: inout RawBuffer<UInt8>) {
        guard bits > 0 else { return }
        let wordCount = byteCount(count: values.count, bits: bits) / 8
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: wordCount) { words in
            words.initialize(repeating: 0)
            for (i, value) in values.enumerated() {
                let bit = i * bits
                let word = bit >> 6, shift = bit & 63
                words[word] |= UInt64(value) << shift
                if shift + bits > 64 { words[word + 1] |= UInt64(value) >> (64 - shift) }
            }
            for word in words { out.appendLittleEndian(word) }
        }
    }

    /// Reads the `index`th value of `bits` bits at `source` alone (same bounds as `unpack`).
    @inline(__always)
    static func value(at index: Int, in source: UnsafeRawPointer, bits: Int) -> UInt32 {
        let bit = index * bits
        let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
        return UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & ((1 << UInt64(bits)) - 1))
    }

    /// Reads `count` values of `bits` bits from `source` (which holds `byteCount(count:bits:)`
    /// bytes and at least 8 readable bytes after them: a segment's footer always follows). One
    /// unaligned 8-byte load per value, no branch: a 32-bit value shifted by up to 7 bits fits.
    @inline(__always)
    static func unpack(_ source: UnsafeRawPointer, count: Int, bits: Int, into out: UnsafeMutablePointer<UInt32>) {
        guard bits > 0 else {
            out.update(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = (1 << UInt64(bits)) - 1
        var bit = 0
        for i in 0..<count {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
            out[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bits
        }
    }

    /// Reads `count` document gaps (each the distance to the previous document minus one) and
    /// writes the documents they lead to from `previous`, in one pass; returns the last one (as
    /// wide integers, so that a damaged block cannot wrap around unnoticed).
    @inline(__always)
    static func unpackGaps(_ source: UnsafeRawPointer, count: Int, bits: Int, after previous: Int64, into out: UnsafeMutablePointer<UInt32>) -> Int64 {
        let mask: UInt64 = bits == 0 ? 0 : (1 << UInt64(bits)) - 1
        var current = previous
        var bit = 0
        for i in 0..<count {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
            current += Int64(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask) + 1
            out[i] = UInt32(truncatingIfNeeded: current)
            bit += bits
        }
        return current
    }
}

/// Variable-length integers (7 bits a byte, high bit set on all but the last) for positions.
enum VByte {
    /// The most bytes one value takes.
    static let maxLength = 5

    /// Writes `value` at `out`, returning the bytes it took.
    @inline(__always)
    static func write(_ value: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var v = value
        var length = 0
        while v >= 0x80 {
            out[length] = UInt8(v & 0x7F) | 0x80
            v >>= 7
            length += 1
        }
        out[length] = UInt8(v)
        return length + 1
    }

    /// Reads one value at `offset` (advanced past it) from bytes this process wrote (`write`),
    /// which need no bounds checks.
    @inline(__always)
    static func read(_ base: UnsafePointer<UInt8>, _ offset: inout Int) -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            let byte = base[offset]
            offset += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// The bytes that the first `count` values in `bytes` take, nil when it holds fewer.
    static func length(of count: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        var remaining = count
        var length = 0
        while remaining > 0, length < bytes.count {
            if bytes[length] < 0x80 { remaining -= 1 }  // a value's last byte
            length += 1
        }
        return remaining == 0 ? length : nil
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
