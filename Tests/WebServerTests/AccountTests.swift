import Foundation
import HTTPTypes
import Hummingbird
import PaperStore
import Synchronization
import Testing

/// Sign-in by e-mailed link (read from the log), sessions, CSRF, upvotes and the admin page, each
/// test on its own database.
@Suite("Accounts and upvotes")
struct AccountTests {
    /// Signs in as `email` the way a person does; returns the `Cookie` header of the session.
    static func signIn(_ client: TestClient, _ log: LogCapture, email: String) async throws -> String {
        let form = try await client.get("/signin")
        let csrfCookie = try #require(Self.cookie("pb_csrf", in: form))
        #expect(form.body.contains("name=\"csrf\" value=\"\(csrfCookie)\""))
        let sent = try await client.post("/signin", form: [("email", email), ("csrf", csrfCookie)], headers: [.cookie: "pb_csrf=\(csrfCookie)"])
        #expect(sent.status == .ok && sent.body.contains("A sign-in link for \(email.lowercased()) is on its way."))
        let token = try #require(log.signInToken(for: email.lowercased()))
        let verified = try await client.get("/signin/verify?token=\(token)")
        #expect(verified.status == .seeOther && verified.headers[.location] == "/")
        let session = try #require(Self.cookie("pb_session", in: verified))
        return "pb_session=\(session)"
    }

