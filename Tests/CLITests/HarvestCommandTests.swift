import Foundation
import ReplayServer
import TestSupport
import Testing

/// `paperboy harvest` as a user runs it, against a loopback server replaying recorded arXiv answers.
@Suite struct HarvestCommandTests {
    static func oaiPage(_ fixture: String, delay: Duration = .zero) throws -> ReplayResponse {
        try .file(Fixtures.path(fixture), type: "text/xml; charset=utf-8", delay: delay)
    }

    /// Runs the binary to its end without blocking a thread of the test's (the replay server needs them;
    /// the harvest's output is small enough for the pipes to hold).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> PaperboyProcess.Result {
        let out = Pipe(), err = Pipe()
        let process = try PaperboyProcess.start(arguments, environment: environment, stdout: out, stderr: err)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        return PaperboyProcess.Result(status: process.terminationStatus,
                                      stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                                      stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    /// Fixtures/oai-listrecords-arXivRaw.xml is hand-written after arXiv's schema (the corpus has no
    /// recorded arXivRaw page); its third record is a deleted one, which is reported as skipped.
    @Test func oaiFormatArXivRawBringsEveryVersionWithItsDate() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/oai", parameters: ["metadataPrefix": "arXivRaw", "set": "cs"], responses: [try Self.oaiPage("oai-listrecords-arXivRaw.xml")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("harvest.sqlite").path
        let result = try await Self.run(["harvest", "--db", db, "--source", "oai", "--oai-url", server.baseURL + "/oai", "--oai-format", "arXivRaw",
                                         "--categories", "cs.CG", "--delay", "0.2", "--contact", "harvest-test@example.org", "--no-embed"])
        await server.stop()
        #expect(await server.requests().count == 1)
        #expect(result.status == 0 && result.stderr.contains("oai:arXiv.org:0704.9999 was deleted at the source; nothing stored"), "\(result.stderr)")
        #expect(result.stderr.contains("oai:cs: 1 request in ") && result.stderr.contains("new 1 · updated 0 · unchanged 0 · skipped 0"))
        let show = try PaperboyProcess.run("show", "--db", db, "0704.0002")
        #expect(show.status == 0 && show.stdout.contains("v1 2007-03-31, v2 2008-12-13"), "\(show.stdout)")
    }

