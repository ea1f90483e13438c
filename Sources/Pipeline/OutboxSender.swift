import Foundation
import Mailer
import PaperStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How hard delivery tries: temporary failures (4xx, lost connections) come back after
/// `retryAfter`, doubling each time, until `maxAttempts`; a run waits for a retry at most `maxWait`.
public struct DeliveryPolicy: Sendable {
    public var maxAttempts: Int
    public var retryAfter: TimeInterval
    public var maxWait: TimeInterval
    /// Messages a lane (one per connection the transport keeps) claims at once and hands to the
    /// transport together: one transaction claims them and records the previous batch's outcomes,
    /// and SMTP pipelines them. A sender that dies leaves at most this many per lane `interrupted`.
    public var batchSize: Int

    public init(maxAttempts: Int = 5, retryAfter: TimeInterval = 30, maxWait: TimeInterval = 120, batchSize: Int = 4) {
        self.maxAttempts = maxAttempts
        self.retryAfter = retryAfter
        self.maxWait = maxWait
        self.batchSize = max(1, batchSize)
    }

    func delay(afterAttempt attempt: Int) -> TimeInterval { retryAfter * pow(2, Double(max(0, attempt - 1))) }
}

/// What one delivery run did.
public struct DeliverySummary: Sendable, Equatable {
    public var sent = 0
    public var deferred = 0
    public var failed = 0
    /// Messages a dead sender left half-sent, marked so that they are not sent twice.
    public var interrupted = 0
    /// Permanent failures and messages still deferred at the end: recipient and reason.
    public var problems: [String] = []
    public init() {}

    mutating func add(_ outcome: OutboxSender.Outcome) {
        switch outcome {
        case .sent: sent += 1
        case .deferred: deferred += 1
        case .failed(let problem):
            failed += 1
            problems.append(problem)
        }
    }
}

/// Delivers the outbox: claims due messages, hands them to the transport several at a time,
/// and records each outcome. A message is marked `sending` (with this process's id) before the
/// transport sees it; if this process dies, the next sender finds it and marks it `interrupted`
/// rather than sending it again.
public struct OutboxSender: Sendable {
    let database: AppDatabase
    let transport: any MailTransport
    let policy: DeliveryPolicy
    let now: @Sendable () -> Date
    let processID = getpid()

    public init(database: AppDatabase, transport: any MailTransport, policy: DeliveryPolicy = DeliveryPolicy(),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.transport = transport
        self.policy = policy
        self.now = now
    }

    /// Delivers everything due, waiting for retries that come within `policy.maxWait`.
    public func deliverDue() async throws -> DeliverySummary {
        var summary = DeliverySummary()
        summary.interrupted = try recoverAbandoned()
        while true {
            try await deliverBatchesDue(into: &summary)
            guard let next = try database.nextOutboxAttempt() else { break }
            let wait = next.timeIntervalSince(now())
            guard wait <= policy.maxWait else { break }
            if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1)) }
        }
        let stillQueued = try database.outboxCounts()[.queued] ?? 0
        if stillQueued > 0 { summary.problems.append("\(stillQueued) message(s) wait for a later attempt") }
        await transport.close()
        return summary
    }

    /// Delivers one queued message now (a confirmation while its reader waits); true when sent.
    /// A temporary failure leaves it queued for the next `deliverDue`.
    @discardableResult
    public func deliver(idempotencyKey: String) async throws -> Bool {
        guard let id = try database.outboxID(idempotencyKey: idempotencyKey),
              let message = try database.settle([], thenClaim: [id], claimant: processID).first else { return false }
        let (outcome, record) = settlement(message, await deliver(message))
        _ = try database.settle([(message.id, record)], claimant: processID)
        if case .sent = outcome { return true }
        return false
    }

    /// Marks the messages of senders that no longer run as interrupted; returns how many.
    public func recoverAbandoned() throws -> Int {
        var count = 0
        for (id, claimant) in try database.messagesBeingSent() where claimant.map({ $0 != processID && !Self.isRunning($0) }) ?? true {
            try database.markInterrupted(outboxID: id)
            count += 1
        }
        return count
    }

    /// Delivers what is due in lanes, as many as the transport has connections. A lane claims a
    /// batch just before handing it to the transport, so that only the messages actually being
    /// sent are ever in the uncertain `sending` state, and records the batch's outcomes in the
    /// transaction that claims its next one: one commit per batch, and no thread switch per message.
    private func deliverBatchesDue(into summary: inout DeliverySummary) async throws {
        let lanes = max(1, transport.parallelism)
        while true {
            let due = try database.dueOutboxIDs(now: now(), limit: lanes * policy.batchSize * 64)
            if due.isEmpty { return }
            let queue = DueQueue(due)
            try await withThrowingTaskGroup(of: [Outcome].self) { group in
                for _ in 0..<lanes { group.addTask { try await runLane(queue) } }
                for try await outcomes in group { for outcome in outcomes { summary.add(outcome) } }
            }
        }
    }

    private func runLane(_ queue: DueQueue) async throws -> [Outcome] {
        var outcomes: [Outcome] = [], unrecorded: [(outboxID: Int64, record: DeliveryRecord)] = []
        while true {
            let ids = queue.take(policy.batchSize)
            // Ids another sender took meanwhile are left out of `claimed`.
            let claimed = try database.settle(unrecorded, thenClaim: ids, claimant: processID)
            unrecorded.removeAll(keepingCapacity: true)
            if ids.isEmpty { return outcomes }
            let errors = await transport.deliver(batch: claimed.map(Self.rendered))
            for (message, error) in zip(claimed, errors) {
                let (outcome, record) = settlement(message, error)
                outcomes.append(outcome)
                unrecorded.append((message.id, record))
            }
        }
    }

    private static func rendered(_ message: OutboxMessage) -> RenderedMessage {
        RenderedMessage(sender: message.sender, recipients: [message.recipient], messageID: message.messageID, data: Array(message.message))
    }

    private func deliver(_ message: OutboxMessage) async -> DeliveryError? {
        do {
            try await transport.deliver(Self.rendered(message))
            return nil
        } catch let error as DeliveryError {
            return error
        } catch {
            return .transient("\(error)")
        }
    }

    enum Outcome: Sendable { case sent, deferred, failed(String) }

    /// What a delivery attempt means for the run's summary and for the message's record.
    private func settlement(_ message: OutboxMessage, _ error: DeliveryError?) -> (Outcome, DeliveryRecord) {
        switch error {
        case nil:
            return (.sent, .sent(at: now()))
        case .transient(let reason)? where message.attempts < policy.maxAttempts:
            return (.deferred, .deferred(error: reason, nextAttemptAt: now().addingTimeInterval(policy.delay(afterAttempt: message.attempts))))
        case let error?:
            let reason = error.isTransient ? "gave up after \(message.attempts) attempts: \(error)" : "\(error)"
            return (.failed("\(message.recipient): \(reason)"), .failed(error: reason))
        }
    }

    /// The ids due in this round, shared by the lanes.
    final class DueQueue: Sendable {
        private let ids: Mutex<ArraySlice<Int64>>
        init(_ ids: [Int64]) { self.ids = Mutex(ids[...]) }
        func take(_ count: Int) -> [Int64] {
            ids.withLock { ids in
                defer { ids = ids.dropFirst(count) }
                return Array(ids.prefix(count))
            }
        }
    }

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
