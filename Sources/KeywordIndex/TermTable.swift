import Foundation

/// An interning table from byte strings to dense ids (0, 1, 2, …), with no allocation per
/// lookup: the bytes live in one arena and an open-addressing table holds the ids. The segment
/// builder looks up every token of a million papers here, so it must not build a String each time.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int] = [0]
    private var hashes: [Int] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { starts.count - 1 }

    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// The id of `key`, and whether it was just added.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(key)
        var slot = hash & mask
        let found: Int? = arena.withUnsafeBufferPointer { arena in
            while true {
                let id = Int(slots[slot])
                if id < 0 { return nil }
                if hashes[id] == hash, starts[id + 1] - starts[id] == key.count,
                   key.isEmpty || memcmp(arena.baseAddress! + starts[id], key.baseAddress!, key.count) == 0 { return id }
                slot = (slot + 1) & mask
            }
        }
        if let found { return (found, false) }
        let id = count
        arena.append(contentsOf: key)
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = Int32(id)
        if count * 2 > slots.count { grow() }
        return (id, true)
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<count {
            var slot = hashes[id] & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// FNV-1a, folded so that the low bits (the slot) depend on every byte.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
