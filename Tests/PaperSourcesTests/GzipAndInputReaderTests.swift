import Foundation
import Testing
import PaperModels
import PaperSources

@Suite("Gzip input and InputReader")
struct GzipAndInputReaderTests {
    @Test func gzipIsReadTransparently() throws {
        // daily-corpus-40.jsonl.gz was made with `gzip -n -9 -c daily-corpus-40.jsonl`.
        let plain = try parseFixture("daily-corpus-40.jsonl")
        let compressed = try parseFixture("daily-corpus-40.jsonl.gz")
        #expect(compressed.format == .jsonl)
        #expect(compressed.papers.count == 40)
        #expect(compressed.papers == plain.papers)
        #expect(compressed.locations.map(\.number) == plain.locations.map(\.number))
        #expect(compressed.locations.allSatisfy { $0.file == Fixtures.path("daily-corpus-40.jsonl.gz") })
        #expect(compressed.skipped.isEmpty)
    }

    @Test func gzipXMLIsReadTransparently() throws {
        let plain = try parseFixture("atom-1707.08567.xml")
        let compressed = try parseFixture("atom-1707.08567.xml.gz")
        #expect(compressed.format == .atom)
        #expect(compressed.papers == plain.papers)
    }

    @Test func truncatedGzipThrows() {
        // The first half of daily-corpus-40.jsonl.gz.
        let path = Fixtures.path("daily-corpus-40-truncated.jsonl.gz")
        var papers = 0
        let error = sourceError {
            let reader = try InputReader(path: path)
            try PaperFormat.jsonl.parse(reader) { item in if case .paper = item { papers += 1 } }
        }
        #expect(error == SourceError(file: path, reason: "gzip data ends early (truncated file?)"))
        #expect(papers < 40)
    }

    @Test func gzipHeaderOnlyThrows() throws {
        let header = try Fixtures.data("daily-corpus-40.jsonl.gz").prefix(12)
        let path = try temporaryFile("header.jsonl.gz", Data(header))
        let error = sourceError { _ = try parse(path: path, as: .jsonl) }
        #expect(error?.file == path)
    }

    @Test func corruptGzipThrows() throws {
        var bytes: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]
        bytes += Array("this is not deflate data at all, just text after a gzip header".utf8)
        let path = try temporaryFile("corrupt.jsonl.gz", Data(bytes))
        let error = sourceError { _ = try parse(path: path, as: .jsonl) }
        #expect(error?.file == path)
        #expect(error?.reason.hasPrefix("corrupt gzip data") == true)
    }

    @Test func concatenatedGzipMembers() throws {
        let member = try Fixtures.data("daily-corpus-40.jsonl.gz")
        let path = try temporaryFile("twice.jsonl.gz", member + member)
        let parsed = try parse(path: path)
        #expect(parsed.papers.count == 80)
        #expect(parsed.locations.last?.number == 80)
        #expect(Array(parsed.papers[40...].map(\.id)) == Array(parsed.papers[..<40].map(\.id)))
    }

    @Test func largePlainFileStreamsAcrossChunks() throws {
        // Six copies of the Kaggle sample: 1.7 MB, more than one 1 MiB read, so lines straddle chunk boundaries.
        let sample = try Fixtures.data("kaggle-first200.jsonl")
        let path = try temporaryFile("big.jsonl", (0..<6).reduce(Data()) { data, _ in data + sample })
        let parsed = try parse(path: path)
        #expect(parsed.papers.count == 1200)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.locations.map(\.number) == Array(1...1200))
        #expect(parsed.papers[1199].id == "0704.0200")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") || FileManager.default.isExecutableFile(atPath: "/bin/gzip")))
    func largeGzipStreamsAcrossChunks() throws {
        // Ten copies compress to more than 1 MiB, so the compressed side is read in several chunks too.
        let sample = try Fixtures.data("kaggle-first200.jsonl")
        let path = try temporaryFile("big.jsonl", (0..<10).reduce(Data()) { data, _ in data + sample })
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/gzip") ? "/usr/bin/gzip" : "/bin/gzip")
        gzip.arguments = ["-n", "-1", path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let compressedSize = try #require(try FileManager.default.attributesOfItem(atPath: path + ".gz")[.size] as? NSNumber).intValue
        #expect(compressedSize > 1 << 20)
        let reader = try InputReader(path: path + ".gz")
        var count = 0
        try PaperFormat.jsonl.parse(reader) { item in
            if case .paper = item { count += 1 } else { Issue.record("unexpected \(item)") }
        }
        #expect(count == 2000)
        #expect(reader.bytesRead == Int64(compressedSize))
        #expect(reader.totalBytes == Int64(compressedSize))
    }

    @Test func progressCountsFileBytes() throws {
        let path = Fixtures.path("kaggle-first200.jsonl")
        let reader = try InputReader(path: path)
        #expect(reader.totalBytes == 287_303)
        _ = try reader.readAll()
        #expect(reader.bytesRead == 287_303)
        #expect(try reader.nextChunk() == nil)
    }

    @Test func forEachLineSplitsLines() throws {
        let path = try temporaryFile("lines.txt", "a\r\nbb\n\nccc")
        let reader = try InputReader(path: path)
        var lines: [(String, Int)] = []
        try reader.forEachLine { line, number in lines.append((String(decoding: line, as: UTF8.self), number)) }
        #expect(lines.map(\.0) == ["a", "bb", "", "ccc"])
        #expect(lines.map(\.1) == [1, 2, 3, 4])
    }

    @Test func missingFileAndDirectory() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-no-such-\(UUID().uuidString).jsonl").path
        let missingError = sourceError { _ = try InputReader(path: missing) }
        #expect(missingError == SourceError(file: missing, reason: "no such file"))
        let directory = Fixtures.path("abs")
        let directoryError = sourceError { _ = try InputReader(path: directory) }
        #expect(directoryError == SourceError(file: directory, reason: "is a directory"))
    }
}
