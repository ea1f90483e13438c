import Foundation
import PaperModels
import PaperSources
import PaperStore
import Pipeline
import ReplayServer
import TestSupport
import Testing
import TextEncoder

/// Harvests against a loopback server that replays real recorded responses (see Recorded).
@Suite struct HarvestTests {
    static let today = Day.date("2024-01-26")!

    func client(_ clock: ScaledClock, attempts: Int = 5) -> PoliteHTTPClient {
        PoliteHTTPClient(policy: HTTPPolicy(userAgent: "Paperboy/1.0 (mailto:test@example.org)", maxAttempts: attempts,
                                            connectTimeout: .milliseconds(500)),
                         clock: clock, jitter: { 1.0 })
    }

    @Test func oaiWaitsOutThe503RetryAfterThenFollowsTheResumptionTokenPolitely() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/oai", parameters: ["resumptionToken": "6960524|1001"], responses: [try Recorded.xml("oai-listrecords-arXiv.xml")]),
            ReplayRule(path: "/oai", parameters: ["metadataPrefix": "arXiv", "set": "cs", "from": "2024-01-25"],
                       responses: [try Recorded.oai503(), try Recorded.xml("oai-listrecords-oai_dc.xml")]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let clock = ScaledClock(scale: 0.02)
        let http = client(clock)
        let oai = OAIPMHHarvester(baseURL: server.baseURL + "/oai", set: "cs", client: http)
        let reports = try await Harvest(database: db, harvesters: [oai], client: http).run(now: Self.today)
        await http.shutdown()

        let requests = await server.requests()
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.headers["user-agent"] == "Paperboy/1.0 (mailto:test@example.org)" })
        #expect(requests.allSatisfy { $0.headers["accept-encoding"]?.contains("gzip") == true })
        // The 503 asked for 10 s: waited (scaled to 0.2 s here), then the politeness delay of 3 s.
        #expect(clock.sleeps.contains { $0 > .milliseconds(9_990) && $0 <= .seconds(10) })
        #expect(clock.sleeps.contains { $0 > .milliseconds(2_900) && $0 <= .seconds(3) })
        let gaps = gaps(requests)
        #expect(gaps[0] >= 10 * 0.02 * 0.95, "the retry came \(gaps[0]) s after the 503")
        #expect(gaps[1] >= 3 * 0.02 * 0.95, "the next page came \(gaps[1]) s after the first")

        let expected = try Recorded.paperIDs("oai-listrecords-oai_dc.xml").union(try Recorded.paperIDs("oai-listrecords-arXiv.xml"))
        #expect(try db.paperCount() == expected.count)
        let report = try #require(reports.first)
        #expect(report.completed && report.errors.isEmpty)
        #expect(report.requests == 3 && report.pages == 2 && report.new == expected.count)
        let state = try db.harvestState(source: "oai:cs")
        #expect(state == HarvestState(source: "oai:cs", completedMark: "2024-01-26"))
        let run = try #require(try db.recentHarvestRuns().first)
        #expect(run.source == "oai:cs" && run.requests == 3 && run.new == expected.count && run.endedAt != nil && run.errors.isEmpty)
    }

    /// The corpus holds no recorded arXivRaw page: Fixtures/oai-listrecords-arXivRaw.xml is
    /// hand-written after arXiv's schema, with real metadata (see the comment in the file).
    @Test func oaiAsksForArXivRawWhenToldAndStoresEveryVersionWithItsDate() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/oai", parameters: ["metadataPrefix": "arXivRaw", "set": "cs", "from": "2024-01-25"],
                       responses: [try Recorded.xml("oai-listrecords-arXivRaw.xml")]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let http = client(ScaledClock(scale: 0.01))
        let oai = OAIPMHHarvester(baseURL: server.baseURL + "/oai", set: "cs", categories: ["cs.CG"], client: http, format: .arXivRaw)
        let reports = try await Harvest(database: db, harvesters: [oai], client: http).run(now: Self.today)
        await http.shutdown()
        #expect(await server.requests().count == 1)
        // 0704.0001 is hep-ph only (not asked for); the third record is a deleted one: a notice.
        #expect(reports[0].completed && reports[0].new == 1 && reports[0].skipped == 0)
        #expect(reports[0].notices.contains { $0.hasSuffix("record 3: oai:arXiv.org:0704.9999 was deleted at the source; nothing stored") })
        let paper = try #require(try db.paper(id: "0704.0002"))
        #expect(paper.version == 2)
        #expect(paper.versions == [PaperVersion(number: 1, date: Self.instant("2007-03-31T02:26:18Z")),
                                   PaperVersion(number: 2, date: Self.instant("2008-12-13T17:26:00Z"))])
        #expect(paper.submitted == Self.instant("2007-03-31T02:26:18Z") && paper.updated == Self.instant("2008-12-13T17:26:00Z"))
        #expect(paper.community.submitter == "Louis Theran")
        #expect(try db.paper(id: "0704.0001") == nil)
        #expect(try db.harvestState(source: "oai:cs") == HarvestState(source: "oai:cs", completedMark: "2024-01-26"))
    }

    static func instant(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    @Test func apiStoresEachPaperOnceAcrossOverlappingPagesAndStopsAtKnownPapers() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/api/query", parameters: ["start": "0"], responses: [try Recorded.atom("atom-testing-start0.xml")]),
            // The list moved by five while paging (new papers came in): this page overlaps both others.
            ReplayRule(path: "/api/query", parameters: ["start": "10"], responses: [try Recorded.atom("atom-testing-start5.xml")]),
            ReplayRule(path: "/api/query", parameters: ["start": "20"], responses: [try Recorded.atom("atom-testing-start10.xml")]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let clock = ScaledClock(scale: 0.01)
        let http = client(clock)
        let api = ArxivAPIHarvester(baseURL: server.baseURL + "/api/query", categories: ["cs.AI", "cs.LG"], pageSize: 10, maxResults: 30, client: http)
        let first = try await Harvest(database: db, harvesters: [api], client: http).run(now: Self.today)
        let expected = try ["atom-testing-start0.xml", "atom-testing-start5.xml", "atom-testing-start10.xml"]
            .map(Recorded.paperIDs).reduce(Set<String>()) { $0.union($1) }
        #expect(expected.count < 30, "the pages overlap")
        #expect(try db.paperCount() == expected.count)
        #expect(first[0].new == expected.count && first[0].unchanged + first[0].updated == 30 - expected.count)
        let requests = await server.requests()
        #expect(requests.map { $0.parameters["start"] } == ["0", "10", "20"])
        #expect(requests[0].parameters["search_query"] == "cat:cs.AI OR cat:cs.LG")
        #expect(requests[0].parameters["sortBy"] == "submittedDate" && requests[0].parameters["max_results"] == "10")

        // The next run finds nothing new on its first page and stops there.
        let second = try await Harvest(database: db, harvesters: [api], client: http).run(now: Self.today)
        await http.shutdown()
        #expect(await server.requests().count == 4)
        #expect(second[0].completed && second[0].new == 0 && second[0].requests == 1)
        #expect(try db.paperCount() == expected.count)
    }

    @Test func anAPIRunStoppedByAFailingPageContinuesFromThatPageNextTime() async throws {
        let failing = ReplayResponse(status: 500, headers: ["Content-Type": "text/plain"], body: Array("Internal Server Error".utf8))
        let server = try await ReplayServer.start([
            ReplayRule(path: "/api/query", parameters: ["start": "0"], responses: [try Recorded.atom("atom-testing-start0.xml")]),
            ReplayRule(path: "/api/query", parameters: ["start": "10"], responses: [failing, failing, try Recorded.atom("atom-testing-start5.xml")]),
            ReplayRule(path: "/api/query", parameters: ["start": "20"], responses: [try Recorded.atom("atom-testing-start10.xml")]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let http = client(ScaledClock(scale: 0.01), attempts: 2)
        let api = ArxivAPIHarvester(baseURL: server.baseURL + "/api/query", categories: ["cs.AI"], pageSize: 10, maxResults: 30, client: http)
        let first = try await Harvest(database: db, harvesters: [api], client: http).run(now: Self.today)
        #expect(!first[0].completed && first[0].errors.count == 1 && first[0].errors[0].contains("HTTP 500: Internal Server Error (after 2 attempts)"))
        #expect(try db.harvestState(source: "arxiv-api").cursor == 10)
        let second = try await Harvest(database: db, harvesters: [api], client: http).run(now: Self.today)
        await http.shutdown()
        #expect(second[0].completed && second[0].errors.isEmpty)
        #expect(await server.requests().map { $0.parameters["start"] } == ["0", "10", "10", "10", "20"])
        let expected = try ["atom-testing-start0.xml", "atom-testing-start5.xml", "atom-testing-start10.xml"]
            .map(Recorded.paperIDs).reduce(Set<String>()) { $0.union($1) }
        #expect(try db.paperCount() == expected.count)
        #expect(try db.harvestState(source: "arxiv-api") == HarvestState(source: "arxiv-api", completedMark: "2024-01-26"))
    }

    @Test func rateLimitRetriesAreBoundedAndTheErrorFeedIsReported() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/limited", responses: [ReplayResponse(status: 429, headers: ["Content-Type": "text/plain"], body: Array("Rate exceeded.".utf8))]),
            ReplayRule(path: "/bad", responses: [try Recorded.atom("atom-error-400.xml", status: 400)]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let clock = ScaledClock(scale: 0.01)
        let http = client(clock, attempts: 4)
        let limited = ArxivAPIHarvester(baseURL: server.baseURL + "/limited", categories: ["cs.CL"], client: http)
        let bad = ArxivAPIHarvester(baseURL: server.baseURL + "/bad", categories: ["cs.CL"], client: http)
        let reports = try await Harvest(database: db, harvesters: [limited, bad], client: http).run(now: Self.today)
        await http.shutdown()

        let requests = await server.requests()
        #expect(requests.filter { $0.path == "/limited" }.count == 4, "four attempts, no more")
        #expect(requests.filter { $0.path == "/bad" }.count == 1, "a 400 is not retried")
        // Exponential backoff (jitter pinned to 1): 2, 4, 8 s, each at least the politeness delay.
        let backoffs = clock.sleeps.filter { $0 > .seconds(1) && $0 != .seconds(3) }
        #expect(backoffs.count >= 3)
        #expect(reports[0].errors.count == 1 && reports[0].errors[0].contains("HTTP 429: Rate exceeded.") && reports[0].errors[0].contains("after 4 attempts"))
        #expect(reports[1].errors == ["HTTP 400 from \(server.baseURL)/bad?search_query=cat:cs.CL&sortBy=submittedDate&sortOrder=descending&start=0&max_results=100: the arXiv API answered with an error: incorrect id format for abc"])
        #expect(!reports[0].completed && !reports[1].completed)
        // Nothing is lost: the state still points at the first page.
        #expect(try db.harvestState(source: "arxiv-api").cursor == 0)
        #expect(try db.recentHarvestRuns().map(\.errors.count) == [1, 1])
    }

    @Test func aGarbledResponseIsReportedAndTheOtherSourcesStillRun() async throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("sotawhat_hf_daily_papers_2026-06.json")))
        let server = try await ReplayServer.start([
            ReplayRule(path: "/hf", responses: [ReplayResponse(headers: ["Content-Type": "application/json"], body: Array(whole.prefix(5_000)))]),
            ReplayRule(path: "/oai", responses: [try Recorded.xml("oai-listrecords-arXiv.xml")]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let http = client(ScaledClock(scale: 0.01))
        let harvesters: [any PaperHarvester] = [HuggingFaceHarvester(baseURL: server.baseURL + "/hf", client: http),
                                                OAIPMHHarvester(baseURL: server.baseURL + "/oai", set: "cs", client: http)]
        let reports = try await Harvest(database: db, harvesters: harvesters, client: http).run(since: "2024-01-26", now: Self.today)
        await http.shutdown()
        #expect(reports[0].errors.count == 1)
        #expect(reports[0].errors.first?.hasPrefix("HTTP 200 from \(server.baseURL)/hf?date=2024-01-26: not a Hugging Face daily-papers JSON array") == true)
        #expect(reports[1].completed && reports[1].new == 2)
        #expect(try db.paperCount() == 2)
    }

    @Test func huggingFaceAsksEveryDayToTodayAndItsPapersJoinTheDailyFeed() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/hf", parameters: ["date": "2024-01-26"], responses: [try Recorded.json("allnewsai_hf_daily_papers_2026-07.json")]),
            ReplayRule(path: "/hf", responses: [ReplayResponse(headers: ["Content-Type": "application/json"], body: Array("[]".utf8))]),
        ])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let http = client(ScaledClock(scale: 0.01))
        let hf = HuggingFaceHarvester(baseURL: server.baseURL + "/hf", client: http)
        let reports = try await Harvest(database: db, harvesters: [hf], client: http).run(since: "2024-01-24", now: Self.today)
        #expect(await server.requests().compactMap { $0.parameters["date"] } == ["2024-01-24", "2024-01-25", "2024-01-26"])
        #expect(reports[0].completed && reports[0].new == 5)
        #expect(try db.harvestState(source: "huggingface") == HarvestState(source: "huggingface", completedMark: "2024-01-25"))
        let featured = try Recorded.paperIDs("allnewsai_hf_daily_papers_2026-07.json")
        let day = try #require(try db.papers(ids: Array(featured)).first?.community.featuredOn)
        let feed = try db.feed(FeedQuery(firstDay: day, lastDay: day))
        #expect(Set(feed.papers.map(\.id)) == featured)

        // The next run asks again from the last completed day: yesterday's upvotes still move.
        _ = try await Harvest(database: db, harvesters: [hf], client: http).run(now: Self.today)
        await http.shutdown()
        #expect(await server.requests().compactMap { $0.parameters["date"] }.suffix(2) == ["2024-01-25", "2024-01-26"])
    }

    @Test func gzipAnswersAreDecodedAndNetworkErrorsRetriedBoundedly() async throws {
        let server = try await ReplayServer.start([
            ReplayRule(path: "/api/query", responses: [try .file(Fixtures.path("atom-1707.08567.xml.gz"), type: "application/atom+xml",
                                                                 headers: ["Content-Encoding": "gzip"])]),
        ])
        let closed = try await ReplayServer.start([])
        await closed.stop()
        let http = client(ScaledClock(scale: 0.01), attempts: 3)
        let answer = try await http.get(URL(string: server.baseURL + "/api/query?id_list=1707.08567")!)
        #expect(String(decoding: answer.body.prefix(5), as: UTF8.self) == "<?xml")
        // Nothing listens there now: connection refused, retried, then given up.
        await #expect(throws: HTTPFailure.self) { try await http.get(URL(string: closed.baseURL + "/api/query")!) }
        #expect(await http.requestCount == 4)
        await http.shutdown()
        await server.stop()
    }

    @Test(.enabled(if: testModelDirectory != nil, "needs the model that scripts/test.sh fetches"))
    func newPapersAreEmbeddedAsTheyArrive() async throws {
        let server = try await ReplayServer.start([ReplayRule(path: "/hf", responses: [try Recorded.json("allnewsai_hf_daily_papers_2026-07.json")])])
        defer { Task { await server.stop() } }
        let db = try AppDatabase.inMemory()
        let encoder = try SentenceEncoder(modelDirectory: try #require(testModelDirectory))
        let http = client(ScaledClock(scale: 0.01))
        let hf = HuggingFaceHarvester(baseURL: server.baseURL + "/hf", client: http)
        let reports = try await Harvest(database: db, harvesters: [hf], client: http, embedder: Embedder(database: db, model: encoder))
            .run(since: "2024-01-26", now: Self.today)
        #expect(reports[0].new == 5)
        #expect(try db.countPapersLackingEmbedding(model: encoder.modelName) == 0)

        // Papers a killed run stored without embedding them get their vectors from the next run,
        // although it brings nothing new.
        try db.upsert([Paper(id: "2401.00001", title: "Stored by a run that was killed", abstract: "Before its embedding.")])
        let next = try await Harvest(database: db, harvesters: [hf], client: http, embedder: Embedder(database: db, model: encoder))
            .run(since: "2024-01-26", now: Self.today)
        await http.shutdown()
        #expect(next[0].new == 0)
        #expect(try db.countPapersLackingEmbedding(model: encoder.modelName) == 0)
    }
}
