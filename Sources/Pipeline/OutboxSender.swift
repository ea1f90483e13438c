import Foundation
import Mailer
import PaperStore
#if canImport(Glibc)
import Glibc
#endif

/// How hard delivery tries: temporary failures (4xx, lost connections) come back after
/// `retryAfter`, doubling each time, until `maxAttempts`; a run waits for a retry at most `maxWait`.
public struct DeliveryPolicy: Sendable {
    public var maxAttempts: Int
    public var retryAfter: TimeInterval
    public var maxWait: TimeInterval
    /// Messages in flight at once (a transport pools its connections up to its own limit).
    public var concurrency: Int

    public init(maxAttempts: Int = 5, retryAfter: TimeInterval = 30, maxWait: TimeInterval = 120, concurrency: Int = 4) {
        self.maxAttempts = maxAttempts
        self.retryAfter = retryAfter
        self.maxWait = maxWait
        self.concurrency = max(1, concurrency)
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
              let message = try database.claimMessage(id: id, claimant: processID) else { return false }
        if case .sent = try record(message, await deliver(message)) { return true }
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

    private func deliverBatchesDue(into summary: inout DeliverySummary) async throws {
        while true {
            let due = try database.dueOutboxIDs(now: now(), limit: policy.concurrency * 16)
            if due.isEmpty { return }
            // Each message is claimed just before and recorded just after its delivery, so that
            // at most `concurrency` messages are ever in the uncertain `sending` state.
            try await withThrowingTaskGroup(of: Outcome?.self) { group in
                var pending = due.makeIterator()
                func next() {
                    guard let id = pending.next() else { return }
                    group.addTask {
                        guard let message = try database.claimMessage(id: id, claimant: processID) else { return nil }
                        return try record(message, await deliver(message))
                    }
                }
                for _ in 0..<policy.concurrency { next() }
                while let outcome = try await group.next() {
                    if let outcome { summary.add(outcome) }
                    next()
                }
            }
        }
    }

    private func deliver(_ message: OutboxMessage) async -> DeliveryError? {
        do {
            try await transport.deliver(RenderedMessage(sender: message.sender, recipients: [message.recipient],
                                                        messageID: message.messageID, data: Array(message.message)))
            return nil
        } catch let error as DeliveryError {
            return error
        } catch {
            return .transient("\(error)")
        }
    }

    enum Outcome: Sendable { case sent, deferred, failed(String) }

    private func record(_ message: OutboxMessage, _ error: DeliveryError?) throws -> Outcome {
        switch error {
        case nil:
            try database.markSent(outboxID: message.id, now: now())
            return .sent
        case .transient(let reason)? where message.attempts < policy.maxAttempts:
            try database.markDeferred(outboxID: message.id, error: reason, nextAttemptAt: now().addingTimeInterval(policy.delay(afterAttempt: message.attempts)))
            return .deferred
        case let error?:
            let reason = error.isTransient ? "gave up after \(message.attempts) attempts: \(error)" : "\(error)"
            try database.markFailed(outboxID: message.id, error: reason)
            return .failed("\(message.recipient): \(reason)")
        }
    }

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
