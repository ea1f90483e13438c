import AppBootstrap
import ArgumentParser
import Foundation
import Mailer
import PaperModels
import PaperStore
import Pipeline

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Compose and send the e-mail digests (for cron; `paperboy serve` also sends them on schedule).",
        subcommands: [Send.self, Preview.self])

    /// What both subcommands need: the store, the searcher, the public address.
    struct Common: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var model: ModelCommand.Options

        @Option(help: ArgumentHelp("The site's public address, for the links in the mail (default: $PAPERBOY_BASE_URL, else http://127.0.0.1:8080).", valueName: "url"))
        var baseURL: String?

        @Option(help: ArgumentHelp("Compose as of this day (YYYY-MM-DD): to resend a missed day; default: today, for those due now.", valueName: "day"))
        var date: String?

        func validate() throws {
            if let date, Day.date(date) == nil { throw ValidationError("--date must be a day such as 2026-12-01, not \"\(date)\"") }
        }

        func resolvedBaseURL() throws -> String {
            do { return try ServerSettings.resolve(host: "127.0.0.1", port: 8080, baseURLFlag: baseURL).baseURL } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compose the digests that are due, store them in the outbox, deliver them, and print a summary.",
            discussion: """
                Each digest is stored before it is sent, once per subscriber and period: running again \
                the same day sends nothing twice. Temporary failures (4xx) are retried with backoff; \
                permanent ones (5xx) are marked failed with the server's reply.
                """)

        @OptionGroup var common: Common

        @Flag(help: "Compose and show what would be sent; store and send nothing.")
        var dryRun = false

        @Option(help: ArgumentHelp("Only this subscriber, whatever their schedule.", valueName: "email"))
        var to: String?

        @Option(help: ArgumentHelp("Where to send: smtp://user:pass@host:587, smtps://…, sendmail:, file:///folder (default: $PAPERBOY_MAIL_URL).", valueName: "url"))
        var smtpURL: String?

        @Option(help: ArgumentHelp("The sender, e.g. \"Paperboy <digest@example.org>\" (default: $PAPERBOY_MAIL_FROM).", valueName: "mailbox"))
        var mailFrom: String?

        @Flag(help: "Send a digest even when nothing in it is new.")
        var sendEmpty = false

        @Option(help: "Seconds before the first retry of a temporary failure (doubling after each).")
        var retryAfter = 30.0

        @Option(help: "Seconds this run waits for a retry before leaving it to the next run.")
        var maxWait = 120.0

        func run() async throws {
            let db = try common.database.open()
            let baseURL = try common.resolvedBaseURL()
            let identity: MailIdentity
            let settings: MailSettings?
            do {
                identity = try MailConfiguration.identity(fromFlag: mailFrom, baseURL: baseURL, sendWhenEmpty: sendEmpty)
                settings = try MailConfiguration.resolve(urlFlag: smtpURL, fromFlag: mailFrom, baseURL: baseURL, sendWhenEmpty: sendEmpty)
            } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
            guard dryRun || settings != nil else { throw ValidationError("no mail transport: give --smtp-url or set \(MailConfiguration.urlVariable)") }
            let mail = SubscriptionMail(identity: identity, tokens: try SubscriptionTokens.load(from: db))
            let run = DigestRun(database: db, searcher: try common.model.searcher(database: db), mail: mail)
            let composed: CompositionSummary
            let clock = ContinuousClock()
            let composeStart = clock.now
            do {
                composed = try run.compose(DigestSelection(day: common.date, email: to.map { $0.lowercased() }), now: Date(), dryRun: dryRun)
            } catch let error as DigestError {
                throw CommandFailure(error.description)
            }
            let composeTime = Self.seconds(clock.now - composeStart)
            if dryRun {
                for (recipient, subject) in composed.composed { print("\(recipient)\t\(subject)") }
                print("Dry run: \(composed.composed.count) digest(s) would be queued; \(Self.describe(composed)); composed in \(Self.rate(composed.composed.count, composeTime)).")
                return
            }
            guard let settings else { return }
            let sender = OutboxSender(database: db, transport: settings.transport,
                                      policy: DeliveryPolicy(retryAfter: max(0, retryAfter), maxWait: max(0, maxWait)))
            let deliveryStart = clock.now
            let delivered = try await sender.deliverDue()
            let deliveryTime = Self.seconds(clock.now - deliveryStart)
            print("Digests: \(composed.queued) queued; \(Self.describe(composed)); composed in \(Self.rate(composed.queued, composeTime)).")
            print("Delivery: \(delivered.sent) sent, \(delivered.deferred) deferred, \(delivered.failed) failed, \(delivered.interrupted) interrupted; in \(Self.rate(delivered.sent, deliveryTime)).")
            for problem in delivered.problems { FileHandle.standardError.write(Data("problem: \(problem)\n".utf8)) }
            if delivered.failed > 0 { throw ExitCode(2) }
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// `3.21 s (3115/s)`.
        static func rate(_ count: Int, _ seconds: Double) -> String {
            String(format: "%.2f s (%.0f/s)", seconds, seconds > 0 ? Double(count) / seconds : 0)
        }

        static func describe(_ summary: CompositionSummary) -> String {
            "\(summary.alreadyQueued) already queued, \(summary.empty) with nothing new, \(summary.notDue) not due yet"
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the digest a subscriber would get (the whole message, as sent); nothing is stored or sent.")

        @OptionGroup var common: Common

        @Argument(help: ArgumentHelp("The subscriber's address.", valueName: "email"))
        var email: String

        @Flag(help: "Print the HTML part only (to open in a browser).")
        var html = false

        func run() async throws {
            let db = try common.database.open()
            let baseURL = try common.resolvedBaseURL()
            let identity: MailIdentity
            do { identity = try MailConfiguration.identity(fromFlag: nil, baseURL: baseURL, sendWhenEmpty: true) } catch let error as ConfigurationError {
                throw ValidationError(error.description)
            }
            let run = DigestRun(database: db, searcher: try common.model.searcher(database: db),
                                mail: SubscriptionMail(identity: identity, tokens: try SubscriptionTokens.load(from: db)))
            let message: Email?
            do { message = try run.preview(email: email, day: common.date, now: Date()) } catch let error as DigestError {
                throw CommandFailure(error.description)
            }
            guard let message else { throw CommandFailure("nothing to send") }
            print(html ? message.html ?? "" : String(decoding: message.rendered().data, as: UTF8.self), terminator: "")
        }
    }
}
