import Foundation
import Testing
import KeywordIndex
import TestSupport

/// Commits, updates, deletions and merges of a live index, and what a reopen sees.
@Suite struct IndexDirectoryTests {
    func doc(_ key: Int64, _ title: String) -> IndexDocument { IndexDocument(key: key, fields: [title, "", ""]) }

    func keys(_ index: IndexDirectory, _ text: String) throws -> Set<Int64> {
        Set(try index.snapshot.search(IndexQuery(anyOf: text), limit: 100).map(\.key))
    }

    @Test func updatesReplaceDeletesRemoveAndReopenSeesTheLastCommit() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try IndexDirectory(path: directory.path, schema: testSchema)
        try index.commit(adding: [doc(1, "sparse attention"), doc(2, "dense attention"), doc(3, "graph networks")], userData: ["mark": "a"])
        try index.commit(adding: [doc(2, "graph attention")], deleting: [3], userData: ["mark": "b"])
        #expect(try keys(index, "dense") == [])
        #expect(try keys(index, "graph") == [2])
        #expect(try keys(index, "attention") == [1, 2])
        #expect(index.snapshot.liveDocumentCount == 2)
        // A crash mid-write leaves temporary files: the next open removes them and reads the commit.
        FileManager.default.createFile(atPath: directory.appendingPathComponent("seg-9.kwseg.tmp-1").path, contents: Data([1, 2, 3]))
        let reopened = try IndexDirectory(path: directory.path, schema: testSchema)
        #expect(reopened.userData == ["mark": "b"])
        #expect(try keys(reopened, "attention graph sparse dense") == [1, 2])
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("seg-9.kwseg.tmp-1").path))
    }

    @Test func manySmallCommitsAreMergedAndKeepTheirDocuments() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try IndexDirectory(path: directory.path, schema: testSchema)
        for i in 0..<20 { try index.commit(adding: [doc(Int64(i), "paper \(i) common")], deleting: i > 0 ? [Int64(i - 1)] : [], userData: [:]) }
        #expect(index.snapshot.segments.count <= IndexDirectory.maxSegments)
        #expect(try keys(index, "common") == [19])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".kwseg") }
        #expect(files.count == index.snapshot.segments.count)
    }

    @Test func aDamagedCommitPointIsAnError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{not json".utf8).write(to: directory.appendingPathComponent("COMMIT"))
        #expect(throws: KeywordIndexError.self) { _ = try IndexDirectory(path: directory.path, schema: testSchema) }
    }
}
