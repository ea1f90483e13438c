import Foundation
import HTTPTypes
import Hummingbird
import PaperModels
import TestSupport
import Testing

@Suite("JSON API")
struct APITests {
    @Test func dailyPapersHaveHuggingFaceFieldsAndPages() async throws {
        try await TestSite.withClient { client in
            let response = try await client.get("/api/daily_papers?date=2026-06-12&limit=3")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let items = try #require(response.json as? [[String: Any]])
            #expect(items.count == 3)
            let paper = try #require(items.first?["paper"] as? [String: Any])
            #expect(paper["id"] as? String == "2606.13681")
            #expect(paper["upvotes"] as? Int == 118)
            #expect(paper["submittedOnDailyAt"] as? String == "2026-06-12T00:00:00.000Z")
            #expect(items.first?["title"] as? String == paper["title"] as? String)
            #expect(items.first?["summary"] as? String == paper["summary"] as? String)
            let next = try #require(try await client.get("/api/daily_papers?date=2026-06-12&limit=3&p=1").json as? [[String: Any]])
            #expect((next.first?["paper"] as? [String: Any])?["id"] as? String == "2606.13289")
        }
    }

    @Test func trendingSortFollowsThePublishedFormula() async throws {
        try await TestSite.withClient { client in
            let items = try #require(try await client.get("/api/daily_papers?date=2026-06-12&sort=trending&limit=100").json as? [[String: Any]])
            #expect(items.count == 31)
            let scores = items.compactMap { $0["trendingScore"] as? Double }
            #expect(scores == scores.sorted(by: >))
            for item in items {
                let paper = try #require(item["paper"] as? [String: Any])
                let expected = Trending.score(upvotes: paper["upvotes"] as? Int, githubStars: paper["githubStars"] as? Int, ageDays: 1)
                #expect(abs((item["trendingScore"] as? Double ?? -1) - expected) < 1e-9)
            }
            let newest = try #require(try await client.get("/api/daily_papers?week=2026-W24&sort=publishedAt&limit=100").json as? [[String: Any]])
            let dates = newest.compactMap { ($0["publishedAt"] as? String) }
            #expect(dates == dates.sorted(by: >))
        }
    }

    @Test("malformed parameters are JSON 400s", arguments: [
        "/api/daily_papers?limit=0", "/api/daily_papers?limit=101", "/api/daily_papers?limit=ten", "/api/daily_papers?date=2026-6-1",
        "/api/daily_papers?sort=hot", "/api/daily_papers?p=-1", "/api/papers/search", "/api/papers/search?q=%20",
        "/api/papers/search?q=x&limit=500", "/api/papers/search?q=x&mode=telepathy", "/api/papers/search?q=x&since=yesterday",
    ])
    func badRequests(uri: String) async throws {
        try await TestSite.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect((response.json as? [String: Any])?["error"] is String)
        }
    }

    @Test func papersAndSearch() async throws {
        try await TestSite.withClient { client in
            let old = try #require(try await client.get("/api/papers/astro-ph/0601001v1").json as? [String: Any])
            #expect(old["id"] as? String == "astro-ph/0601001")
            #expect(old["arxivUrl"] as? String == "https://arxiv.org/abs/astro-ph/0601001")
            let missing = try await client.get("/api/papers/2606.00001")
            #expect(missing.status == .notFound)
            #expect((missing.json as? [String: Any])?["error"] as? String == "No paper with the id “2606.00001” is stored here.")
            let hits = try #require(try await client.get("/api/papers/search?q=vision+transformer+quantization&limit=5").json as? [[String: Any]])
            #expect(hits.first.flatMap { ($0["paper"] as? [String: Any])?["id"] as? String } == "2606.99999")
            let snippet = try #require(hits.first?["snippet"] as? String)
            #expect(snippet.contains("<mark>") && snippet.contains("&lt;img") && !snippet.contains("<img"))
            // Markup characters travel as JSON escapes, never as raw bytes.
            let raw = try await client.get("/api/papers/2606.99999").body
            #expect(raw.contains("\\u003cscript\\u003e") && !raw.contains("<"))
        }
    }

    @Test func responsesMatchTheOpenAPIDocument() async throws {
        let uris = [
            "/api/daily_papers", "/api/daily_papers?week=2026-W24&limit=100", "/api/daily_papers?month=2026-06&sort=trending",
            "/api/daily_papers?date=2025-03-18&sort=publishedAt", "/api/daily_papers?limit=0", "/api/papers/2606.13681",
            "/api/papers/2606.99999", "/api/papers/astro-ph/0601001", "/api/papers/2606.00001", "/api/papers/search?q=transformer",
            "/api/papers/search?q=%22", "/healthz",
        ]
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await TestSite.withClient { client in
            var cases: [[String: Any]] = []
            for uri in uris {
                let response = try await client.get(uri)
                cases.append(["path": uri, "status": Int(response.status.code), "body": try #require(response.json, "\(uri)")])
            }
            try JSONSerialization.data(withJSONObject: cases).write(to: directory.appendingPathComponent("cases.json"))
            try Data(try await client.get("/openapi.json").body.utf8).write(to: directory.appendingPathComponent("openapi.json"))
        }
        let script = Fixtures.directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/check-openapi.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.appendingPathComponent("openapi.json").path, directory.appendingPathComponent("cases.json").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let problems = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(problems)")
    }

    @Test func healthMetricsAndRequestIDs() async throws {
        try await TestSite.withClient { client in
            let health = try await client.get("/healthz")
            #expect(health.body == "{\"status\":\"ok\",\"papers\":72}")
            #expect(health.headers[.cacheControl] == "no-store")
            _ = try await client.get("/papers/2606.13681")
            _ = try await client.get("/papers/astro-ph/0601001")
            let missing = try await client.get("/nothing-here")
            #expect(missing.headers[HTTPField.Name("X-Request-Id")!]?.count ?? 0 >= 16)
            let metrics = try await client.get("/metrics").body
            #expect(metrics.contains("http_requests_total{route=\"/papers/**\",method=\"GET\",status=\"200\"} 2"))
            // Unknown paths share one series, so hostile URLs cannot grow the metrics.
            #expect(metrics.contains("http_requests_total{route=\"NotFound\",method=\"GET\",status=\"404\"} 1"))
            #expect(metrics.contains("http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\""))
        }
    }
}
