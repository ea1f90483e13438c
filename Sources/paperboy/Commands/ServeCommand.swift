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

    @Option(name: .customLong("admin"), help: ArgumentHelp("An e-mail address that is an admin once signed in (repeatable; also `paperboy users grant-admin`).", valueName: "email"))
    var admins: [String] = []

    func run() async throws {
        let settings: ServerSettings
        do { settings = try ServerSettings.resolve(host: host, port: port, baseURLFlag: baseURL, admins: admins) } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        let db = try database.open()
        let site = try PaperboySite(database: db, configuration: WebServerConfiguration(
            host: settings.host, port: settings.port, baseURL: settings.baseURL, adminEmails: settings.adminEmails,
            cacheLifetime: max(0, cacheSeconds)),
            searcher: try model.searcher(database: db))
        if try db.paperCount() == 0 {
            site.log("Empty database: ingesting the bundled demo papers")
            let report = try Ingester(database: db).ingest(paths: try DemoData.files())
            site.log("Demo papers ingested: \(report.summary)")
        }
        try await site.run()
    }
}
