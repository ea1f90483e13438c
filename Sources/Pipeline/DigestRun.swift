import Foundation
import Mailer
import PaperModels
import PaperSearch
import PaperStore

/// Which digests a run composes.
public struct DigestSelection: Sendable {
    /// Compose as of this day (`YYYY-MM-DD`) for every confirmed subscriber, whatever their
    /// schedule (a missed day, or a pinned clock in tests); nil: those due now, each as of their local day.
    public var day: String?
    /// Only this subscriber, whatever their schedule.
    public var email: String?
    public init(day: String? = nil, email: String? = nil) {
        self.day = day
        self.email = email
    }
}

/// What composing did: the messages queued, and why the others were not.
public struct CompositionSummary: Sendable, Equatable {
    public var queued = 0
    /// Subscribers with nothing new (and sending empty digests is off).
    public var empty = 0
    /// Subscribers whose digest of this period is already in the outbox.
    public var alreadyQueued = 0
    /// Subscribers whose hour (or weekday) has not come.
    public var notDue = 0
    /// Subject of each composed message, by recipient (for `--dry-run`).
    public var composed: [(recipient: String, subject: String)] = []
    public init() {}
    public static func == (a: Self, b: Self) -> Bool {
        (a.queued, a.empty, a.alreadyQueued, a.notDue) == (b.queued, b.empty, b.alreadyQueued, b.notDue)
    }
}

/// Composes digests into the outbox: rendered and stored first, delivered afterwards by `OutboxSender`.
public struct DigestRun: Sendable {
    let database: AppDatabase
    let composer: DigestComposer
    let mail: SubscriptionMail

    public init(database: AppDatabase, searcher: PaperSearcher, mail: SubscriptionMail) {
        self.database = database
        self.composer = DigestComposer(database: database, searcher: searcher, baseURL: mail.identity.baseURL)
        self.mail = mail
    }

    /// Composes the selected digests; with `dryRun` nothing is stored (the summary says what would be).
    public func compose(_ selection: DigestSelection, now: Date, dryRun: Bool = false) throws -> CompositionSummary {
        var summary = CompositionSummary()
        var batch: [NewOutboxMessage] = []
        func store() throws {
            let stored = try database.enqueue(batch, now: now)
            summary.queued += stored
            summary.alreadyQueued += batch.count - stored
            batch = []
        }
        let subscribers: [Subscriber]
        if let email = selection.email {
            guard let subscriber = try database.subscriber(email: email) else { throw DigestError.unknownSubscriber(email) }
            subscribers = [subscriber]
        } else {
            subscribers = try database.subscribers(status: .confirmed)
        }
        for subscriber in subscribers {
            if selection.day == nil, selection.email == nil, !subscriber.preferences.isDue(at: now) {
                summary.notDue += 1
                continue
            }
            let day = selection.day ?? Self.localDay(now, subscriber.preferences)
            let period = Self.period(day, subscriber.preferences)
            let key = "digest/\(subscriber.id)/\(period)"
            if try database.outboxHas(idempotencyKey: key) {
                summary.alreadyQueued += 1
                continue
            }
            guard let email = try message(for: subscriber, day: day, period: period, now: now) else {
                summary.empty += 1
                continue
            }
            summary.composed.append((subscriber.email, email.email.subject))
            if dryRun { continue }
            let rendered = email.email.rendered()
            batch.append(NewOutboxMessage(idempotencyKey: key, subscriberID: subscriber.id, sender: rendered.sender,
                                          recipient: subscriber.email, messageID: rendered.messageID, subject: email.email.subject,
                                          message: Data(rendered.data), paperIDs: email.paperIDs))
            if batch.count == Self.batchSize { try store() }
        }
        try store()
        return summary
    }

    /// The digest a subscriber would get as of `day`, without storing anything (preview).
    public func preview(email: String, day: String?, now: Date) throws -> Email? {
        guard let subscriber = try database.subscriber(email: email) else { throw DigestError.unknownSubscriber(email) }
        let day = day ?? Self.localDay(now, subscriber.preferences)
        return try message(for: subscriber, day: day, period: Self.period(day, subscriber.preferences), now: now)?.email
    }

    private func message(for subscriber: Subscriber, day: String, period: String, now: Date) throws -> (email: Email, paperIDs: [String])? {
        guard let digest = try composer.compose(for: subscriber, asOf: day, links: mail.links(for: subscriber),
                                                allowEmpty: mail.identity.sendWhenEmpty) else { return nil }
        return (mail.digest(digest, to: subscriber, period: period, now: now), digest.paperIDs)
    }

    /// Digests stored per transaction.
    static let batchSize = 250

    /// The subscriber's own date at `now`, in their time zone.
    static func localDay(_ now: Date, _ preferences: DigestPreferences) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: preferences.timeZone) ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The period a digest of `day` belongs to: the day, or its ISO week for a weekly digest.
    static func period(_ day: String, _ preferences: DigestPreferences) -> String {
        guard let date = Day.date(day) else { return day }
        var utc = preferences
        utc.timeZone = "UTC"
        return utc.periodKey(at: date.addingTimeInterval(12 * 3_600))
    }
}

public enum DigestError: Error, CustomStringConvertible, Equatable {
    case unknownSubscriber(String)
    public var description: String {
        switch self {
        case .unknownSubscriber(let email): "no subscriber with the address \(email) (add one with `paperboy subscribers add`)"
        }
    }
}
