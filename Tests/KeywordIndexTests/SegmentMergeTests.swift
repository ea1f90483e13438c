import Foundation
import Testing
@testable import KeywordIndex
import TestSupport

/// Merging by copying postings blocks (inputs without deletions) must keep every posting, and
/// give every term the block maxima and dictionary entry that encoding the postings afresh gives.
@Suite struct SegmentMergeTests {
    /// Per term, per document key: its frequencies and positions, field by field.
    typealias Postings = [String: [Int64: [[UInt32]]]]

    static func postings(of segment: Segment) -> Postings {
        var all: Postings = [:]
        for t in 0..<segment.termCount {
            let matcher = TermMatcher(segment: segment, info: segment.info(at: t), idf: 1, field: nil)
            var byKey: [Int64: [[UInt32]]] = [:]
            while matcher.doc != Matcher.end {
                byKey[segment.key(Int(matcher.doc))] = (0..<segment.fieldCount).map { field in
                    [UInt32(matcher.frequency(field: field))] + Array(matcher.positions(field: field))
                }
                _ = matcher.advance(to: matcher.doc + 1)
            }
            #expect(!matcher.damaged)
            all[String(decoding: segment.term(at: t), as: UTF8.self)] = byKey
        }
        return all
    }

    /// Inputs of 1 to 1,161 documents, so that terms end in short blocks inside the merged
    /// postings; then a second merge over a merged segment, which joins those short blocks.
    @Test func copiedBlocksHoldEveryPostingOfOneBuiltSegment() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SplitMix64(state: 23)
        let corpus = EnginePropertyTests.randomCorpus(&rng, count: 3_000, firstKey: 0)
        let whole = try makeSegment(corpus, in: directory, name: "whole")
        var parts: [Segment] = []
        var start = 0
        for (p, size) in [1, 5, 130, 700, 3, 1_000, 1_161].enumerated() {
            parts.append(try makeSegment(Array(corpus[start..<(start + size)]), in: directory, name: "part\(p)"))
            start += size
        }
        let firstPath = directory.appendingPathComponent("first.kwseg").path
        try SegmentMerger(segments: Array(parts[0..<4]), deleted: [nil, nil, nil, nil]).write(to: firstPath)
        let first = try Segment(path: firstPath)
        let mergedPath = directory.appendingPathComponent("merged.kwseg").path
        try SegmentMerger(segments: [first] + parts[4...], deleted: [nil, nil, nil, nil]).write(to: mergedPath)
        let merged = try Segment(path: mergedPath)

        #expect(merged.documentCount == corpus.count)
        #expect(Self.postings(of: merged) == Self.postings(of: whole))
        for t in 0..<whole.termCount {
            let term = whole.term(at: t)
            let expected = whole.info(at: t)
            let got = try #require(merged.info(for: Array(term)))
            #expect(got.documentFrequency == expected.documentFrequency)
            #expect(abs(got.maxImpact - expected.maxImpact) <= 1e-5 * max(1, expected.maxImpact), "term \(String(decoding: term, as: UTF8.self))")
            // Full blocks were copied, not split: at most one short block per input beyond what
            // 128-document blocks need.
            #expect(got.blockCount <= (got.documentFrequency + 127) / 128 + 4)
        }
        // The common terms' blocks really were copied (most blocks full), and short ones exist.
        let common = try #require((0..<merged.termCount).max { merged.info(at: $0).documentFrequency < merged.info(at: $1).documentFrequency })
        let info = merged.info(at: common)
        #expect(info.blockCount > (info.documentFrequency + 127) / 128)
        #expect((0..<info.blockCount).filter { merged.storedBlock($0, of: info).count == SegmentFormat.blockSize }.count >= info.documentFrequency / 128 - 4)
    }

    /// The block maxima of a merged segment bound the scores in each block, as the search's block
    /// skipping needs: top-k over merged inputs equals exhaustive scoring.
    @Test func searchOverCopiedBlocksEqualsExhaustiveScoring() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SplitMix64(state: 29)
        let corpus = EnginePropertyTests.randomCorpus(&rng, count: 2_000, firstKey: 0)
        let parts = try [0..<300, 300..<317, 317..<1_400, 1_400..<2_000].enumerated().map { p, range in
            try makeSegment(Array(corpus[range]), in: directory, name: "part\(p)")
        }
        let path = directory.appendingPathComponent("merged.kwseg").path
        try SegmentMerger(segments: parts, deleted: parts.map { _ in nil }).write(to: path)
        let snapshot = IndexSnapshot(segments: [try Segment(path: path)])
        let scorer = ExhaustiveScorer(segments: [corpus])
        for q in 0..<150 {
            let query = EnginePropertyTests.randomQuery(&rng)
            let k = [1, 5, 10, 30].randomElement(using: &rng)!
            EnginePropertyTests.expectSameTop(try snapshot.search(query, limit: k), scorer.all(query), k: k, "query \(q) \(query)")
        }
    }

    /// With deletions, postings are decoded and encoded again: a merge that drops documents
    /// holds exactly the postings of a segment built from the others.
    @Test func mergingWithDeletionsKeepsThePostingsOfTheOthers() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SplitMix64(state: 31)
        let corpus = EnginePropertyTests.randomCorpus(&rng, count: 1_500, firstKey: 0)
        let parts = try [0..<700, 700..<1_500].enumerated().map { p, range in
            try makeSegment(Array(corpus[range]), in: directory, name: "part\(p)")
        }
        // Every third document of each part deleted (bits by the part's own numbering).
        let deleted = parts.map { part -> [UInt64]? in
            var bits = [UInt64](repeating: 0, count: (part.documentCount + 63) / 64)
            for doc in stride(from: 0, to: part.documentCount, by: 3) { bits[doc >> 6] |= 1 << UInt64(doc & 63) }
            return bits
        }
        let survivors = parts.flatMap { part in (0..<part.documentCount).filter { $0 % 3 != 0 }.map { part.key($0) } }
        let path = directory.appendingPathComponent("merged.kwseg").path
        try SegmentMerger(segments: parts, deleted: deleted).write(to: path)
        let merged = try Segment(path: path)
        let expected = try makeSegment(corpus.filter { survivors.contains($0.key) }, in: directory, name: "expected")
        #expect(merged.documentCount == survivors.count)
        #expect(Self.postings(of: merged) == Self.postings(of: expected))
    }
}
