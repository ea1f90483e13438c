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
        // Commits only add segments; merging is a step of its own.
        #expect(index.snapshot.segments.count == 20)
        while try index.merge() {}
        #expect(index.snapshot.segments.count <= IndexDirectory.maxSegments)
        #expect(try keys(index, "common") == [19])
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".kwseg") }
        #expect(files.count == index.snapshot.segments.count)
    }

    /// Ten commits of three papers each, keys 0 to 29, every one with "common".
    func tenCommits(_ index: IndexDirectory) throws {
        for c in 0..<10 {
            try index.commit(adding: (0..<3).map { doc(Int64(c * 3 + $0), "paper \(c * 3 + $0) common") }, userData: ["commit": "\(c)"])
        }
    }

    @Test func aMergeLargerThanTheLimitWaitsAndLeavesNoClaimBehind() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try IndexDirectory(path: directory.path, schema: testSchema)
        try tenCommits(index)  // the smallest four segments hold 12 papers
        #expect(try index.prepareMerge(maxDocuments: 11) == nil)
        #expect(index.snapshot.segments.count == 10)
        let pending = try #require(try index.prepareMerge(maxDocuments: 12))
        #expect(try index.completeMerge(pending))
        #expect(index.snapshot.segments.count == 10 - IndexDirectory.mergeWidth + 1)
        #expect(try keys(index, "common") == Set(0...29))
    }

    @Test func commitsGoOnWhileAMergeIsWrittenAndItsDeletionsCarryOver() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try IndexDirectory(path: directory.path, schema: testSchema)
        try tenCommits(index)
        let pending = try #require(try index.prepareMerge())
        #expect(try index.prepareMerge() == nil)  // one merge at a time
        // Meanwhile: papers 0 and 1 (in merged segments) deleted and updated, a new one added.
        try index.commit(adding: [doc(1, "paper one rewritten"), doc(30, "paper 30 common")], deleting: [0], userData: ["commit": "during"])
        #expect(try index.completeMerge(pending))
        #expect(index.snapshot.segments.count == 11 - IndexDirectory.mergeWidth + 1)
        #expect(try keys(index, "common") == Set(2...30))
        #expect(try keys(index, "rewritten") == [1])
        let reopened = try IndexDirectory(path: directory.path, schema: testSchema)
        #expect(reopened.userData == ["commit": "during"])
        #expect(try keys(reopened, "common") == Set(2...30))
        #expect(reopened.snapshot.liveDocumentCount == 30)
    }

    @Test func aCrashDuringAMergeLeavesTheLastCommitReadable() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = try IndexDirectory(path: directory.path, schema: testSchema)
        try tenCommits(index)
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        // The process dies with a merge written but not swapped in, and another half-written.
        let pending = try #require(try index.prepareMerge())
        FileManager.default.createFile(atPath: directory.appendingPathComponent("merge-7.kwseg.tmp-1").path, contents: Data(repeating: 7, count: 100))
        let restarted = try IndexDirectory(path: directory.path, schema: testSchema)
        #expect(restarted.userData == ["commit": "9"])
        #expect(restarted.snapshot.segments.count == 10)
        #expect(try keys(restarted, "common") == Set(0..<30))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == before)
        // The restarted index merges anew; the dead process's merge can no longer be swapped in.
        #expect(try restarted.merge())
        #expect(try keys(restarted, "common") == Set(0..<30))
        #expect(throws: KeywordIndexError.self) { _ = try index.completeMerge(pending) }
    }

    @Test func aDamagedCommitPointIsAnError() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("{not json".utf8).write(to: directory.appendingPathComponent("COMMIT"))
        #expect(throws: KeywordIndexError.self) { _ = try IndexDirectory(path: directory.path, schema: testSchema) }
    }
}
