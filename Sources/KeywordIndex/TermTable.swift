import Foundation

/// An interning table from byte strings to dense ids (0, 1, 2, …), with no allocation per
/// lookup: the bytes live in one arena and an open-addressing table holds the ids. The segment
/// builder looks up every token of a million papers here, so it must not build a String each time.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    /// Per slot: id + 1 in the low 32 bits (0: empty) and the key's hash in the high 32, so that
    /// a probe past another key compares two integers and does not read that key's bytes.
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { starts.count - 1 }

    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// The id of `key`, and whether it was just added.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(key)
        let tag = hash & ~0xFFFF_FFFF
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int? = arena.withUnsafeBufferPointer { arena in
            slots.withUnsafeBufferPointer { slots in
                while true {
                    let entry = slots[slot]
                    if entry == 0 { return nil }
                    if entry & ~0xFFFF_FFFF == tag {
                        let id = Int(entry & 0xFFFF_FFFF) - 1
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
        slots[slot] = tag | UInt64(id + 1)
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        arena.withUnsafeBufferPointer { arena in
            for id in 0..<count {
                let hash = Self.hash(UnsafeBufferPointer(rebasing: arena[starts[id]..<starts[id + 1]]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = hash & ~0xFFFF_FFFF | UInt64(id + 1)
            }
        }
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
