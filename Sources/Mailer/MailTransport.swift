/// Something that delivers rendered messages: SMTP, `sendmail -t`, or a folder of `.eml` files.
public protocol MailTransport: Sendable {
    /// Delivers one message, or throws a `DeliveryError` saying whether trying again may help.
    /// Safe to call concurrently; an SMTP transport reuses its connections between calls.
    func deliver(_ message: RenderedMessage) async throws
    /// Delivers messages in order, over one connection where there are connections, and returns
    /// what became of each (nil: delivered). SMTP sends them as one pipelined stream.
    func deliver(batch messages: [RenderedMessage]) async -> [DeliveryError?]
    /// How many batches are worth delivering at once (an SMTP transport: its pool of connections).
    var parallelism: Int { get }
    /// Closes connections kept open for reuse (an SMTP `QUIT`); the transport stays usable.
    func close() async
}

extension MailTransport {
    /// One message after the other.
    public func deliver(batch messages: [RenderedMessage]) async -> [DeliveryError?] {
        var outcomes: [DeliveryError?] = []
        for message in messages {
            do {
                try await deliver(message)
                outcomes.append(nil)
            } catch {
                outcomes.append(error as? DeliveryError ?? .transient("\(error)"))
            }
        }
        return outcomes
    }

    /// A few processes or files at once.
    public var parallelism: Int { 4 }
}

/// Why a message was not delivered.
public enum DeliveryError: Error, Equatable, CustomStringConvertible {
    /// A 4xx reply, a dropped connection or a timeout: the same message may go through later.
    case transient(String)
    /// A 5xx reply or a message the server cannot take: trying again will not help.
    case permanent(String)

    public var isTransient: Bool { if case .transient = self { true } else { false } }

    public var description: String {
        switch self {
        case .transient(let reason): "temporary failure: \(reason)"
        case .permanent(let reason): "permanent failure: \(reason)"
        }
    }
}
