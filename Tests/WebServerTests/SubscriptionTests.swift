import Foundation
import HTTPTypes
import Mailer
import PaperModels
import PaperSearch
import PaperStore
import Pipeline
import TestSupport
import Testing

/// Subscribing on the site with mail going to a real SMTP server process; the tests follow the
/// links in the messages it receives, as a subscriber would.
@Suite("Subscriptions and the digest's links")
struct SubscriptionTests {
    static func mail(_ server: SMTPTestServer) -> MailSettings {
        MailSettings(transport: SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port)),
                     identity: MailIdentity(from: Mailbox("digest@papers.example.org", name: "Paperboy"), baseURL: TestSite.baseURL))
    }

    /// Posts the subscribe form the way a browser does (CSRF cookie and field).
    static func subscribe(_ client: TestClient, _ email: String) async throws -> Fetched {
        let form = try await client.get("/subscribe")
        let csrf = try #require(AccountTests.cookie("pb_csrf", in: form))
        return try await client.post("/subscribe", form: [("email", email), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"])
    }

    /// The path and query of the first link to `path` in a message's text part.
    static func link(_ path: String, in text: String?) -> String? {
        text?.components(separatedBy: TestSite.baseURL + path).dropFirst().first.map { path + String($0.prefix { !$0.isWhitespace }) }
    }

    @Test func doubleOptInConfirmManageAndOneClickUnsubscribe() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let database = try TestSite.makeDatabase()
        try await TestSite.withClient(database: database, mail: Self.mail(server)) { client in
            let sent = try await Self.subscribe(client, "Reader@Example.org")
            #expect(sent.status == .ok && sent.body.contains("a message is on its way"))
            #expect(try database.subscriber(email: "reader@example.org")?.status == .pending)
            let confirmation = try #require(try server.received().last)
            #expect(confirmation.headers["Subject"] == "Confirm your Paperboy digest" && confirmation.rcpt_tos == ["reader@example.org"])

            // No digest before the link is followed.
            let run = DigestRun(database: database, searcher: PaperSearcher(database: database, meaning: nil),
                                mail: SubscriptionMail(identity: Self.mail(server).identity, tokens: try SubscriptionTokens.load(from: database)))
            #expect(try run.compose(DigestSelection(day: "2026-06-12"), now: TestSite.now).queued == 0)

            let confirmLink = try #require(Self.link("/subscribe/confirm?t=", in: confirmation.plain))
            let confirmed = try await client.get(confirmLink)
            #expect(confirmed.status == .ok && confirmed.body.contains("You are subscribed"))
            #expect(try database.subscriber(email: "reader@example.org")?.status == .confirmed)

            // Now the digest goes out; its links lead back to the site.
            #expect(try run.compose(DigestSelection(day: "2026-06-12"), now: TestSite.now).queued == 1)
            #expect(try await OutboxSender(database: database, transport: Self.mail(server).transport).deliverDue().sent == 1)
            let digest = try #require(try server.received().last)
            let manageLink = try #require(Self.link("/subscribe/manage?t=", in: digest.plain))
            let manage = try await client.get(manageLink)
            #expect(manage.status == .ok && manage.body.contains("For reader@example.org."))
            let token = String(manageLink.dropFirst("/subscribe/manage?t=".count))
            let saved = try await client.post("/subscribe/manage", form: [
                ("t", token), ("frequency", "weekly"), ("weekday", "3"), ("hour", "18"), ("tz", "Europe/Zurich"), ("trending", "99"),
                ("categories", "cs.CL, cs.LG"), ("q0", "diffusion models"), ("m0", "hybrid"), ("q1", ""), ("m1", "keyword"),
            ])
            #expect(saved.status == .ok && saved.body.contains("Saved."))
            let preferences = try #require(try database.subscriber(email: "reader@example.org")?.preferences)
            #expect(preferences == DigestPreferences(frequency: .weekly, weekday: 3, hour: 18, timeZone: "Europe/Zurich", trendingCount: 50,
                                                     categories: ["cs.CL", "cs.LG"], savedSearches: [SavedSearch(query: "diffusion models", mode: "hybrid")]))

            // The visible link shows a button (a mail scanner fetching it unsubscribes no one)...
            let unsubscribeLink = try #require(Self.link("/unsubscribe?t=", in: digest.plain))
            let page = try await client.get(unsubscribeLink)
            #expect(page.status == .ok && page.body.contains("Unsubscribe from the digest?"))
            #expect(try database.subscriber(email: "reader@example.org")?.status == .confirmed)
            // ... and the header's URI takes RFC 8058's one-click POST: no cookie, no CSRF, at once.
            let header = try #require(digest.headers["List-Unsubscribe"])
            let oneClick = String(header.dropFirst("<\(TestSite.baseURL)".count).prefix { $0 != ">" })
            let done = try await client.send(oneClick, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                             body: .init(string: "List-Unsubscribe=One-Click"))
            #expect(done.status == .ok && done.body.contains("You are unsubscribed"))
            #expect(try database.subscriber(email: "reader@example.org")?.status == .unsubscribed)
        }
    }

    @Test func subscribingRevealsNothingAboutWhoIsSubscribed() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let database = try TestSite.makeDatabase()
        _ = try database.addConfirmedSubscriber(email: "known@example.org", now: Date())
        try await TestSite.withClient(database: database, mail: Self.mail(server)) { client in
            let known = try await Self.subscribe(client, "known@example.org")
            let unknown = try await Self.subscribe(client, "stranger@example.org")
            #expect(known.status == unknown.status)
            #expect(Self.withoutCSRF(known.body) == Self.withoutCSRF(unknown.body))
            // The known subscriber is reminded of their manage link, not asked to confirm again.
            let subjects = try server.received().map { ($0.rcpt_tos.first ?? "", $0.headers["Subject"] ?? "") }
            #expect(subjects.contains { $0 == ("known@example.org", "Your Paperboy digest subscription") })
            #expect(subjects.contains { $0 == ("stranger@example.org", "Confirm your Paperboy digest") })
            #expect(try database.subscriber(email: "known@example.org")?.status == .confirmed)
            // Asking again the same day sends nothing more (the form cannot flood an inbox).
            _ = try await Self.subscribe(client, "stranger@example.org")
            #expect(try server.received().count == 2)
        }
    }

    @Test func badLinksAndBadFormsGetAPageNotAnError() async throws {
        try await TestSite.withClient(database: try TestSite.makeDatabase()) { client in
            for uri in ["/subscribe/confirm?t=garbage", "/subscribe/confirm", "/subscribe/confirm?t=confirm.1.99999999999.AAAA",
                        "/subscribe/manage?t=manage.1.0.%3Cscript%3E", "/unsubscribe?t=unsubscribe.999.0.x", "/unsubscribe"] {
                let page = try await client.get(uri)
                #expect(page.status == .badRequest, "\(uri)")
                #expect(!page.body.contains("<script>"))
            }
            let post = try await client.send("/unsubscribe?t=unsubscribe.1.0.forged", method: .post, headers: [:])
            #expect(post.status == .badRequest)
            let manage = try await client.post("/subscribe/manage", form: [("t", "manage.1.0.forged"), ("hour", "3")])
            #expect(manage.status == .badRequest)
            // Without the CSRF cookie the form is refused; a bad address gets the form back.
            #expect(try await client.post("/subscribe", form: [("email", "a@example.org")]).status == .forbidden)
            let form = try await client.get("/subscribe")
            let csrf = try #require(AccountTests.cookie("pb_csrf", in: form))
            let bad = try await client.post("/subscribe", form: [("email", "<b>not an address"), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"])
            #expect(bad.status == .badRequest && bad.body.contains("does not look like an e-mail address") && !bad.body.contains("<b>not"))
        }
    }

    @Test func adminsSeeTheOutboxAndPreviewADigest() async throws {
        let log = LogCapture()
        let database = try TestSite.makeDatabase()
        _ = try database.addConfirmedSubscriber(email: "reader@example.org", now: Date())
        try await TestSite.withClient(log: log, database: database) { client in
            let admin = try await AccountTests.signIn(client, log, email: TestSite.admin)
            let page = try await client.get("/admin", headers: [.cookie: admin])
            #expect(page.body.contains("E-mail digest") && page.body.contains("1 confirmed"))
            let preview = try await client.get("/admin/digest?email=reader%40example.org&date=2026-06-12", headers: [.cookie: admin])
            #expect(preview.status == .ok && preview.body.contains("Paperboy daily digest — Fri 12 Jun"))
            #expect(try await client.get("/admin/digest?email=reader%40example.org").status == .notFound, "anonymous")
            let other = try await AccountTests.signIn(client, log, email: "someone@example.org")
            #expect(try await client.get("/admin/digest?email=reader%40example.org", headers: [.cookie: other]).status == .notFound)
        }
    }

    static func withoutCSRF(_ body: String) -> String {
        body.replacingOccurrences(of: #"value="[A-Za-z0-9_-]{43}""#, with: "", options: .regularExpression)
    }
}
