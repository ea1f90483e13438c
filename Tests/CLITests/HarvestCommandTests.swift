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

    @Test func aHarvestKilledMidwayResumesFromItsLastStoredPageWithoutLossOrDuplicates() async throws {
        let server = try await ReplayServer.start([
            // The second page is held back the first time: the harvest is killed while it waits.
            ReplayRule(path: "/oai", parameters: ["resumptionToken": "6960524|1001"],
                       responses: [try Self.oaiPage("oai-listrecords-arXiv.xml", delay: .seconds(30)), try Self.oaiPage("oai-listrecords-arXiv.xml")]),
            ReplayRule(path: "/oai", parameters: ["metadataPrefix": "arXiv", "set": "cs", "from": "2024-01-25"],
                       responses: [try Self.oaiPage("oai-listrecords-oai_dc.xml")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("harvest.sqlite").path
        let arguments = ["harvest", "--db", db, "--source", "oai", "--oai-url", server.baseURL + "/oai", "--since", "2024-01-25",
                         "--categories", "cs.DM,cs.CL", "--delay", "0.2", "--contact", "harvest-test@example.org", "--no-embed"]
        let first = try PaperboyProcess.start(arguments)
        let deadline = ContinuousClock.now + .seconds(120)
        while await server.requests().count < 2, ContinuousClock.now < deadline, first.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(await server.requests().count == 2, "the second page was asked for")
        #expect(gapsOK(await server.requests(), atLeast: 0.2), "--delay is respected")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        let second = try await Self.run(arguments.filter { $0 != "--since" && $0 != "2024-01-25" })
        await server.stop()
        #expect(second.status == 0, "\(second.stderr)")
        let requests = await server.requests()
        // After the kill: straight to the page after the last stored one, not back to the start.
        #expect(requests.count == 3)
        #expect(requests.last?.parameters["resumptionToken"] == "6960524|1001")
        #expect(requests.allSatisfy { $0.headers["user-agent"] == "Paperboy/1.0 (mailto:harvest-test@example.org)" })
        #expect(second.stderr.contains("oai:cs: 1 request in "))
        #expect(second.stderr.contains("new 1 · updated 0 · unchanged 0 · skipped 0"), "\(second.stderr)")

        // Five papers from the first page, one from the second (its other paper is hep-th, not asked for), once each.
        let stats = try PaperboyProcess.run("stats", "--db", db, "--json")
        #expect(stats.stdout.contains("\"papers\" : 6"), "\(stats.stdout)")
        let show = try PaperboyProcess.run("show", "--db", db, "1412.8544")
        #expect(show.status == 0 && show.stdout.contains("Kochen-Specker"))
        let runs = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(runs.contains("harvest runs (latest first):"))
        #expect(runs.contains("oai:cs  unfinished  1 requests · new 5"), "\(runs)")
        #expect(runs.contains("1 requests · new 1 · updated 0 · unchanged 0 · skipped 0 · errors 0"), "\(runs)")
    }

    @Test func badHarvestOptionsAreUsageErrors() throws {
        let since = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--since", "2024-13-01")
        #expect(since.status == 64 && since.stderr.contains("--since must be a day written YYYY-MM-DD"))
        let source = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--source", "arxiv")
        #expect(source.status == 64 && source.stderr.contains("--source must be one of oai, arxiv-api, huggingface, not \"arxiv\""))
        let url = try PaperboyProcess.run("harvest", "--db", "/nonexistent/x.sqlite", "--hf-url", "ftp://example.org")
        #expect(url.status == 64 && url.stderr.contains("--hf-url must be an http(s) address"))
    }

    @Test func serveHarvestsOnItsScheduleAndStopsCleanly() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/hf", responses: [try .file(Fixtures.path("allnewsai_hf_daily_papers_2026-07.json"), type: "application/json")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("serve.sqlite").path
        let output = ServeCommandTests.Output(), pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        let process = try PaperboyProcess.start(["serve", "--db", db, "--port", "0", "--harvest", "--source", "huggingface",
                                                 "--hf-url", server.baseURL + "/hf", "--delay", "0.2", "--contact", "serve-test@example.org"],
                                                stdout: pipe, stderr: pipe)
        defer { ServeCommandTests.stop(process) }
        let deadline = ContinuousClock.now + .seconds(120)
        while !output.value.contains("harvest huggingface:"), ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        // At start: yesterday and today, 0.2 s apart at least (the demo papers hold these five already).
        #expect(output.value.contains("harvest huggingface: 2 requests in "), "\(output.value)")
        #expect(output.value.contains("new 0 · updated 0 · unchanged 10 · skipped 0"), "\(output.value)")
        let requests = await server.requests()
        #expect(requests.count == 2 && gapsOK(requests, atLeast: 0.2))
        process.terminate()
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        await server.stop()
        #expect(process.terminationStatus == 0)
        let stats = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(stats.contains("  huggingface  ") && stats.contains("2 requests · new 0 · updated 0 · unchanged 10 · skipped 0 · errors 0"), "\(stats)")
    }

    func gapsOK(_ requests: [ReceivedRequest], atLeast seconds: Double) -> Bool {
        zip(requests, requests.dropFirst()).allSatisfy { ($1.arrival - $0.arrival) / .seconds(1) >= seconds * 0.95 }
    }
}
