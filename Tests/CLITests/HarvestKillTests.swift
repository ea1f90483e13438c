import Foundation
import ReplayServer
import TestSupport
import Testing

/// A harvest of each source killed with SIGKILL while it waits for a page, then run again: the
/// second run asks for that page (not the first one again, and no later one instead), and every
/// paper ends up stored once.
extension HarvestCommandTests {
    /// Starts `paperboy` with `arguments`, waits until the server has received `count` requests (the
    /// last one is held back by the server), and kills the process there.
    static func kill(_ arguments: [String], after count: Int, of server: ReplayServer) async throws {
        let process = try PaperboyProcess.start(arguments)
        let deadline = ContinuousClock.now + .seconds(120)
        while await server.requests().count < count, ContinuousClock.now < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await server.requests().count == count, "request \(count) was sent before the kill")
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
    }

    /// The papers counted by `paperboy stats --json`.
    static func paperCount(_ db: String) throws -> Int? {
        let stats = try PaperboyProcess.run("stats", "--db", db, "--json")
        let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        return object?["papers"] as? Int
    }

    /// `YYYY-MM-DD`, `days` from today (UTC), as the harvest counts days.
    static func day(_ days: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }

    @Test func anOAIHarvestKilledMidwayResumesFromItsLastStoredPageWithoutLossOrDuplicates() async throws {
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
        try await Self.kill(arguments, after: 2, of: server)
        #expect(gapsOK(await server.requests(), atLeast: 0.2), "--delay is respected")

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
        #expect(try Self.paperCount(db) == 6)
        let show = try PaperboyProcess.run("show", "--db", db, "1412.8544")
        #expect(show.status == 0 && show.stdout.contains("Kochen-Specker"))
        let runs = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(runs.contains("harvest runs (latest first):"))
        #expect(runs.contains("oai:cs  unfinished  1 requests · new 5"), "\(runs)")
        #expect(runs.contains("1 requests · new 1 · updated 0 · unchanged 0 · skipped 0 · errors 0"), "\(runs)")
    }

    /// arxiv.py's recorded `search_query=testing` pages at start 0, 5 and 10 stand for a list that
    /// moved while it was paged: each overlaps the next by five papers (20 papers in all).
    @Test func anAPIHarvestKilledMidwayResumesAtTheOffsetOfItsNextPage() async throws {
        func atom(_ fixture: String, delay: Duration = .zero) throws -> ReplayResponse {
            try .file(Fixtures.path(fixture), type: "application/atom+xml; charset=utf-8", delay: delay)
        }
        let server = try await ReplayServer.start([
            ReplayRule(path: "/api/query", parameters: ["start": "0"], responses: [try atom("atom-testing-start0.xml")]),
            ReplayRule(path: "/api/query", parameters: ["start": "10"],
                       responses: [try atom("atom-testing-start5.xml", delay: .seconds(30)), try atom("atom-testing-start5.xml")]),
            ReplayRule(path: "/api/query", parameters: ["start": "20"], responses: [try atom("atom-testing-start10.xml")]),
            // Papers already stored: the newest-first list has caught up with the last run.
            ReplayRule(path: "/api/query", parameters: ["start": "30"], responses: [try atom("atom-testing-start0.xml")]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("harvest.sqlite").path
        let arguments = ["harvest", "--db", db, "--source", "arxiv-api", "--arxiv-api-url", server.baseURL + "/api/query",
                         "--page-size", "10", "--delay", "0.2", "--contact", "harvest-test@example.org", "--no-embed"]
        try await Self.kill(arguments, after: 2, of: server)

        let second = try await Self.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(await server.requests().map { $0.parameters["start"] } == ["0", "10", "10", "20", "30"])
        #expect(second.stderr.contains("arxiv-api: 3 requests in "))
        // Ten new; the overlap of the pages (twenty papers) was stored already.
        #expect(second.stderr.contains(" · new 10 · ") && second.stderr.contains(" · skipped 0"), "\(second.stderr)")
        #expect(try Self.paperCount(db) == 20)

        // The run was completed: the next one starts again from the newest papers, and stops there.
        let third = try await Self.run(arguments)
        await server.stop()
        #expect(third.status == 0 && third.stderr.contains("arxiv-api: 1 request in "), "\(third.stderr)")
        #expect(await server.requests().map { $0.parameters["start"] }.last == "0")
        #expect(try Self.paperCount(db) == 20)
        let runs = try PaperboyProcess.run("stats", "--db", db).stdout
        #expect(runs.contains("arxiv-api  unfinished  1 requests · new 10 · updated 0 · unchanged 0"), "\(runs)")
    }

    /// Two recorded daily-paper answers (30 and 5 papers, none in both) and an empty day.
    @Test func aHuggingFaceHarvestKilledMidwayResumesAtTheDayItWasAskingFor() async throws {
        let (first, second, today) = (Self.day(-2), Self.day(-1), Self.day(0))
        func json(_ fixture: String, delay: Duration = .zero) throws -> ReplayResponse {
            try .file(Fixtures.path(fixture), type: "application/json", delay: delay)
        }
        let server = try await ReplayServer.start([
            ReplayRule(path: "/hf", parameters: ["date": first], responses: [try json("sotawhat_hf_daily_papers_2026-06.json")]),
            ReplayRule(path: "/hf", parameters: ["date": second], responses: [try json("allnewsai_hf_daily_papers_2026-07.json", delay: .seconds(30)),
                                                                            try json("allnewsai_hf_daily_papers_2026-07.json")]),
            ReplayRule(path: "/hf", responses: [ReplayResponse(headers: ["Content-Type": "application/json"], body: Array("[]".utf8))]),
        ])
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("harvest.sqlite").path
        let arguments = ["harvest", "--db", db, "--source", "huggingface", "--hf-url", server.baseURL + "/hf",
                         "--delay", "0.2", "--contact", "harvest-test@example.org", "--no-embed"]
        try await Self.kill(arguments + ["--since", first], after: 2, of: server)

        let resumed = try await Self.run(arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // No day skipped, none asked twice but the one the kill interrupted.
        #expect(await server.requests().compactMap { $0.parameters["date"] } == [first, second, second, today])
        #expect(resumed.stderr.contains("huggingface: 2 requests in "))
        #expect(resumed.stderr.contains("new 5 · updated 0 · unchanged 0 · skipped 0"), "\(resumed.stderr)")
        #expect(try Self.paperCount(db) == 35)

        // Completed up to yesterday: the next run asks yesterday again (its upvotes moved) and today.
        let next = try await Self.run(arguments)
        await server.stop()
        #expect(next.status == 0, "\(next.stderr)")
        #expect(await server.requests().compactMap { $0.parameters["date"] }.suffix(2) == [second, today])
        #expect(try Self.paperCount(db) == 35)
    }
}
