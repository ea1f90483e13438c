import Foundation
import Mailer
import PaperModels
import PaperSearch
import PaperStore
import Pipeline
import TestSupport
import Testing

/// Digests composed from real fixture papers (30 Hugging Face daily papers featured on
/// 2026-06-12, with their upvotes) and delivered to a real SMTP server process.
@Suite struct DigestTests {
    static let day = "2026-06-12"
    static let identity = MailIdentity(from: Mailbox("digest@papers.example.org", name: "Paperboy Digest"), baseURL: "https://papers.example.org")

    struct World {
        let database: AppDatabase
        let run: DigestRun
        let subscriber: Subscriber
        let folder: URL

        init(preferences: DigestPreferences = DigestPreferences(trendingCount: 5, savedSearches: [SavedSearch(query: "agents")])) throws {
            folder = try Fixtures.temporaryDirectory()
            database = try AppDatabase.open(path: folder.appendingPathComponent("digest.sqlite").path)
            _ = try Ingester(database: database).ingest(paths: [Fixtures.path("sotawhat_hf_daily_papers_2026-06.json")])
            subscriber = try database.addConfirmedSubscriber(email: "reader@example.org", preferences: preferences, now: Date()).0
            run = DigestRun(database: database, searcher: PaperSearcher(database: database, meaning: nil),
                            mail: SubscriptionMail(identity: DigestTests.identity, tokens: try SubscriptionTokens.load(from: database)))
        }

        func sender(_ server: SMTPTestServer, retryAfter: TimeInterval = 30) -> OutboxSender {
            OutboxSender(database: database, transport: SMTPTransport(settings: SMTPSettings(host: "127.0.0.1", port: server.port)),
                         policy: DeliveryPolicy(retryAfter: retryAfter, maxWait: 10))
        }
    }

    /// Paper ids linked from a message's plain-text part.
    static func paperIDs(_ text: String) -> [String] {
        text.components(separatedBy: "https://papers.example.org/papers/").dropFirst().map { String($0.prefix { !$0.isWhitespace }) }
    }

