import Foundation
import TestSupport
import Testing

/// The digest service inside `paperboy serve`, run as an operator runs it: the real binary with
/// `--smtp-url` at a real SMTP server process, one subscriber whose hour has come and one whose
/// weekday has not.
@Suite struct DigestServiceTests {
    /// Five fixture papers, first listed today: what today's trending section holds.
    static func papersOfToday(in directory: URL) throws -> String {
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let lines = try String(contentsOfFile: Fixtures.path("daily-corpus-40.jsonl"), encoding: .utf8).split(separator: "\n").prefix(5)
        let rewritten = try lines.map { line in
            var record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            record["first_listed"] = today
            return String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        }
        let file = directory.appendingPathComponent("today.jsonl")
        try (rewritten.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The ISO weekday (1 Monday … 7 Sunday) two days from now in UTC: a weekly digest not due during the test.
    static var weekdayAfterTomorrow: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: Date().addingTimeInterval(2 * 86_400))
        return (weekday + 5) % 7 + 1
    }

    @Test func serveSendsTheDueDigestOnceAndNotTheOthers() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("paperboy.sqlite").path
        #expect(try PaperboyProcess.run("ingest", "--db", db, "--no-embed", try Self.papersOfToday(in: directory)).status == 0)
        // Due since midnight UTC, every day; and a weekly digest whose day is not today.
        #expect(try PaperboyProcess.run("subscribers", "add", "--db", db, "due@example.org", "--hour", "0", "--time-zone", "UTC").status == 0)
        #expect(try PaperboyProcess.run("subscribers", "add", "--db", db, "weekly@example.org", "--frequency", "weekly",
                                        "--weekday", "\(Self.weekdayAfterTomorrow)", "--hour", "0", "--time-zone", "UTC").status == 0)

        let (process, output, _) = try ServeCommandTests.start(db: db, ["--smtp-url", "smtp://127.0.0.1:\(server.port)", "--digest-interval", "1",
                                                                        "--mail-from", "Paperboy <digest@papers.example.org>"])
        defer { ServeCommandTests.stop(process) }
        let deadline = Date().addingTimeInterval(60)
        while server.receivedCount() == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        // Three more rounds of the service: nothing is sent twice, and the weekly digest waits for its day.
        try await Task.sleep(for: .seconds(3.5))
        ServeCommandTests.stop(process)

        let received = try server.received()
        #expect(received.map(\.rcpt_tos) == [["due@example.org"]])
        let digest = try #require(received.first)
        #expect(digest.headers["Subject"]?.hasPrefix("5 trending papers — ") == true)
        #expect(digest.headers["From"] == "Paperboy <digest@papers.example.org>")
        #expect(digest.headers["List-Unsubscribe"]?.hasPrefix("<https://papers.example.org/unsubscribe?t=") == true)
        #expect(digest.plain?.contains("Simulation of prosthetic vision with PRIMA system") == true)
        #expect(output.value.contains("digests: 1 queued; 1 sent, 0 deferred, 0 failed, 0 interrupted"))
    }
}
