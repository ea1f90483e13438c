import Foundation
import TestSupport
import Testing

/// `paperboy subscribers` and `paperboy digest`, run as a user runs them, against a real SMTP server.
@Suite struct DigestCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("paperboy.sqlite").path }

    init() throws {
        dir = try Fixtures.temporaryDirectory()
        try #require(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("sotawhat_hf_daily_papers_2026-06.json")).status == 0)
    }

    @Test func subscribersAddListAndRemove() throws {
        let added = try PaperboyProcess.run("subscribers", "add", "--db", db, "A@Example.org", "b@example.org", "--frequency", "weekly", "--weekday", "5",
                                            "--time-zone", "Europe/Zurich", "--search", "agents")
        #expect(added.status == 0 && added.stdout.contains("a@example.org: added, confirmed.") && added.stdout.contains("b@example.org: added, confirmed."))
        let again = try PaperboyProcess.run("subscribers", "add", "--db", db, "a@example.org")
        #expect(again.stdout.contains("a@example.org: already known; now confirmed"))
        let list = try PaperboyProcess.run("subscribers", "list", "--db", db)
        #expect(list.stdout.contains("a@example.org\tconfirmed\tweekly on Fri at 7:00 Europe/Zurich\t10 trending, 1 saved searches"))
        #expect(list.stderr.contains("2 subscribers"))
        let removed = try PaperboyProcess.run("subscribers", "remove", "--db", db, "b@example.org", "nobody@example.org")
        #expect(removed.status == 1 && removed.stdout.contains("b@example.org: removed.") && removed.stderr.contains("no subscriber with the address nobody@example.org"))
        for bad in [["--hour", "24"], ["--time-zone", "Nowhere/City"], ["not-an-address"]] {
            let result = try PaperboyProcess.run(["subscribers", "add", "--db", db, "c@example.org"] + bad)
            #expect(result.status == 64, "\(bad)")
        }
    }

    @Test func sendThenSendAgainSendsNothingTwice() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        _ = try PaperboyProcess.run("subscribers", "add", "--db", db, "a@example.org", "b@example.org")
        let url = "smtp://127.0.0.1:\(server.port)"
        let dry = try PaperboyProcess.run("digest", "send", "--db", db, "--date", "2026-06-12", "--dry-run")
        #expect(dry.status == 0 && dry.stdout.contains("a@example.org\t10 trending papers — Fri 12 Jun") && dry.stdout.contains("2 digest(s) would be queued"))
        #expect(try server.received().isEmpty)
        let first = try PaperboyProcess.run("digest", "send", "--db", db, "--date", "2026-06-12", "--smtp-url", url, "--base-url", "https://papers.example.org")
        #expect(first.status == 0 && first.stdout.contains("Digests: 2 queued") && first.stdout.contains("Delivery: 2 sent, 0 deferred, 0 failed"))
        let second = try PaperboyProcess.run("digest", "send", "--db", db, "--date", "2026-06-12", "--smtp-url", url)
        #expect(second.stdout.contains("Digests: 0 queued; 2 already queued") && second.stdout.contains("Delivery: 0 sent"))
        #expect(try server.received().map(\.rcpt_tos).sorted { $0[0] < $1[0] } == [["a@example.org"], ["b@example.org"]])
        let preview = try PaperboyProcess.run("digest", "preview", "--db", db, "a@example.org", "--date", "2026-06-13", "--base-url", "https://papers.example.org")
        #expect(preview.status == 0 && preview.stdout.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(preview.stdout.contains("Message-ID: <digest.") && preview.stdout.contains("Content-Type: multipart/alternative"))
        let unknown = try PaperboyProcess.run("digest", "preview", "--db", db, "nobody@example.org")
        #expect(unknown.status == 1 && unknown.stderr.contains("no subscriber with the address nobody@example.org"))
        let noTransport = try PaperboyProcess.run("digest", "send", "--db", db, environment: ["PAPERBOY_MAIL_URL": ""])
        #expect(noTransport.status == 64 && noTransport.stderr.contains("no mail transport"))
    }

    /// Synchronous on purpose: polling with `Task.sleep` waited on a cooperative thread pool that
    /// other tests' process waits kept busy, so the kill came after the last message.
    @Test func aKilledSenderNeverSendsADigestTwice() throws {
        // A slow server (40 ms a message): the kill surely lands in the middle of delivery.
        let server = try SMTPTestServer(["--delay", "0.04"])
        defer { server.stop() }
        let emails = (0..<400).map { "reader\($0)@example.org" }
        #expect(try PaperboyProcess.run(["subscribers", "add", "--db", db] + emails).status == 0)
        let arguments = ["digest", "send", "--db", db, "--date", "2026-06-12", "--smtp-url", "smtp://127.0.0.1:\(server.port)?pool=1"]
        let sender = try PaperboyProcess.start(arguments)
        // Killed without warning while delivering: some messages out, some still queued.
        let deadline = ContinuousClock.now + .seconds(60)
        while server.receivedCount() < 20, ContinuousClock.now < deadline { usleep(2_000) }
        kill(sender.processIdentifier, SIGKILL)
        sender.waitUntilExit()
        let before = server.receivedCount()
        #expect(before < emails.count, "the sender was killed before the end")
        let rerun = try PaperboyProcess.run(arguments)
        #expect(rerun.status == 0)
        let interrupted = Int(rerun.stdout.components(separatedBy: " interrupted").first?.split(separator: " ").last.map(String.init) ?? "") ?? -1
        #expect((0...4).contains(interrupted), "\(rerun.stdout)")
        let recipients = try server.received().flatMap(\.rcpt_tos)
        #expect(Set(recipients).count == recipients.count, "no one got a digest twice")
        // An interrupted message may have arrived before the kill, or not: never twice, and none lost
        // without a record.
        #expect(recipients.count <= emails.count && recipients.count + interrupted >= emails.count)
    }
}