    @Test func aDigestIsComposedStoredAndDeliveredWithEveryHeader() async throws {
        let world = try World()
        let server = try SMTPTestServer()
        defer { server.stop() }
        let composed = try world.run.compose(DigestSelection(day: Self.day), now: Date())
        #expect(composed.queued == 1)
        let delivered = try await world.sender(server).deliverDue()
        #expect(delivered.sent == 1 && delivered.failed == 0)
        let message = try #require(try server.received().first)
        let subject = try #require(message.headers["Subject"])
        #expect(subject.hasPrefix("5 trending papers · ") && subject.contains(" new for 'agents'") && subject.hasSuffix(" — Fri 12 Jun"), "\(subject)")
        #expect(message.headers["From"] == "Paperboy Digest <digest@papers.example.org>")
        #expect(message.headers["Message-ID"] == "<digest.\(world.subscriber.id).\(Self.day)@papers.example.org>")
        #expect(message.headers["List-Id"] == "Paperboy digest <digest.papers.example.org>")
        #expect(message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
        let unsubscribe = try #require(message.headers["List-Unsubscribe"])
        #expect(unsubscribe.hasPrefix("<https://papers.example.org/unsubscribe?t=unsubscribe.\(world.subscriber.id).0."))
        #expect(unsubscribe.contains("<mailto:digest@papers.example.org?subject=unsubscribe%20\(world.subscriber.id)>"))
        #expect(message.content_type == "multipart/alternative")
        let text = try #require(message.plain), html = try #require(message.html)
        let ids = Self.paperIDs(text)
        #expect(ids.count >= 6 && Set(ids).count == ids.count, "no paper twice: \(ids)")
        #expect(text.contains("Trending") && text.contains("New for ‘agents’") && text.contains("Unsubscribe: https://papers.example.org/unsubscribe?t="))
        #expect(html.contains("style=\"") && !html.contains("<style") && !html.contains("<img"), "inline CSS, no remote images")
        for id in ids { #expect(html.contains("href=\"https://papers.example.org/papers/\(id)\"")) }
        #expect(html.contains(">Unsubscribe</a>") && html.contains(">Manage your digest</a>"))
        // The most upvoted paper of the day leads the trending section, with its count.
        #expect(text.contains("EvoArena") && text.contains("▲ 118"))
    }

    @Test func noPaperIsSentTwiceAndNothingIsSentWhenNothingIsNew() async throws {
        let world = try World(preferences: DigestPreferences(trendingCount: 12))
        let server = try SMTPTestServer()
        defer { server.stop() }
        var seen: [String] = []
        for day in ["2026-06-12", "2026-06-13", "2026-06-14"] {
            #expect(try world.run.compose(DigestSelection(day: day), now: Date()).queued == 1)
            // The same period again: already in the outbox, nothing composed.
            #expect(try world.run.compose(DigestSelection(day: day), now: Date()).alreadyQueued == 1)
            _ = try await world.sender(server).deliverDue()
        }
        for message in try server.received() { seen += Self.paperIDs(message.plain ?? "") }
        #expect(seen.count == 30 && Set(seen).count == 30, "every paper of the window exactly once")
        // All 30 papers are sent: the fourth day has nothing new, and nothing goes out.
        let fourth = try world.run.compose(DigestSelection(day: "2026-06-15"), now: Date())
        #expect(fourth.queued == 0 && fourth.empty == 1)
        #expect(try server.received().count == 3)
    }

    @Test func a451IsRetriedWithBackoffAndThenDelivered() async throws {
        let world = try World()
        let server = try SMTPTestServer(["--mode", "tempfail-first"])
        defer { server.stop() }
        _ = try world.run.compose(DigestSelection(day: Self.day), now: Date())
        let summary = try await world.sender(server, retryAfter: 0.2).deliverDue()
        #expect(summary.sent == 1 && summary.deferred == 1 && summary.failed == 0)
        let row = try #require(try world.database.recentOutbox(limit: 1).first)
        #expect(row.status == .sent && row.attempts == 2)
        #expect(try server.received().count == 1)
    }

    @Test func a550FailsTheMessageWithTheServersReplyAndGivesItsPapersBack() async throws {
        let world = try World()
        let server = try SMTPTestServer(["--mode", "reject"])
        defer { server.stop() }
        _ = try world.run.compose(DigestSelection(day: Self.day), now: Date())
        let summary = try await world.sender(server).deliverDue()
        #expect(summary.failed == 1 && summary.sent == 0)
        #expect(summary.problems.first?.contains("550 5.1.1 <reader@example.org>: mailbox unavailable") == true)
        let row = try #require(try world.database.recentOutbox(limit: 1).first)
        #expect(row.status == .failed && row.attempts == 1 && row.lastError?.contains("550") == true)
        #expect(try world.database.digestedPaperIDs(subscriberIDs: [world.subscriber.id]).isEmpty)
    }

    @Test func unconfirmedAndUnsubscribedPeopleGetNothing() throws {
        let world = try World()
        guard case .needsConfirmation(let pending) = try world.database.subscribe(email: "new@example.org", now: Date()) else {
            Issue.record("a new address must wait for confirmation")
            return
        }
        #expect(pending.status == .pending)
        try world.database.unsubscribe(id: world.subscriber.id)
        let summary = try world.run.compose(DigestSelection(day: Self.day), now: Date())
        #expect(summary.queued == 0 && summary.composed.isEmpty)
    }

    @Test func theScheduleFollowsEachSubscribersHourWeekdayAndTimeZone() {
        // 2026-12-01 is a Tuesday; 06:30 UTC is 07:30 in Zurich.
        let now = Day.date("2026-12-01")!.addingTimeInterval(6.5 * 3_600)
        #expect(DigestPreferences(hour: 7, timeZone: "Europe/Zurich").isDue(at: now))
        #expect(!DigestPreferences(hour: 7, timeZone: "UTC").isDue(at: now))
        #expect(DigestPreferences(frequency: .weekly, weekday: 2, hour: 6).isDue(at: now))
        #expect(!DigestPreferences(frequency: .weekly, weekday: 3, hour: 6).isDue(at: now))
        #expect(DigestPreferences(frequency: .weekly).periodKey(at: now) == "2026-W49")
        #expect(DigestPreferences(hour: 25, timeZone: "Mars/Olympus", trendingCount: 1_000).normalized()
                == DigestPreferences(hour: 23, timeZone: "UTC", trendingCount: DigestPreferences.maxTrending))
    }

    @Test func signedLinksResistTampering() throws {
        let tokens = SubscriptionTokens(key: Data(repeating: 7, count: 32))
        let now = Date()
        let token = tokens.token(.unsubscribe, subscriberID: 12, email: "a@example.org")
        #expect(tokens.verify(token, .unsubscribe, subscriberID: 12, email: "a@example.org"))
        #expect(!tokens.verify(token, .manage, subscriberID: 12, email: "a@example.org"))
        #expect(!tokens.verify(token, .unsubscribe, subscriberID: 12, email: "b@example.org"))
        #expect(!tokens.verify(token.replacingOccurrences(of: "unsubscribe.12.", with: "unsubscribe.13."), .unsubscribe, subscriberID: 13, email: "a@example.org"))
        #expect(!SubscriptionTokens(key: Data(repeating: 8, count: 32)).verify(token, .unsubscribe, subscriberID: 12, email: "a@example.org"))
        let confirm = tokens.token(.confirm, subscriberID: 12, email: "a@example.org", now: now)
        #expect(tokens.verify(confirm, .confirm, subscriberID: 12, email: "a@example.org", now: now.addingTimeInterval(86_400)))
        #expect(!tokens.verify(confirm, .confirm, subscriberID: 12, email: "a@example.org", now: now.addingTimeInterval(8 * 86_400)), "expired")
    }
}
