import Foundation
import Mailer
import PaperModels
import PaperSearch
import PaperStore
import Synchronization

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
    let searcher: PaperSearcher
    let mail: SubscriptionMail

    public init(database: AppDatabase, searcher: PaperSearcher, mail: SubscriptionMail) {
        self.database = database
        self.searcher = searcher
        self.mail = mail
    }

    /// A composer per run: what it shares between subscribers (rankings, search results, rendered
    /// papers) is as fresh as the run, and `serve`'s long-lived runs do not accumulate it.
    private func makeComposer() -> DigestComposer {
        DigestComposer(database: database, searcher: searcher, baseURL: mail.identity.baseURL)
    }

    /// Composes the selected digests; with `dryRun` nothing is stored (the summary says what would be).
    /// Subscribers are taken a batch at a time: their outbox keys and the papers they were sent are
    /// read for the whole batch, their digests composed and rendered on all cores, and the batch
    /// stored in one transaction.
    public func compose(_ selection: DigestSelection, now: Date, dryRun: Bool = false) throws -> CompositionSummary {
        var summary = CompositionSummary()
        let subscribers: [Subscriber]
        if let email = selection.email {
            guard let subscriber = try database.subscriber(email: email) else { throw DigestError.unknownSubscriber(email) }
            subscribers = [subscriber]
        } else {
            subscribers = try database.subscribers(status: .confirmed)
        }
        var due: [DueDigest] = []
        for subscriber in subscribers {
            if selection.day == nil, selection.email == nil, !subscriber.preferences.isDue(at: now) {
                summary.notDue += 1
                continue
            }
            let day = selection.day ?? Self.localDay(now, subscriber.preferences)
            due.append(DueDigest(subscriber: subscriber, day: day, period: Self.period(day, subscriber.preferences)))
        }
        let composer = makeComposer()
        for start in stride(from: 0, to: due.count, by: Self.batchSize) {
            let batch = due[start..<min(start + Self.batchSize, due.count)]
            let queued = try database.existingIdempotencyKeys(batch.map(\.idempotencyKey))
            let fresh = batch.filter { !queued.contains($0.idempotencyKey) }
            summary.alreadyQueued += batch.count - fresh.count
            let seen = try database.digestedPaperIDs(subscriberIDs: fresh.map(\.subscriber.id))
            let messages = try Self.inParallel(fresh) { digest in
                try outboxMessage(digest, composer: composer, seen: seen[digest.subscriber.id] ?? [], now: now)
            }.compactMap { $0 }
            summary.empty += fresh.count - messages.count
            summary.composed += messages.map { ($0.recipient, $0.subject) }
            guard !dryRun else { continue }
            let stored = try database.enqueue(messages, now: now)
            summary.queued += stored
            summary.alreadyQueued += messages.count - stored
        }
        return summary
    }

    /// The digest a subscriber would get as of `day`, without storing anything (preview).
    public func preview(email: String, day: String?, now: Date) throws -> Email? {
        guard let subscriber = try database.subscriber(email: email) else { throw DigestError.unknownSubscriber(email) }
        let day = day ?? Self.localDay(now, subscriber.preferences)
        let seen = try database.digestedPaperIDs(subscriberIDs: [subscriber.id])[subscriber.id] ?? []
        return try message(for: subscriber, day: day, period: Self.period(day, subscriber.preferences), composer: makeComposer(), seen: seen, now: now)?.email
    }

    /// A subscriber's digest of one period, rendered as it is stored (nil: nothing new).
    private func outboxMessage(_ digest: DueDigest, composer: DigestComposer, seen: Set<String>, now: Date) throws -> NewOutboxMessage? {
        guard let (email, paperIDs) = try message(for: digest.subscriber, day: digest.day, period: digest.period, composer: composer, seen: seen, now: now)
        else { return nil }
        let rendered = email.rendered()
        return NewOutboxMessage(idempotencyKey: digest.idempotencyKey, subscriberID: digest.subscriber.id, sender: rendered.sender,
                                recipient: digest.subscriber.email, messageID: rendered.messageID, subject: email.subject,
                                message: Data(rendered.data), paperIDs: paperIDs)
    }

    private func message(for subscriber: Subscriber, day: String, period: String, composer: DigestComposer, seen: Set<String>,
                         now: Date) throws -> (email: Email, paperIDs: [String])? {
        guard let digest = try composer.compose(for: subscriber, asOf: day, seen: seen, links: mail.links(for: subscriber),
                                                allowEmpty: mail.identity.sendWhenEmpty) else { return nil }
        return (mail.digest(digest, to: subscriber, period: period, now: now), digest.paperIDs)
    }

    /// Subscribers per batch: one read of their outbox keys, one of their sent papers, one transaction.
    static let batchSize = 500

    /// `transform` of each item, on all cores (composing is CPU work), in the order given; the
    /// first error is thrown.
    static func inParallel<Item: Sendable, Output: Sendable>(_ items: [Item], _ transform: @Sendable (Item) throws -> Output) throws -> [Output] {
        let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else { return try items.map(transform) }
        let results = Mutex<[(index: Int, output: Result<Output, any Error>)]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let mine = stride(from: worker, to: items.count, by: workers).map { index in (index, Result { try transform(items[index]) }) }
            results.withLock { $0 += mine }
        }
        return try results.withLock { $0 }.sorted { $0.index < $1.index }.map { try $0.output.get() }
    }

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

/// A subscriber whose digest of `period` (their `day`, or its ISO week) a run composes.
struct DueDigest: Sendable {
    var subscriber: Subscriber
    var day: String
    var period: String
    /// One message per subscriber and period, whatever happens: a second run finds it and sends nothing.
    var idempotencyKey: String { "digest/\(subscriber.id)/\(period)" }
}

public enum DigestError: Error, CustomStringConvertible, Equatable {
    case unknownSubscriber(String)
    public var description: String {
        switch self {
        case .unknownSubscriber(let email): "no subscriber with the address \(email) (add one with `paperboy subscribers add`)"
        }
    }
}
