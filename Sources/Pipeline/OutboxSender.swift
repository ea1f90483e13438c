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

    private func deliverBatchesDue(into summary: inout DeliverySummary) async throws {
        while true {
            let due = try database.dueOutboxIDs(now: now(), limit: policy.concurrency * 64)
            if due.isEmpty { return }
            // Each message is claimed just before its delivery, so that at most `concurrency`
            // messages are ever in the uncertain `sending` state; its outcome is recorded in the
            // transaction that claims the next one.
            try await withThrowingTaskGroup(of: (OutboxMessage, DeliveryError?).self) { group in
                var pending = due.makeIterator(), running = 0
                var unrecorded: [(outboxID: Int64, record: DeliveryRecord)] = []
                func settleAndFill() throws {
                    var ids: [Int64] = []
                    while running + ids.count < policy.concurrency, let id = pending.next() { ids.append(id) }
                    guard !ids.isEmpty || !unrecorded.isEmpty else { return }
                    let claimed = try database.settle(unrecorded, thenClaim: ids, claimant: processID)
                    unrecorded.removeAll(keepingCapacity: true)
                    for message in claimed { group.addTask { (message, await deliver(message)) } }
                    running += claimed.count
                    // Ids another sender took meanwhile leave slots free: fill them from the rest.
                    if claimed.count < ids.count { try settleAndFill() }
                }
                try settleAndFill()
                while let (message, error) = try await group.next() {
                    running -= 1
                    let (outcome, record) = settlement(message, error)
                    summary.add(outcome)
                    unrecorded.append((message.id, record))
                    try settleAndFill()
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

    /// Whether a process with this id exists (signal 0 checks without sending anything).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
