import Foundation
import Testing
import TextEncoder

/// More reference ids from the same library (tokenizers 0.23.3, made by Fixtures/make_reference_cases.py):
/// Unicode-version quirks, decomposing scripts, special-token fragments, 1,000 random strings,
/// 41 seed papers' title + abstract (the real workload, truncated at 256), and every scalar.
@Suite struct TokenizerExtraReferenceTests {
    @Test func edgeAndFuzzCasesMatch() throws {
        try expectAllMatch(file: "tokenizer-extra-cases.jsonl", expectedCount: 1034)
    }

    @Test func seedAbstractsMatch() throws {
        try expectAllMatch(file: "tokenizer-seed-cases.jsonl", expectedCount: 41)
    }

    /// Every scalar from U+0080 to U+10FFFF, alone and glued between two letters, against
    /// tokenizer-scalar-sweep.txt (consecutive scalars with equal ids merged into one line). Inside the
    /// few long uniform runs (unassigned planes, private use, ideograph blocks) the first and last
    /// 64 scalars and every 61st are checked; everything else scalar by scalar.
    @Test func everyScalarMatchesTheSweep() throws {
        let tokenizer = try TextEncoderFixtures.tokenizer()
        let data = try Data(contentsOf: TextEncoderFixtures.url("tokenizer-scalar-sweep.txt"))
        var failures: [String] = []
        var covered: UInt32 = 0, checked = 0, mismatches = 0
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let fields = String(decoding: line, as: UTF8.self).split(separator: " ")
            try #require(fields.count == 3, "malformed sweep line")
            let halves = fields[2].split(separator: ";", omittingEmptySubsequences: false)
            let first = try #require(UInt32(fields[0], radix: 16)), last = try #require(UInt32(fields[1], radix: 16))
            let glued = halves[0].split(separator: ",").compactMap { Int32($0) }
            let alone = halves.count > 1 ? halves[1].split(separator: ",").compactMap { Int32($0) } : []
            covered += last - first + 1
            for value in first...last {
                let offset = value - first, remaining = last - value
                guard offset < 64 || remaining < 64 || offset % 61 == 0, let scalar = Unicode.Scalar(value) else { continue }
                checked += 1
                let text = String(scalar)
                let gluedIds = tokenizer.encode("a" + text + "b"), aloneIds = tokenizer.encode(text)
                if gluedIds != glued || aloneIds != alone {
                    mismatches += 1
                    if failures.count < 50 {
                        failures.append("U+\(String(value, radix: 16, uppercase: true)): a_b \(gluedIds) vs \(glued), "
                            + "alone \(aloneIds) vs \(alone)")
                    }
                }
            }
        }
        #expect(covered == 0x110000 - 0x80 - 0x800, "the sweep covers every non-ASCII scalar")
        #expect(checked > 50_000)
        #expect(mismatches == 0, "\(mismatches) scalars differ (first 50):\n\(failures.joined(separator: "\n"))")
    }
}
