import Foundation
import HTTPTypes
import TestSupport
import Testing

/// Sign-in links by e-mail when the site has a mail transport: the link arrives at a real SMTP
/// server process, works once, and is never written to the log.
@Suite("Sign-in links by e-mail")
struct SignInMailTests {
    /// Posts the sign-in form the way a browser does (CSRF cookie and field).
    static func askForLink(_ client: TestClient, _ email: String) async throws -> Fetched {
        let form = try await client.get("/signin")
        let csrf = try #require(AccountTests.cookie("pb_csrf", in: form))
        return try await client.post("/signin", form: [("email", email), ("csrf", csrf)], headers: [.cookie: "pb_csrf=\(csrf)"])
    }

    @Test func theLinkArrivesByMailAndSignsInOnce() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase(), mail: SubscriptionTests.mail(server)) { client in
            let sent = try await Self.askForLink(client, "Ada@Example.org")
            #expect(sent.status == .ok && sent.body.contains("A sign-in link for ada@example.org is on its way."))
            let message = try #require(try server.received().last)
            #expect(message.rcpt_tos == ["ada@example.org"] && message.headers["Subject"] == "Your Paperboy sign-in link")
            #expect(message.headers["From"] == "Paperboy <digest@papers.example.org>")
            let link = try #require(SubscriptionTests.link("/signin/verify?token=", in: message.plain))
            #expect(message.html?.contains(TestSite.baseURL + link) == true)
            // The token is in the mail only: not in the log.
            #expect(log.signInToken(for: "ada@example.org") == nil)
            #expect(!log.lines.contains { $0.contains(link) })

            let verified = try await client.get(link)
            #expect(verified.status == .seeOther && AccountTests.cookie("pb_session", in: verified) != nil)
            let again = try await client.get(link)
            #expect(again.status == .badRequest && again.body.contains("This sign-in link is not valid"))
        }
    }

    @Test func aMailServerThatRefusesSaysTryAgainAndSignsNoOneIn() async throws {
        let server = try SMTPTestServer(["--mode", "reject"])
        defer { server.stop() }
        let log = LogCapture()
        try await TestSite.withClient(log: log, database: try TestSite.makeDatabase(), mail: SubscriptionTests.mail(server)) { client in
            let refused = try await Self.askForLink(client, "bob@example.org")
            #expect(refused.status == .serviceUnavailable && refused.body.contains("could not be sent just now"))
            #expect(!refused.body.contains("on its way"))
            #expect(log.lines.contains { $0.hasPrefix("sign-in mail to bob@example.org not sent:") && $0.contains("550") })
            #expect(server.receivedCount() == 0)
        }
    }
}
