import Foundation
import TestSupport
import Testing
import VectorIndex

@Suite struct PersistenceTests {
    static let data = ClusteredVectors(count: 800, dimension: 32, clusters: 8)

    static func hnsw() throws -> HNSWIndex {
        var parameters = HNSWParameters()
        parameters.m = 8
        parameters.efSearch = 40
        let index = try HNSWIndex(dimension: data.dimension, parameters: parameters)
        try index.upsert(ids: data.ids, vectors: data.vectors)
        for id in data.ids.prefix(50) { index.remove(id) }
        return index
    }

    func withFile(_ body: (String) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.appendingPathComponent("vectors.index").path)
    }

    @Test func hnswRoundTripAnswersTheSame() throws {
        let index = try Self.hnsw()
        try withFile { path in
            try index.save(to: path)
            let loaded = try HNSWIndex.load(from: path)
            #expect(loaded.count == index.count && loaded.removedCount == index.removedCount)
            #expect(loaded.efSearch == 40 && loaded.parameters.m == 8)
            for query in Self.data.queries {
                #expect(try loaded.search(query, k: 10) == index.search(query, k: 10))
            }
            // It keeps taking vectors after loading, and keeps the removed ones out.
            try loaded.upsert(id: -1, vector: Self.data.queries[0])
            #expect(try loaded.search(Self.data.queries[0], k: 1).first?.id == -1)
            #expect(try !loaded.search(Self.data.row(0), k: 20).contains { $0.id == Self.data.ids[0] })
            // Saving over an existing file replaces it, and leaves no temporary file behind.
            try loaded.save(to: path)
            #expect(try HNSWIndex.load(from: path).count == index.count + 1)
            let folder = (path as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["vectors.index"])
        }
    }

    @Test func anUnsetEFStaysUnset() throws {
        try withFile { path in
            let index = try HNSWIndex(dimension: Self.data.dimension)
            try index.upsert(ids: Array(Self.data.ids.prefix(100)), vectors: Array(Self.data.vectors.prefix(100 * Self.data.dimension)))
            try index.save(to: path)
            #expect(try HNSWIndex.load(from: path).efSearch == nil)
        }
    }

    @Test func flatAndAdaptiveRoundTrip() throws {
        try withFile { path in
            let flat = try FlatIndex(dimension: Self.data.dimension)
            try flat.upsert(ids: Self.data.ids, vectors: Self.data.vectors)
            try flat.save(to: path)
            let loaded = try FlatIndex.load(from: path)
            for query in Self.data.queries { #expect(try loaded.search(query, k: 10) == flat.search(query, k: 10)) }
            let adaptive = try AdaptiveVectorIndex.load(from: path)
            #expect(!adaptive.isApproximate && adaptive.count == Self.data.count)
            #expect(throws: VectorIndexError.corruptFile("not an HNSW index")) { try HNSWIndex.load(from: path) }
            // Past the threshold, loaded exact vectors become a graph.
            #expect(try AdaptiveVectorIndex.load(from: path, strategy: .automatic(threshold: 100)).isApproximate)
        }
    }

    /// Every damage a file can come to: each must be reported as an error, none may crash.
    @Test func damagedFilesAreRejected() throws {
        let index = try Self.hnsw()
        try withFile { path in
            try index.save(to: path)
            let good = try Data(contentsOf: URL(fileURLWithPath: path))
            var random = SplitMix64(state: 42)
            var damaged: [(String, Data)] = [
                ("empty", Data()), ("header only", good.prefix(80)), ("truncated", good.prefix(good.count / 2)),
                ("one byte short", good.dropLast()), ("one byte more", good + [0]),
                ("not an index", Data("hello, world".utf8)),
                ("random bytes", Data((0..<good.count).map { _ in UInt8.random(in: 0...255, using: &random) })),
            ]
            for offset in [0, 9, 20, 40, 60, 75, 80, 200, good.count / 2, good.count - 1] {
                var bytes = good
                bytes[offset] ^= 0x5A
                damaged.append(("byte \(offset) flipped", bytes))
            }
            for (label, bytes) in damaged {
                try bytes.write(to: URL(fileURLWithPath: path))
                #expect(throws: VectorIndexError.self, "\(label)") { try HNSWIndex.load(from: path) }
                #expect(throws: VectorIndexError.self, "\(label)") { try AdaptiveVectorIndex.load(from: path) }
            }
            #expect(throws: VectorIndexError.self) { try HNSWIndex.load(from: path + ".missing") }
        }
    }
}
