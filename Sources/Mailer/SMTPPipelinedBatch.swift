import NIOCore

/// Messages through one SMTP session that offers pipelining (RFC 2920), all on the channel's
/// event loop: MAIL, RCPT and DATA go out in one write; once DATA has its 354, the message's
/// text goes out in one write with the next message's MAIL, RCPT and DATA ("the transfer of
/// message content is explicitly allowed to be the first command in a group"). A message costs
/// one round trip and no thread switch. Every reply is awaited with the session's timeout; a
/// lost session (or a timeout) fails every message not yet accepted, as a temporary failure.
final class SMTPPipelinedBatch {
    private let transactions: [SMTPConnection.Transaction]
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let channel: any Channel
    private let timeout: TimeAmount
    private var outcomes: [DeliveryError?]
    private let done: EventLoopPromise<[DeliveryError?]>

    init(_ transactions: [SMTPConnection.Transaction], handler: NIOLoopBound<SMTPReplyHandler>, channel: any Channel, timeout: TimeAmount) {
        self.transactions = transactions
        self.handler = handler
        self.channel = channel
        self.timeout = timeout
        outcomes = transactions.map(\.problem)
        done = channel.eventLoop.makePromise()
    }

    /// Sends every message; the outcome of each (nil: accepted).
    func run() -> EventLoopFuture<[DeliveryError?]> {
        send(next(after: -1), after: nil, reset: false)
        return done.futureResult
    }

    /// The first message after `index` that the server may be given.
    private func next(after index: Int) -> Int? {
        transactions.indices.first { $0 > index && transactions[$0].problem == nil }
    }

    /// One write: the text of `previous` (whose DATA got its 354), a RSET after a refused
    /// transaction, and the commands of `index`; then the replies to all of them.
    private func send(_ index: Int?, after previous: Int?, reset: Bool) {
        var steps: [String] = []
        if let previous {
            channel.write(transactions[previous].text, promise: nil)
            steps.append("end of data")
        }
        if reset { steps.append("RSET") }
        if let index { steps += transactions[index].commands }
        guard !steps.isEmpty else { return done.succeed(outcomes) }
        let commands = steps.dropFirst(previous == nil ? 0 : 1)
        let handler = self.handler
        let replies = steps.map { handler.value.nextReply(on: channel.eventLoop, timeout: timeout, step: $0) }
        channel.writeAndFlush(channel.allocator.buffer(string: commands.map { $0 + "\r\n" }.joined())).whenFailure { handler.value.fail($0) }
        EventLoopFuture.whenAllComplete(replies, on: channel.eventLoop).assumeIsolated().whenSuccess { results in
            self.received(results[...], index: index, previous: previous, reset: reset)
        }
    }

    private func received(_ results: ArraySlice<Result<SMTPReply, any Error>>, index: Int?, previous: Int?, reset: Bool) {
        var results = results
        if let previous {
            switch results.removeFirst() {
            case .success(let final): outcomes[previous] = final.code == 250 ? nil : final.failure(during: "end of data")
            case .failure(let error):
                outcomes[previous] = Self.lost(error)
                return abandon(from: index, Self.lost(error))
            }
        }
        if reset, case .failure(let error) = results.removeFirst() { return abandon(from: index, Self.lost(error)) }
        guard let index else { return done.succeed(outcomes) }
        var replies: [SMTPReply] = []
        for result in results {
            switch result {
            case .success(let reply): replies.append(reply)
            case .failure(let error): return abandon(from: index, Self.lost(error))
            }
        }
        let commands = transactions[index].commands
        if let refused = zip(commands, replies).first(where: { !$0.1.isPositive }) {
            outcomes[index] = refused.1.failure(during: refused.0)
            if replies.last?.code == 354 {
                // DATA was accepted although a recipient was not: abandon the session rather than
                // deliver to only some recipients.
                channel.close(promise: nil)
                return abandon(from: next(after: index), .transient("the session was closed after a partly refused message"))
            }
            return send(next(after: index), after: nil, reset: true)
        }
        guard let last = replies.last, last.code == 354 else {
            outcomes[index] = replies.last.map { $0.failure(during: "DATA") }
            return send(next(after: index), after: nil, reset: true)
        }
        send(next(after: index), after: index, reset: false)
    }

    /// The session is over: this message and the ones after it were not accepted.
    private func abandon(from index: Int?, _ error: DeliveryError) {
        if let index {
            for later in index..<transactions.count where transactions[later].problem == nil { outcomes[later] = error }
        }
        done.succeed(outcomes)
    }

    private static func lost(_ error: any Error) -> DeliveryError {
        error as? DeliveryError ?? .transient("\(error)")
    }
}
