import Foundation
import PaperSources
import PaperStore
import Pipeline
import TestSupport
import Testing

@Suite struct IngesterTests {
    let db: AppDatabase
    init() throws { db = try AppDatabase.inMemory() }

    @Test func theSeedListingIngestsOnceAndAgainChangesNothing() throws {
        let ingester = Ingester(database: db, batchSize: 50)
        let first = try ingester.ingest(path: Fixtures.path("hf-papers-listing.txt"))
        #expect(first.format == .listing)
        #expect((first.read, first.inserted, first.skipped) == (122, 122, 0))
        let second = try ingester.ingest(path: Fixtures.path("hf-papers-listing.txt"))
        #expect((second.inserted, second.updated, second.unchanged) == (0, 0, 122))
        #expect(try db.paperCount() == 122)
    }

    @Test func everyFormatIngestsFromTheRealSamples() throws {
        let expected: [(String, PaperFormat, Int)] = [
            ("atom-1707.08567.xml", .atom, 1), ("atom-2016-del-maestro.xml", .atom, 10), ("oai-getrecord-arXiv.xml", .oai, 1),
            ("oai-listrecords-oai_dc.xml", .oai, 5), ("kaggle-first200.jsonl", .jsonl, 200), ("daily-corpus-40.jsonl", .jsonl, 40),
            ("sotawhat_hf_daily_papers_2026-06.json", .hf, 30), ("abs/arxiv_0704.0001.abs", .abs, 1),
        ]
        let report = try Ingester(database: db).ingest(paths: expected.map { Fixtures.path($0.0) })
        for (file, (name, format, count)) in zip(report.files, expected) {
            #expect(file.format == format, "\(name)")
            #expect(file.read == count, "\(name)")
            #expect(file.failure == nil, "\(name)")
        }
        #expect(report.isClean)
    }

    @Test func hfUpvotesJoinTheArxivRecordsOfTheSamePapers() throws {
        let ingester = Ingester(database: db)
        _ = try ingester.ingest(path: Fixtures.path("daily-corpus-40.jsonl"))
        let before = try #require(try db.paper(id: "2503.11677"))
        #expect(before.community.upvotes == nil)
        // A Hugging Face entry for a paper of the corpus, written as the API would.
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hf = dir.appendingPathComponent("hf.json")
        try """
            [{"paper": {"id": "2503.11677", "title": "\(before.title)", "summary": "", "upvotes": 17,
              "githubRepo": "https://github.com/example/prima", "githubStars": 5, "ai_keywords": ["prosthetic vision"],
              "publishedAt": "2025-03-14T00:00:00.000Z", "submittedOnDailyAt": "2025-03-18T00:00:00.000Z"}}]
            """.write(to: hf, atomically: true, encoding: .utf8)
        let report = try ingester.ingest(path: hf.path)
        #expect((report.updated, report.inserted) == (1, 0))
        let after = try #require(try db.paper(id: "2503.11677"))
        #expect(after.community.upvotes == 17)
        #expect(after.community.githubStars == 5)
        #expect(after.community.featuredOn == "2025-03-18")
        #expect(after.abstract == before.abstract)
        #expect(after.authors == before.authors)
        #expect(after.sources == ["arxiv-jsonl", "hf"])
    }

    @Test func malformedRecordsAreReportedAndTheRestIsKept() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try String(contentsOfFile: Fixtures.path("daily-corpus-40.jsonl"), encoding: .utf8).split(separator: "\n")
        let damaged = [lines[0], "{\"id\": \"2503.0", lines[1], "{\"id\": \"not-an-id\", \"title\": \"x\"}", lines[2], "[1, 2]", lines[3]]
        let path = dir.appendingPathComponent("damaged.jsonl").path
        try damaged.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var skipped: [SkippedRecord] = []
        let report = try Ingester(database: db, onSkipped: { skipped.append($0) }).ingest(path: path)
        #expect((report.read, report.inserted, report.skipped) == (7, 4, 3))
        #expect(skipped.map(\.location.number) == [2, 4, 6])
        #expect(skipped.allSatisfy { $0.location.file == path && $0.location.unit == .line })
        #expect(skipped[0].reason == "not valid JSON")
        #expect(skipped[1].reason.contains("not-an-id"))
        #expect(try db.paperCount() == 4)
    }

    @Test func unreadableInputsAreReportedWithoutStoppingTheOthers() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let binary = dir.appendingPathComponent("noise.bin").path
        try Data([0x00, 0xFF, 0x3C, 0x13]).write(to: URL(fileURLWithPath: binary))
        let report = try Ingester(database: db).ingest(paths: [
            dir.appendingPathComponent("missing.jsonl").path, dir.path, Fixtures.path("atom-error-400.xml"),
            Fixtures.path("abs/math-ph_0509037.abs"), binary, Fixtures.path("atom-1707.08567.xml"),
        ])
        #expect(report.files.map { $0.failure != nil } == [true, true, true, true, true, false])
        #expect(report.files[0].failure == "no such file")
        #expect(report.files[2].failure?.contains("incorrect id format for abc") == true)
        #expect(report.inserted == 1)
        #expect(!report.isClean)
    }

    @Test func gzipIsReadDirectlyAndATruncatedOneKeepsWhatWasRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gz = dir.appendingPathComponent("kaggle.jsonl.gz").path
        try run("/bin/sh", "-c", "gzip -c '\(Fixtures.path("kaggle-first200.jsonl"))' > '\(gz)'")
        let whole = try Ingester(database: db).ingest(path: gz)
        #expect((whole.format, whole.inserted, whole.failure) == (.jsonl, 200, nil))

        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        let cut = dir.appendingPathComponent("cut.jsonl.gz")
        try data.prefix(data.count / 2).write(to: cut)
        let other = try AppDatabase.inMemory()
        let truncated = try Ingester(database: other).ingest(path: cut.path)
        #expect(truncated.failure?.contains("truncated") == true)
        #expect(truncated.inserted > 50 && truncated.inserted < 200)
        #expect(try other.paperCount() == truncated.inserted)
    }

    @Test func notesFromTheSourceAreKept() throws {
        let report = try Ingester(database: db).ingest(path: Fixtures.path("oai-listrecords-oai_dc.xml"))
        #expect(report.notices.contains { $0.contains("6960524|1001") })
    }
}

func run(_ executable: String, _ arguments: String...) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
}
