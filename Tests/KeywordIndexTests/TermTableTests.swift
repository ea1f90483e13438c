import Testing
@testable import KeywordIndex
import TestSupport

/// The builder's interning table compares a slot's first eight key bytes and length before any
/// key bytes: keys that share those (or a hash) must still get ids of their own.
@Suite struct TermTableTests {
    @Test func keysSharingPrefixesLengthsOrSlotsKeepTheirOwnIds() {
        var rng = SplitMix64(state: 5)
        var keys: [[UInt8]] = [[], [0x61], Array("abcdefgh".utf8), Array("abcdefghi".utf8), Array("abcdefgh".utf8) + [0xC3, 0xA9],
                               Array(repeating: 0x7A, count: 300), Array(repeating: 0x7A, count: 301), Array("abcdefg".utf8),
                               // Longer than a slot's length field holds: the longer one first, then its prefix.
                               Array(repeating: 0x79, count: 301), Array(repeating: 0x79, count: 300)]
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...20, using: &rng)
            // Few letters, so that many keys share their first eight bytes.
            keys.append((0..<length).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0..<3, using: &rng) })
        }
        var table = TermTable(capacity: 4)
        var expected: [[UInt8]: Int] = [:]
        for key in keys {
            let (id, isNew) = key.withUnsafeBufferPointer { table.intern($0) }
            #expect(isNew == (expected[key] == nil))
            if let known = expected[key] { #expect(id == known) } else { expected[key] = id }
            #expect(Array(table.bytes(id)) == key)
        }
        #expect(table.count == expected.count)
        for (key, id) in expected {
            #expect(key.withUnsafeBufferPointer { table.intern($0) } == (id, false))
        }
    }
}
