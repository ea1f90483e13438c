import Foundation
import Testing
@testable import KeywordIndex
import TestSupport

/// A segment file that is truncated, damaged or crafted is an error naming it, never a crash;
/// building on several threads gives the same results as one segment.
@Suite struct SegmentFileTests {
    func corpus(_ count: Int) -> [IndexDocument] {
        var rng = SplitMix64(state: 7)
        return EnginePropertyTests.randomCorpus(&rng, count: count, firstKey: 0)
    }

    func expectDamaged(_ path: String) {
        #expect {
            _ = try Segment(path: path)
        } throws: { error in
            guard case .damaged(let damagedPath, _) = error as? KeywordIndexError else { return false }
            return damagedPath == path
        }
    }

    @Test func truncatedAndFlippedFilesAreRejected() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let segment = try makeSegment(corpus(400), in: directory)
        let original = try Data(contentsOf: URL(fileURLWithPath: segment.path))
        let damaged = directory.appendingPathComponent("damaged.kwseg").path
        for length in [0, 7, 127, original.count / 2, original.count - 1] {
            try original.prefix(length).write(to: URL(fileURLWithPath: damaged))
            expectDamaged(damaged)
        }
        var rng = SplitMix64(state: 11)
        for _ in 0..<20 {
            var bytes = original
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            try bytes.write(to: URL(fileURLWithPath: damaged))
            expectDamaged(damaged)
        }
    }

    /// A block header pointing past its postings, with the checksum made to match: only the
    /// structural checks stand between it and a read out of bounds.
    @Test func craftedHeadersWithValidChecksumsAreRejected() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let segment = try makeSegment(corpus(400), in: directory)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment.path)))
        let crafted = directory.appendingPathComponent("crafted.kwseg").path
        // The first term's first block header starts the file: last document, data offset, positions offset.
        for (offset, value) in [(0, UInt32(1_000_000)), (4, UInt32(0xFFFF_FF00)), (8, UInt32(3))] {
            var bytes = original
            withUnsafeBytes(of: value.littleEndian) { for (i, byte) in $0.enumerated() { bytes[offset + i] = byte } }
            let body = bytes.count - SegmentFormat.footerSize
            let crc = UInt64(bytes.withUnsafeBytes { SegmentFormat.crc(UnsafeRawBufferPointer(rebasing: $0[0..<body]), into: 0) })
            withUnsafeBytes(of: crc.littleEndian) { for (i, byte) in $0.enumerated() { bytes[body + 16 + 12 * 8 + i] = byte } }
            try Data(bytes).write(to: URL(fileURLWithPath: crafted))
            expectDamaged(crafted)
        }
    }

    @Test func segmentsPerThreadSearchLikeOneSegment() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let documents = corpus(1_500)
        let single = try makeSegment(documents, in: directory)
        let build = SegmentBuild(schema: testSchema, temporaryDirectory: directory.path, flushPositions: 5_000, threads: 2)
        for document in documents { try build.add(document) }
        let paths = try build.finishSegments(prefix: directory.appendingPathComponent("threaded").path)
        #expect(paths.count == 2)
        let threaded = IndexSnapshot(segments: try paths.map(Segment.init(path:)))
        #expect(threaded.documentCount == documents.count)
        for text in ["model", "neural network", "quokka zebra", "the of and"] {
            for query in [IndexQuery(allOf: text), IndexQuery(anyOf: text)] {
                let one = try IndexSnapshot(segments: [single]).search(query, limit: 10)
                let two = try threaded.search(query, limit: 10)
                // Per-segment average lengths differ a little, so compare the keys found, not exact scores.
                #expect(Set(one.map(\.key)).intersection(two.map(\.key)).count >= min(one.count, 8), "\(text)")
            }
        }
    }
}
