import AppBootstrap
import ArgumentParser
import Foundation
import Pipeline
import WebServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web site and JSON API.",
        discussion: """
            Serves the daily feed (/), trending (/trending), search (/search), paper pages \
            (/papers/ID), the JSON API (/api/daily_papers, /api/papers/ID, /api/papers/search, \
            described at /openapi.json), Atom feeds, /healthz and /metrics. An empty database is \
            first loaded with the bundled demo papers. Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var model: ModelCommand.Options

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(help: ArgumentHelp("The public address, for absolute links in feeds (default: $PAPERBOY_BASE_URL, else http://HOST:PORT).", valueName: "url"))
    var baseURL: String?

    @Option(help: "Seconds an anonymous page or API answer is reused before it is rendered again (0: never reused).")
    var cacheSeconds = 5.0

    @Option(help: ArgumentHelp("Where to send mail (digests, confirmations): smtp://user:pass@host:587, smtps://…, sendmail:, file:///folder (default: $PAPERBOY_MAIL_URL; none: mails go to the log).", valueName: "url"))
    var smtpURL: String?

    @Option(help: ArgumentHelp("The sender of the mail, e.g. \"Paperboy <digest@example.org>\" (default: $PAPERBOY_MAIL_FROM).", valueName: "mailbox"))
    var mailFrom: String?

    @Option(help: "Seconds between two rounds of the digest service (compose what is due, deliver the outbox).")
    var digestInterval = 60.0

    @Option(name: .customLong("admin"), help: ArgumentHelp("An e-mail address that is an admin once signed in (repeatable; also `paperboy users grant-admin`).", valueName: "email"))
    var admins: [String] = []

    func run() async throws {
        let settings: ServerSettings
        let mail: MailSettings?
        do {
            settings = try ServerSettings.resolve(host: host, port: port, baseURLFlag: baseURL, admins: admins)
            mail = try MailConfiguration.resolve(urlFlag: smtpURL, fromFlag: mailFrom, baseURL: settings.baseURL)
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        let db = try database.open()
        let searcher = try model.searcher(database: db)
        let site = try PaperboySite(database: db, configuration: WebServerConfiguration(
            host: settings.host, port: settings.port, baseURL: settings.baseURL, adminEmails: settings.adminEmails,
            cacheLifetime: max(0, cacheSeconds), mail: mail),
            searcher: searcher)
        if try db.paperCount() == 0 {
            site.log("Empty database: ingesting the bundled demo papers")
            let report = try Ingester(database: db).ingest(paths: try DemoData.files())
            site.log("Demo papers ingested: \(report.summary)")
        }
        guard let mail else {
            site.log("No mail transport (--smtp-url or \(MailConfiguration.urlVariable)): digests are not sent, and mails go to this log")
            return try await site.run()
        }
        let scheduler = DigestScheduler(
            run: DigestRun(database: db, searcher: searcher, mail: SubscriptionMail(identity: mail.identity, tokens: try SubscriptionTokens.load(from: db))),
            sender: OutboxSender(database: db, transport: mail.transport, policy: DeliveryPolicy(maxWait: 0)),
            interval: .milliseconds(Int64(max(1, digestInterval) * 1000)), log: { site.log($0) })
        // The site decides when to stop (SIGINT/SIGTERM); the digest service stops with it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await site.run() }
            group.addTask { await scheduler.runUntilCancelled() }
            try await group.next()
            group.cancelAll()
        }
    }
}
