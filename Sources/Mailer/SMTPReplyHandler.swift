import NIOCore

/// Hands the server's replies, in order, to whoever asks for the next one. Replies that arrive
/// before they are asked for wait in a queue (pipelining); a closed connection, an error or a
/// timeout fails every waiter and closes the channel, since the conversation cannot resume.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    private var replies = CircularBuffer<SMTPReply>()
    private var waiters = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter = waiters.popFirst() { waiter.succeed(reply) } else { replies.append(reply) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPProtocolError("the server closed the connection"))
        context.fireChannelInactive()
    }

    /// Why the connection failed, if it did (a TLS error says more than the write that met it).
    var recordedFailure: (any Error)? { failure }

    /// The next reply; fails with a timeout after `timeout` (and closes the connection).
    func nextReply(on eventLoop: any EventLoop, timeout: TimeAmount, step: String) -> EventLoopFuture<SMTPReply> {
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        guard context != nil else { return eventLoop.makeFailedFuture(SMTPProtocolError("the connection is closed")) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiters.append(promise)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail(SMTPProtocolError("no reply to \(step) within \(Self.seconds(timeout)) s"))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Ends the conversation: every waiter gets `error`, and the connection closes.
    func fail(_ error: any Error) {
        if failure == nil { failure = error }
        while let waiter = waiters.popFirst() { waiter.fail(error) }
        context?.close(promise: nil)
    }

    /// "30", "0.3": a timeout as people write it (whole seconds printed "0" for 300 ms).
    static func seconds(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }
}
