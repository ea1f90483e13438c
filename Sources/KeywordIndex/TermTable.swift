import Foundation

/// An interning table from byte strings to dense ids (0, 1, 2, …), with no allocation per
/// lookup: the bytes live in one arena and an open-addressing table holds the ids. The segment
/// builder looks up every token of a million papers here, so it must not build a String each time.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    /// Per slot: the key's first eight bytes (zero-padded), and in the other word its id + 1 in
    /// the low 32 bits (0: empty), its length in the next 8 and part of its hash in the top 24.
    /// Most words are eight bytes or fewer, so a look-up usually compares two integers and
    /// reads no key bytes (reading them from the arena was two dependent loads per token more).
    private var slots: [Slot]
    private var mask: Int
    private struct Slot {
        var prefix: UInt64 = 0
        var entry: UInt64 = 0
    }

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    var count: Int { starts.count - 1 }

    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// The id of `key`, and whether it was just added.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(key)
        let check = Self.check(hash: hash, length: key.count)
        let prefix = Self.prefix(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int? = arena.withUnsafeBufferPointer { arena in
            slots.withUnsafeBufferPointer { slots in
                while true {
                    let entry = slots[slot].entry
                    if entry == 0 { return nil }
                    if entry & ~0xFFFF_FFFF == check, slots[slot].prefix == prefix {
                        let id = Int(entry & 0xFFFF_FFFF) - 1
                        // Eight bytes or fewer: the prefix and length in the slot are the key.
                        if key.count <= 8 { return id }
                        if starts[id + 1] - starts[id] == key.count, Self.equal(arena.baseAddress.map { $0 + starts[id] }, key) { return id }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        if let found { return (found, false) }
        let id = count
        arena.append(contentsOf: key)
        starts.append(arena.count)
        slots[slot] = Slot(prefix: prefix, entry: check | UInt64(id + 1))
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        mask = slots.count - 1
        for stored in old where stored.entry != 0 {
            let id = Int(stored.entry & 0xFFFF_FFFF) - 1
            let hash = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[starts[id]..<starts[id + 1]])) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].entry != 0 { slot = (slot + 1) & mask }
            slots[slot] = stored
        }
    }

    /// The high 32 bits of a slot's entry: 24 bits of the hash and the key's length (at most 255
    /// is told apart; longer keys are compared byte by byte anyway).
    @inline(__always)
    private static func check(hash: UInt64, length: Int) -> UInt64 {
        hash & 0xFFFF_FF00_0000_0000 | UInt64(min(length, 255)) << 32
    }

    /// The first eight bytes of `key`, little-endian, zero-padded.
    @inline(__always)
    private static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let start = key.baseAddress else { return 0 }
        if key.count >= 8 { return UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)) }
        var value: UInt64 = 0
        for i in 0..<key.count { value |= UInt64(start[i]) << (8 * UInt64(i)) }
        return value
    }

    /// Whether the `key.count` bytes at `stored` are `key`'s, eight at a time.
    @inline(__always)
    private static func equal(_ stored: UnsafePointer<UInt8>?, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let stored, let start = key.baseAddress else { return key.isEmpty }
        let a = UnsafeRawPointer(stored), b = UnsafeRawPointer(start)
        var i = 0
        while i + 8 <= key.count {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < key.count {
            if stored[i] != start[i] { return false }
            i += 1
        }
        return true
    }

    /// Eight bytes at a time, each step a multiply and a shift (most words are one or two
    /// steps; byte-at-a-time FNV-1a showed in the build's profile), then a final mix so that
    /// both the low bits (the slot) and the high bits (the tag) depend on every byte.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15
        guard let start = key.baseAddress else { return h }
        let raw = UnsafeRawPointer(start)
        var i = 0
        while i + 8 <= key.count {
            h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < key.count {
            tail |= UInt64(start[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }
}
