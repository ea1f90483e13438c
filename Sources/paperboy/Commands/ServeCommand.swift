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

            New papers are fetched on a schedule while the site runs: arXiv once a day at \
            --arxiv-time (UTC, after its 20:00 US Eastern announcement), Hugging Face every \
            --hf-every minutes, both once at start. The sources and addresses are those of \
            `paperboy harvest` (same options); each run is logged and listed on /admin. Without a \
            network the site keeps serving and each failed run is recorded; --no-harvest keeps the \
            site offline (it then serves only what `paperboy ingest` and `paperboy harvest` store).
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

    @Flag(inversion: .prefixedNo, help: "Harvest new papers on a schedule while serving (see `paperboy harvest`).")
    var harvest = true

    @Option(help: ArgumentHelp("The time of the daily arXiv harvest, HH:MM in UTC.", valueName: "time"))
    var arxivTime = "01:30"

    @Option(help: "Minutes between two Hugging Face harvests.")
    var hfEvery = 60.0

    @OptionGroup var harvestOptions: HarvestOptions

    func validate() throws {
        guard Self.minuteOfDay(arxivTime) != nil else { throw ValidationError("--arxiv-time must be HH:MM (UTC), not \"\(arxivTime)\"") }
        guard hfEvery >= 1 else { throw ValidationError("--hf-every must be at least 1 minute") }
    }

    static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        return parts[0] * 60 + parts[1]
    }

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
            try searcher.keyword.refresh()
        }
        var jobs: [@Sendable () async -> Void] = []
        // The keyword index's merges run here, not inside a search's catch-up.
        if let merges = searcher.keyword.backgroundWork(log: { site.log($0) }) { jobs.append(merges) }
        if harvest {
            let scheduler = try harvestOptions.settings().scheduler(
                database: db, schedule: HarvestSchedule(arxivMinuteOfDay: Self.minuteOfDay(arxivTime) ?? 90, huggingFaceInterval: hfEvery * 60),
                modelDirectory: try model.directory(), log: { site.log($0) })
            site.log("Harvesting on a schedule: arXiv daily at \(arxivTime) UTC, Hugging Face every \(hfEvery) minutes")
            jobs.append { await scheduler.run() }
        }
        if let mail {
            let digests = DigestScheduler(
                run: DigestRun(database: db, searcher: searcher, mail: SubscriptionMail(identity: mail.identity, tokens: try SubscriptionTokens.load(from: db))),
                sender: OutboxSender(database: db, transport: mail.transport, policy: DeliveryPolicy(maxWait: 0)),
                interval: .milliseconds(Int64(max(1, digestInterval) * 1000)), log: { site.log($0) })
            jobs.append { await digests.runUntilCancelled() }
        } else {
            site.log("No mail transport (--smtp-url or \(MailConfiguration.urlVariable)): digests are not sent, and mails go to this log")
        }
        // The site decides when to stop (SIGINT/SIGTERM); the jobs stop with it.
        try await site.run(alongside: jobs)
    }
}