    @Test func aGarbledSourceIsReportedWithExitStatusOneAndTheOthersAreStored() async throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sotawhat_hf_daily_papers_2026-06.json")))
        let server = try await ReplayServer.start([
            ReplayRule(path: "/hf", responses: [ReplayResponse(headers: ["Content-Type": "application/json"], body: Array(whole.prefix(5_000)))]),
            ReplayRule(path: "/oai", responses: [try Self.oaiPage("oai-listrecords-arXiv.xml")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("harvest.sqlite").path
        let result = try await Self.run(["harvest", "--db", db, "--source", "huggingface", "--source", "oai", "--hf-url", server.baseURL + "/hf",
                                         "--oai-url", server.baseURL + "/oai", "--categories", "cs.DM", "--delay", "0.2", "--no-embed"])
        await server.stop()
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: huggingface: HTTP 200 from \(server.baseURL)/hf?date="), "\(result.stderr)")
        #expect(result.stderr.contains("not a Hugging Face daily-papers JSON array"), "\(result.stderr)")
        #expect(result.stderr.contains("(not finished; the next run continues)"))
        // The OAI-PMH page still came in: its cs.DM paper (the other is hep-th, not asked for).
        #expect(try Self.paperCount(db) == 1)
        let runs = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(runs.contains("  huggingface  ") && runs.contains("errors 1 (HTTP 200 from"), "\(runs)")
    }

    @Test func badHarvestOptionsAreUsageErrors() throws {
        let since = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--since", "2024-13-01")
        #expect(since.status == 64 && since.stderr.contains("--since must be a day written YYYY-MM-DD"))
        let source = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--source", "arxiv")
        #expect(source.status == 64 && source.stderr.contains("--source must be one of oai, arxiv-api, huggingface, not \"arxiv\""))
        let url = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--hf-url", "ftp://example.org")
        #expect(url.status == 64 && url.stderr.contains("--hf-url must be an http(s) address"))
        let format = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--oai-format", "oai_dc")
        #expect(format.status == 64 && format.stderr.contains("--oai-format must be arXiv or arXivRaw, not \"oai_dc\""))
        let fromEnvironment = try PaperboyProcess.run(["harvest", "--db", "/nonexistent/x.sqlite"], environment: ["PAPERBOY_OAI_FORMAT": "raw"])
        #expect(fromEnvironment.status == 64 && fromEnvironment.stderr.contains("PAPERBOY_OAI_FORMAT must be arXiv or arXivRaw, not \"raw\""))
    }

    /// `serve` harvests by default: harvested papers are searchable and in the daily feed of their day while the site runs.
    @Test func serveHarvestsOnItsScheduleAndStopsCleanly() async throws {
        let server = try await ReplayServer.start([
            // The first page brings ten new papers; the next is the same page, nothing new: the run stops.
            ReplayRule(path: "/api/query", responses: [try .file(Fixtures.path("atom-testing-start0.xml"), type: "application/atom+xml")]),
            ReplayRule(path: "/hf", responses: [try .file(Fixtures.path("allnewsai_hf_daily_papers_2026-07.json"), type: "application/json")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("serve.sqlite").path
        let output = ServeCommandTests.Output(), pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        let process = try PaperboyProcess.start(["serve", "--db", db, "--port", "0", "--source", "arxiv-api", "--source", "huggingface",
                                                 "--arxiv-api-url", server.baseURL + "/api/query", "--page-size", "10",
                                                 "--hf-url", server.baseURL + "/hf", "--delay", "0.2", "--contact", "serve-test@example.org"],
                                                stdout: pipe, stderr: pipe)
        defer { ServeCommandTests.stop(process) }
        let deadline = ContinuousClock.now + .seconds(120)
        while !output.value.contains("harvest huggingface:"), ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(output.value.contains("harvest arxiv-api: 2 requests in "), "\(output.value)")
        #expect(output.value.contains("new 10 · updated 0 · unchanged 10 · skipped 0"), "\(output.value)")
        // Hugging Face at start: yesterday and today (the demo papers hold these five already).
        #expect(output.value.contains("harvest huggingface: 2 requests in "), "\(output.value)")
        #expect(output.value.contains("new 0 · updated 0 · unchanged 10 · skipped 0"), "\(output.value)")
        let requests = await server.requests()
        #expect(requests.count == 4)
        #expect(gapsOK(requests.filter { $0.path == "/api/query" }, atLeast: 0.2) && gapsOK(requests.filter { $0.path == "/hf" }, atLeast: 0.2))

        // 2005.14124, submitted on 2020-05-28, came with the harvest: found by keyword, listed on its day.
        let port = try #require(output.value.split(separator: "\n").first { $0.contains("Server started and listening on") }?
            .split(separator: ":").last.flatMap { Int($0) })
        let (searchStatus, found) = try await ServeCommandTests.get(port, "/api/papers/search?q=fuzzing+cyber-physical&mode=keyword")
        #expect(searchStatus == 200 && found.contains("2005.14124"), "\(found)")
        let (feedStatus, feed) = try await ServeCommandTests.get(port, "/api/daily_papers?date=2020-05-28")
        #expect(feedStatus == 200 && feed.contains("2005.14124"), "\(feed)")

        process.terminate()
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        await server.stop()
        #expect(process.terminationStatus == 0)
        let stats = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(stats.contains("  huggingface  ") && stats.contains("2 requests · new 0 · updated 0 · unchanged 10 · skipped 0 · errors 0"), "\(stats)")
        #expect(stats.contains("  arxiv-api  ") && stats.contains("2 requests · new 10 · updated 0 · unchanged 10 · skipped 0 · errors 0"), "\(stats)")
    }

    func gapsOK(_ requests: [ReceivedRequest], atLeast seconds: Double) -> Bool {
        zip(requests, requests.dropFirst()).allSatisfy { ($1.arrival - $0.arrival) / .seconds(1) >= seconds * 0.95 }
    }
}
