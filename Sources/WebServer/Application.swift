import Foundation
import Hummingbird
import Logging
import PaperSearch
import PaperStore
import PaperViews
import ServiceLifecycle

typealias AppRequestContext = BasicRequestContext

/// Paperboy's web site and JSON API over a paper store.
public struct PaperboySite: Sendable {
    let site: Site
    let logger: Logger
    /// Where the log goes when no logger is given (the `serve` command): standard error, in batches.
    let batchedLog: BatchedLog?
    let metrics = HTTPMetrics()

    /// `searcher` answers searches and related papers (keyword search alone when not given).
    /// `logger` receives the request log and, without a mail transport, the mail (sign-in links). Throws when
    /// the database cannot give the token key.
    public init(database: AppDatabase, configuration: WebServerConfiguration, searcher: PaperSearcher? = nil, logger: Logger? = nil) throws {
        if let logger {
            self.logger = logger
            batchedLog = nil
        } else {
            let log = BatchedLog()
            self.logger = Logger(label: "paperboy") { log.handler(label: $0) }
            batchedLog = log
        }
        site = try Site(database: database, searcher: searcher ?? PaperSearcher(database: database, meaning: nil), configuration: configuration,
                        mailFallback: LogTransport(logger: self.logger))
    }

    /// Writes a line to the server log (start-up steps taken outside the server).
    public func log(_ message: String) {
        logger.info("\(message)")
        batchedLog?.flush()
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight and returns. Each job
    /// of `jobs` (the harvest schedule) runs beside the server and is cancelled when it stops.
    public func run(alongside jobs: [@Sendable () async -> Void] = []) async throws {
        log("Paperboy listening on http://\(site.configuration.host):\(site.configuration.port) (public address \(site.configuration.baseURL))")
        defer { batchedLog?.flush() }
        var jobs = jobs
        if let batchedLog {
            jobs.append {
                while (try? await Task.sleep(for: .milliseconds(200))) != nil { batchedLog.flush() }
            }
        }
        try await application(services: jobs.map(BackgroundJob.init)).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// The Hummingbird application (the tests drive it through HummingbirdTesting).
    public func application(services: [any Service] = []) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        site.registerPages(on: router)
        site.registerAPI(on: router)
        site.registerAccounts(on: router, logger: logger)
        site.registerSubmit(on: router)
        site.registerSubscriptions(on: router, logger: logger)
        registerOperations(on: router)
        let configuration = ApplicationConfiguration(address: .hostname(site.configuration.host, port: site.configuration.port),
                                                     serverName: "Paperboy")
        return Application(router: router, configuration: configuration, services: services, logger: logger)
    }

    /// Health, metrics and the API description.
    private func registerOperations(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Route.health)) { [site] _, _ in
            let papers = try site.database.paperCount()
            return Responses.uncached("{\"status\":\"ok\",\"papers\":\(papers)}", status: .ok, type: Responses.json)
        }
        router.get(RouterPath(Route.metrics)) { [metrics] _, _ in
            Responses.uncached(metrics.registry.emitToString(), status: .ok, type: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get(RouterPath(Route.openAPI)) { request, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
                throw PageError(status: .internalServerError, message: "The API description is missing from this installation.")
            }
            return Responses.ok(ByteBuffer(bytes: data), type: Responses.json, request: request, maxAge: 3_600)
        }
    }
}

/// A long-running task as a service of the server's group: it stops when the server shuts down.
struct BackgroundJob: Service {
    let body: @Sendable () async -> Void
    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
        // A service that returns would shut the whole group down: a job that ended early waits.
        try? await gracefulShutdown()
    }
}