    static func cookie(_ name: String, in response: Fetched) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
            .map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }

    static func csrf(_ page: Fetched) -> String? {
        page.body.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func signInLinkWorksOnceAndMakesASecureSession() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            let session = try await Self.signIn(client, log, email: "Ada@Example.org")
            let verify = try #require(log.lines.last).components(separatedBy: ": ").last ?? ""
            #expect(verify.hasPrefix("https://papers.example.org/signin/verify?token="))
            let token = try #require(log.signInToken(for: "ada@example.org"))
            let again = try await client.get("/signin/verify?token=\(token)")
            #expect(again.status == .badRequest && again.body.contains("This sign-in link is not valid"))
            // The anonymous page is cached; the signed-in one is neither taken from nor put in the cache.
            let anonymous = try await client.get("/")
            let front = try await client.get("/", headers: [.cookie: session])
            #expect(front.body.contains("ada@example.org") && front.body.contains("Sign out"))
            #expect(front.headers[.cacheControl] == "private, no-cache")
            #expect(try await client.get("/").body == anonymous.body)
            let signOut = try await client.post("/signout", form: [("csrf", Self.csrf(front) ?? "")], headers: [.cookie: session])
            #expect(signOut.status == .seeOther)
            #expect(!(try await client.get("/", headers: [.cookie: session]).body.contains("Sign out")))
        }
    }

    @Test func cookiesAreHttpOnlyLaxAndSecureOverHTTPS() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            _ = try await Self.signIn(client, log, email: "bob@example.org")
            let form = try await client.get("/signin")
            let header = try #require(form.headers[values: .setCookie].first)
            for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] { #expect(header.contains(attribute), "\(header)") }
        }
    }

    @Test func linksExpireAfterFifteenMinutes() async throws {
        let clock = Mutex(TestSite.now)
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase(), now: { clock.withLock { $0 } }) { client in
            let form = try await client.get("/signin")
            let csrf = try #require(Self.cookie("pb_csrf", in: form))
            _ = try await client.post("/signin", form: [("email", "late@example.org"), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"])
            let token = try #require(log.signInToken(for: "late@example.org"))
            clock.withLock { $0 = $0.addingTimeInterval(15 * 60 + 1) }
            #expect(try await client.get("/signin/verify?token=\(token)").status == .badRequest)
        }
    }

    @Test func formsWithoutTheirTokenAreRefused() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            #expect(try await client.post("/signin", form: [("email", "x@example.org")]).status == .forbidden)
            #expect(try await client.post("/signin", form: [("email", "x@example.org"), ("csrf", "a")], headers: [.cookie: "pb_csrf=b"]).status == .forbidden)
            let session = try await Self.signIn(client, log, email: "eve@example.org")
            let refused = try await client.post("/upvote", form: [("paper", "2606.13681"), ("csrf", "forged")], headers: [.cookie: session])
            #expect(refused.status == .forbidden)
            #expect(try await client.post("/upvote", form: [("paper", "2606.13681")]).headers[.location] == "/signin")
        }
    }

    @Test func oneUpvotePerPersonWithdrawable() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            let session = try await Self.signIn(client, log, email: "voter@example.org")
            let page = try await client.get("/papers/2606.13681", headers: [.cookie: session])
            #expect(page.body.contains("▲ Upvote · 118") && page.body.contains("aria-pressed=\"false\""))
            let csrf = try #require(Self.csrf(page))
            // Concurrent clicks of one person count once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { _ = try await client.post("/upvote", form: [("paper", "2606.13681v1"), ("vote", "on"), ("csrf", csrf)], headers: [.cookie: session]) }
                }
                try await group.waitForAll()
            }
            let voted = try await client.get("/papers/2606.13681", headers: [.cookie: session])
            #expect(voted.body.contains("▲ Upvoted · 119") && voted.body.contains("aria-pressed=\"true\""))
            #expect(try await client.get("/api/papers/2606.13681").body.contains("\"upvotes\":119"))
            let withdrawn = try await client.post("/upvote", form: [("paper", "2606.13681"), ("vote", "off"), ("csrf", csrf)], headers: [.cookie: session])
            #expect(withdrawn.status == .seeOther && withdrawn.headers[.location] == "/papers/2606.13681")
            #expect(try await client.get("/api/papers/2606.13681").body.contains("\"upvotes\":118"))
            let unknown = try await client.post("/upvote", form: [("paper", "2606.00001"), ("csrf", csrf)], headers: [.cookie: session])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func upvoteCountsStayExactUnderConcurrency() async throws {
        let database = try TestSite.makeDatabase()
        let accounts = try (0..<40).map { try database.account(email: "reader\($0)@example.org").id }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts {
                for _ in 0..<3 { group.addTask { _ = try database.setUpvote(accountID: account, paperID: "2606.00467", on: true) } }
            }
            try await group.waitForAll()
        }
        #expect(try database.paper(id: "2606.00467")?.community.localUpvotes == 40)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for account in accounts.prefix(15) { group.addTask { _ = try database.setUpvote(accountID: account, paperID: "2606.00467", on: false) } }
            try await group.waitForAll()
        }
        #expect(try database.paper(id: "2606.00467")?.community.totalUpvotes == 25)
    }

    @Test func adminPagesAre404ForEveryoneElse() async throws {
        let log = LogCapture()
        let database = try TestSite.makeDatabase()
        // A harvest run whose error carries markup: the admin page lists it, escaped.
        let run = try database.startHarvestRun(source: "oai:cs", at: Date(timeIntervalSince1970: 1_790_000_000))
        try database.finishHarvestRun(id: run, requests: 3, errors: ["<b>HTTP 503</b> from https://oaipmh.arxiv.org/oai"],
                                      at: Date(timeIntervalSince1970: 1_790_000_012))
        try await TestSite.withClient(log: log, database: database) { client in
            #expect(try await client.get("/admin").status == .notFound)
            let reader = try await Self.signIn(client, log, email: "reader@example.org")
            #expect(try await client.get("/admin", headers: [.cookie: reader]).status == .notFound)
            #expect(try await client.get("/admin/users", headers: [.cookie: reader]).status == .notFound)
            let admin = try await Self.signIn(client, log, email: TestSite.admin)
            let page = try await client.get("/admin", headers: [.cookie: admin])
            #expect(page.status == .ok && page.body.contains("<h1>Admin</h1>") && page.body.contains("<dt>Accounts</dt><dd>2</dd>"))
            #expect(page.body.contains("<h2>Harvest runs</h2>"))
            #expect(page.body.contains("<td>2026-09-21T14:13:20Z</td><td>2026-09-21T14:13:32Z</td><td>oai:cs</td><td>12</td><td>3</td><td>0</td>"))
            #expect(page.body.contains("&lt;b&gt;HTTP 503&lt;/b&gt; from https://oaipmh.arxiv.org/oai") && !page.body.contains("<b>HTTP 503"))
        }
    }

    @Test func signInIsRateLimitedPerAddress() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            let form = try await client.get("/signin")
            let csrf = try #require(Self.cookie("pb_csrf", in: form))
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 {
                statuses.append(try await client.post("/signin", form: [("email", "spam@example.org"), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"]).status)
            }
            #expect(statuses == Array(repeating: .ok, count: 5) + [.tooManyRequests, .tooManyRequests])
            let bad = try await client.post("/signin", form: [("email", "<script>@x"), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"])
            #expect(bad.status == .badRequest && !bad.body.contains("<script>@"))
        }
    }
}

@Suite("Submissions")
struct SubmitTests {
    @Test func submitPutsAStoredPaperOnADayOnce() async throws {
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase()) { client in
            #expect(try await client.get("/submit").headers[.location] == "/signin")
            let session = try await AccountTests.signIn(client, log, email: "curator@example.org")
            let form = try await client.get("/submit", headers: [.cookie: session])
            #expect(form.body.contains("<option value=\"2026-06-13\">") && form.body.contains("<option value=\"2026-06-07\">"))
            let csrf = try #require(AccountTests.csrf(form))
            func submit(_ paper: String, day: String = "2026-06-13") async throws -> Fetched {
                try await client.post("/submit", form: [("paper", paper), ("day", day), ("csrf", csrf)], headers: [.cookie: session])
            }
            // A paper of the 2025 corpus, never featured.
            let added = try await submit("arXiv:2503.11677v1")
            #expect(added.status == .ok && added.body.contains("is on the feed of"))
            #expect(try await client.get("/papers?date=2026-06-13").body.contains("/papers/2503.11677\""))
            #expect(try await submit("2503.11677").status == .conflict)
            #expect(try await submit("2606.13681").status == .conflict, "featured by Hugging Face already")
            #expect(try await submit("2606.00001").status == .notFound)
            #expect(try await submit("not an id").status == .badRequest)
            #expect(try await submit("2503.11677", day: "2026-06-01").status == .badRequest)
            #expect(try await client.post("/submit", form: [("paper", "2503.11677"), ("day", "2026-06-13"), ("csrf", "x")], headers: [.cookie: session]).status == .forbidden)
        }
    }

    @Test func fivePapersAPersonADay() throws {
        let database = try TestSite.makeDatabase()
        let account = try database.account(email: "busy@example.org")
        let ids = ["2503.11677", "2503.11685", "2503.11692", "2503.11731", "2503.11742", "2503.11750"]
        let results = try ids.map { try database.submit(paperID: $0, day: "2026-06-13", accountID: account.id, dailyLimit: 5, now: TestSite.now) }
        #expect(results.prefix(5).allSatisfy { if case .added = $0 { true } else { false } })
        #expect(results.last == .limitReached)
    }
}
