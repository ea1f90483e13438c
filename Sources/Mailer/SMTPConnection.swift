import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session (RFC 5321) on SwiftNIO, open and greeted, ready to carry many messages:
/// EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN, then `send` per message, pipelined
/// (RFC 2920) where the server offers it. Every wait for a reply is bounded by the timeout.
final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let timeout: TimeAmount
    let capabilities: SMTPCapabilities

    var isOpen: Bool { channel.isActive }

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, timeout: TimeAmount, capabilities: SMTPCapabilities) {
        self.channel = channel
        self.handler = handler
        self.timeout = timeout
        self.capabilities = capabilities
    }

    /// Connects, reads the greeting, says EHLO, upgrades to TLS and authenticates as `settings` ask.
    static func open(_ settings: SMTPSettings, group: any EventLoopGroup) async throws -> SMTPConnection {
        let timeout = TimeAmount.nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000
            + settings.timeout.components.attoseconds / 1_000_000_000)
        let tlsContext = settings.tls == .never ? nil : try makeTLSContext(settings)
        let implicitTLS = settings.tls == .implicit ? tlsContext : nil
        let host = settings.host
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
            }.get()
            var connection = SMTPConnection(channel: channel, handler: handler, timeout: timeout, capabilities: SMTPCapabilities())
            let greeting = try await connection.reply(step: "greeting")
            try connection.expect(220, step: "greeting", greeting)
            var capabilities = try await connection.hello(settings.heloName)
            if settings.tls == .required || (settings.tls == .opportunistic && capabilities.startTLS), let tlsContext {
                guard capabilities.startTLS else { throw DeliveryError.permanent("the server does not offer STARTTLS, which the settings require") }
                let ready = try await connection.command("STARTTLS")
                try connection.expect(220, step: "STARTTLS", ready)
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tlsContext, serverHostname: serverName(host)), position: .first)
                }.get()
                capabilities = try await connection.hello(settings.heloName)
            }
            connection = SMTPConnection(channel: channel, handler: handler, timeout: timeout, capabilities: capabilities)
            if let user = settings.user {
                try await connection.authenticate(user: user, password: settings.password ?? "")
            }
            return connection
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// A message ready for the wire: its MAIL, RCPT and DATA commands and its dot-stuffed text,
    /// or why it cannot be sent at all.
    struct Transaction {
        var commands: [String]
        var text: ByteBuffer
        var problem: DeliveryError?
    }

    private func transaction(_ message: RenderedMessage) -> Transaction {
        if let problem = problem(message) { return Transaction(commands: [], text: ByteBuffer(), problem: problem) }
        let sizeParameter = capabilities.sizeLimit != nil ? " SIZE=\(message.data.count)" : ""
        return Transaction(commands: ["MAIL FROM:<\(message.sender)>\(sizeParameter)"] + message.recipients.map { "RCPT TO:<\($0)>" } + ["DATA"],
                           text: DotStuffing.encode(message.data, allocator: channel.allocator), problem: nil)
    }

    /// Why the server cannot be given this message at all, if it cannot.
    private func problem(_ message: RenderedMessage) -> DeliveryError? {
        for address in [message.sender] + message.recipients where !SMTPCapabilities.isSafeAddress(address) {
            return .permanent("'\(address.prefix(80))' is not an address SMTP can carry")
        }
        if let limit = capabilities.sizeLimit, limit > 0, message.data.count > limit {
            return .permanent("the message (\(message.data.count) bytes) exceeds the server's SIZE limit of \(limit) bytes")
        }
        return nil
    }

    /// Sends messages one after the other and returns the outcome of each (nil: accepted). A
    /// refused message leaves the session usable (RSET); anything else closes it. Where
    /// the server offers pipelining, the whole batch takes one trip to the event loop and each
    /// message one round trip (`SMTPPipelinedBatch`); else it goes command by command.
    func send(_ messages: [RenderedMessage]) async -> [DeliveryError?] {
        let transactions = messages.map(transaction)
        if capabilities.pipelining {
            let handler = self.handler, channel = self.channel, timeout = self.timeout
            do {
                return try await channel.eventLoop.flatSubmit {
                    SMTPPipelinedBatch(transactions, handler: handler, channel: channel, timeout: timeout).run()
                }.get()
            } catch {
                return transactions.map { $0.problem ?? .transient("\(error)") }
            }
        }
        var outcomes: [DeliveryError?] = []
        for transaction in transactions {
            do {
                if let problem = transaction.problem { throw problem }
                try await sendStepByStep(transaction)
                outcomes.append(nil)
            } catch {
                outcomes.append(error as? DeliveryError ?? .transient("\(error)"))
            }
        }
        return outcomes
    }

    /// A transaction without pipelining: each command waits for its reply.
    private func sendStepByStep(_ transaction: Transaction) async throws {
        var replies: [SMTPReply] = []
        for command in transaction.commands {
            let reply = try await self.command(command)
            replies.append(reply)
            if !reply.isPositive { break }
        }
        if let refused = zip(transaction.commands, replies).first(where: { !$0.1.isPositive }) {
            _ = try? await command("RSET")
            throw refused.1.failure(during: refused.0)
        }
        try expect(354, step: "DATA", replies[replies.count - 1])
        let final = try await exchange(transaction.text, steps: ["end of data"])[0]
        if final.code != 250 { throw final.failure(during: "end of data") }
    }

    /// Says goodbye (QUIT) and closes the connection.
    func quit() async {
        _ = try? await command("QUIT")
        try? await channel.close()
    }

    // MARK: - The conversation

    private func hello(_ name: String) async throws -> SMTPCapabilities {
        let reply = try await command("EHLO \(name)")
        if reply.code == 250 { return SMTPCapabilities(ehloLines: reply.lines) }
        // A server without ESMTP: plain HELO, no extensions.
        try expect(250, step: "HELO", await command("HELO \(name)"))
        return SMTPCapabilities()
    }

    private func authenticate(user: String, password: String) async throws {
        if capabilities.authMechanisms.contains("PLAIN") {
            let token = Data(("\u{0}" + user + "\u{0}" + password).utf8).base64EncodedString()
            try expect(235, step: "AUTH PLAIN", await command("AUTH PLAIN \(token)", step: "AUTH PLAIN"))
        } else if capabilities.authMechanisms.contains("LOGIN") {
            try expect(334, step: "AUTH LOGIN", await command("AUTH LOGIN"))
            try expect(334, step: "AUTH LOGIN user", await command(Data(user.utf8).base64EncodedString(), step: "AUTH LOGIN user"))
            try expect(235, step: "AUTH LOGIN password", await command(Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN password"))
        } else {
            throw DeliveryError.permanent("the server offers neither AUTH PLAIN nor AUTH LOGIN (offers: \(capabilities.authMechanisms.sorted().joined(separator: " ")))")
        }
    }

    private func expect(_ code: Int, step: String, _ reply: SMTPReply) throws {
        if reply.code != code { throw reply.failure(during: step) }
    }

    /// Sends one command line and waits for its reply; `step` names it in errors (so that
    /// credentials never appear in one).
    private func command(_ line: String, step: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(step: step ?? line)
    }

    private func write(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
        } catch {
            let handler = self.handler
            let cause = try? await channel.eventLoop.submit { handler.value.recordedFailure.map { "\($0)" } }.get()
            throw DeliveryError.transient("connection lost: \((cause ?? nil) ?? "\(error)")")
        }
    }

    /// Writes `data` and waits for one reply per step, in one trip to the event loop.
    private func exchange(_ data: ByteBuffer, steps: [String]) async throws -> [SMTPReply] {
        let handler = self.handler, channel = self.channel, timeout = self.timeout
        return try await Self.asDeliveryError {
            try await channel.eventLoop.flatSubmit { Self.exchange(data, steps: steps, handler: handler, channel: channel, timeout: timeout) }.get()
        }
    }

    /// On the event loop: writes `data`, and the replies to come, one per step. A failed write
    /// fails the connection, and so the replies.
    private static func exchange(_ data: ByteBuffer, steps: [String], handler: NIOLoopBound<SMTPReplyHandler>, channel: any Channel,
                                 timeout: TimeAmount) -> EventLoopFuture<[SMTPReply]> {
        let replies = steps.map { handler.value.nextReply(on: channel.eventLoop, timeout: timeout, step: $0) }
        channel.writeAndFlush(data).whenFailure { handler.value.fail($0) }
        return EventLoopFuture.whenAllSucceed(replies, on: channel.eventLoop)
    }

    /// A lost connection or a timeout is a temporary failure: the message may go through later.
    private static func asDeliveryError<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw DeliveryError.transient("\(error)")
        }
    }

    private func reply(step: String) async throws -> SMTPReply {
        let handler = self.handler, eventLoop = channel.eventLoop, timeout = self.timeout
        return try await Self.asDeliveryError {
            try await eventLoop.flatSubmit { handler.value.nextReply(on: eventLoop, timeout: timeout, step: step) }.get()
        }
    }

    private static func makeTLSContext(_ settings: SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let file = settings.trustedCertificateFile {
            configuration.additionalTrustRoots = [.file(file)]
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI takes a host name, never an IP address.
    private static func serverName(_ host: String) -> String? {
        host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
    }
}
