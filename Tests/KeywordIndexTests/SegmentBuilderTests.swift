import Foundation
import Testing
@testable import KeywordIndex
import TestSupport

/// The builder gathers a document's occurrences per term before appending them to the term's
/// stream (frequencies packed two fields to a word): what a segment holds must be what the
/// analyser says of each document, for every field count, with the frequency cap kept.
@Suite struct SegmentBuilderTests {
    /// Per term, per document key: frequencies and positions field by field, from the analyser.
    static func expectedPostings(_ documents: [IndexDocument], fieldCount: Int) -> SegmentMergeTests.Postings {
        var all: SegmentMergeTests.Postings = [:]
        for document in documents {
            for field in 0..<min(fieldCount, document.fields.count) {
                for (position, word) in Analyzer.words(document.fields[field]).enumerated() {
                    let folded = Array(word.utf8)
                    var entries = [(String(decoding: Analyzer.stem(folded), as: UTF8.self), UInt32(position) as UInt32?)]
                    if let exact = Analyzer.exactTerm(folded) { entries.append((String(decoding: exact, as: UTF8.self), nil)) }
                    for (term, position) in entries {
                        var fields = all[term, default: [:]][document.key] ?? Array(repeating: [0], count: fieldCount)
                        guard fields[field][0] < UInt32(UInt16.max) else { continue }
                        fields[field][0] += 1
                        if let position { fields[field].append(position) }
                        all[term, default: [:]][document.key] = fields
                    }
                }
            }
        }
        return all
    }

    static func schema(fieldCount: Int) -> IndexSchema {
        IndexSchema(fields: (0..<fieldCount).map { .init(name: "f\($0)", weight: Float($0 + 1)) })
    }

    static func build(_ documents: [IndexDocument], schema: IndexSchema, in directory: URL, name: String) throws -> Segment {
        let build = SegmentBuild(schema: schema, temporaryDirectory: directory.path, threads: 1)
        for document in documents { try build.add(document) }
        let path = directory.appendingPathComponent(name + ".kwseg").path
        try build.finish(to: path)
        return try Segment(path: path)
    }

    @Test(arguments: 1...IndexSchema.maxFields)
    func everyFieldCountKeepsFrequenciesAndPositions(fieldCount: Int) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SplitMix64(state: 41 + UInt64(fieldCount))
        let corpus = EnginePropertyTests.randomCorpus(&rng, count: 600, firstKey: 0).map { document in
            var document = document
            // Four fields: the fourth repeats the title, so that words recur across fields.
            document.fields = Array((document.fields + [document.fields[0]]).prefix(fieldCount))
            return document
        }
        let segment = try Self.build(corpus, schema: Self.schema(fieldCount: fieldCount), in: directory, name: "seg")
        #expect(SegmentMergeTests.postings(of: segment) == Self.expectedPostings(corpus, fieldCount: fieldCount))
    }

    /// A word past 65,535 occurrences in one field keeps the first 65,535 (frequency and
    /// positions); the words after it keep their own positions.
    @Test func frequenciesStopAtTheCap() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let long = "Cats " + String(repeating: "cats ", count: 70_000) + "running dogs"
        let corpus = [
            IndexDocument(key: 7, fields: ["Running cats", long, "Cat"]),
            IndexDocument(key: 8, fields: ["dog", "cats and dogs", ""]),
        ]
        let segment = try Self.build(corpus, schema: testSchema, in: directory, name: "capped")
        let postings = SegmentMergeTests.postings(of: segment)
        #expect(postings == Self.expectedPostings(corpus, fieldCount: 3))
        let cat = try #require(postings["cat"]?[7])
        #expect(cat[1][0] == 65_535 && cat[1].count == 65_536 && cat[1].last == 65_534)
        #expect(postings["run"]?[7]?[1] == [1, 70_001])
        #expect(postings["=cats"]?[7]?[1] == [65_535])
        #expect(postings["dog"]?[8]?[1] == [1, 2])
    }
}
