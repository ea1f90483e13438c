import NIOCore
import NIOPosix

/// Delivers over SMTP, keeping up to `settings.poolSize` sessions open and reusing them for
/// message after message. Concurrent `deliver` calls share the pool; a session that failed is
/// dropped and the next call opens a fresh one.
public final class SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    private let pool: SMTPConnectionPool

    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.pool = SMTPConnectionPool(limit: settings.poolSize) { try await SMTPConnection.open(settings, group: group) }
    }

    public func deliver(_ message: RenderedMessage) async throws {
        if let error = await deliver(batch: [message])[0] { throw error }
    }

    /// The messages over one connection of the pool, pipelined where the server allows it.
    public func deliver(batch messages: [RenderedMessage]) async -> [DeliveryError?] {
        let connection: SMTPConnection
        do {
            connection = try await pool.acquire()
        } catch {
            let failure = error as? DeliveryError ?? .transient("cannot connect to \(settings.host):\(settings.port): \(error)")
            return messages.map { _ in failure }
        }
        let outcomes = await connection.send(messages)
        await pool.release(connection)
        return outcomes
    }

    public var parallelism: Int { settings.poolSize }

    public func close() async {
        await pool.closeIdle()
    }
}

/// At most `limit` open sessions; callers beyond it wait for one to come back.
actor SMTPConnectionPool {
    private let limit: Int
    private let open: @Sendable () async throws -> SMTPConnection
    private var idle: [SMTPConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int, open: @escaping @Sendable () async throws -> SMTPConnection) {
        self.limit = limit
        self.open = open
    }

    func acquire() async throws -> SMTPConnection {
        while true {
            while let connection = idle.popLast() {
                if connection.isOpen { return connection }
                openCount -= 1  // closed by the server while idle
            }
            if openCount < limit {
                openCount += 1
                do {
                    return try await open()
                } catch {
                    openCount -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    func release(_ connection: SMTPConnection) {
        if connection.isOpen { idle.append(connection) } else { openCount -= 1 }
        wakeOne()
    }

    func closeIdle() async {
        let closing = idle
        idle = []
        openCount -= closing.count
        for connection in closing { await connection.quit() }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
