import Foundation
import Mailer
import PaperModels
import PaperStore

/// The subscription use cases behind the site's pages: subscribe (double opt-in), confirm,
/// unsubscribe, and the subscriber a signed link names.
public struct SubscriptionService: Sendable {
    public let database: AppDatabase
    public let mail: SubscriptionMail
    let sender: OutboxSender

    public init(database: AppDatabase, mail: SubscriptionMail, transport: any MailTransport, policy: DeliveryPolicy = DeliveryPolicy()) {
        self.database = database
        self.mail = mail
        self.sender = OutboxSender(database: database, transport: transport, policy: policy)
    }

    /// Records the request and mails the address: a confirmation link, or (already confirmed) a
    /// reminder with the manage link. At most one such mail per address a day, so the form cannot
    /// be used to flood someone's inbox. Returns whether a mail went out now (for the log only:
    /// the page says the same either way).
    @discardableResult
    public func subscribe(email: String, now: Date) async throws -> Bool {
        let outcome = try database.subscribe(email: email, now: now)
        let (subscriber, message, kind): (Subscriber, Email, String) = switch outcome {
        case .needsConfirmation(let s): (s, mail.confirmation(to: s, now: now), "confirm")
        case .alreadyConfirmed(let s): (s, mail.reminder(to: s, now: now), "reminder")
        }
        let key = "\(kind)/\(subscriber.id)/\(Day.string(now))"
        let rendered = message.rendered()
        guard try database.enqueue(NewOutboxMessage(idempotencyKey: key, subscriberID: nil, sender: rendered.sender, recipient: subscriber.email,
                                                    messageID: rendered.messageID, subject: message.subject, message: Data(rendered.data),
                                                    paperIDs: []), now: now) else { return false }
        return try await sender.deliver(idempotencyKey: key)
    }

    /// The subscriber a signed link names, if the link is genuine (and, to confirm, not expired).
    public func subscriber(token: String, _ purpose: SubscriptionTokens.Purpose, now: Date) throws -> Subscriber? {
        guard let id = SubscriptionTokens.subscriberID(in: token, for: purpose), let subscriber = try database.subscriber(id: id),
              mail.tokens.verify(token, purpose, subscriberID: id, email: subscriber.email, now: now) else { return nil }
        return subscriber
    }

    /// Follows a confirmation link: the subscriber is confirmed (nil for a bad or expired link).
    public func confirm(token: String, now: Date) throws -> Subscriber? {
        guard let subscriber = try subscriber(token: token, .confirm, now: now) else { return nil }
        return subscriber.status == .pending ? try database.confirmSubscriber(id: subscriber.id, now: now) : subscriber
    }

    /// One-click unsubscribe: takes effect at once (nil for a bad link).
    public func unsubscribe(token: String, now: Date) throws -> Subscriber? {
        guard let subscriber = try subscriber(token: token, .unsubscribe, now: now) else { return nil }
        try database.unsubscribe(id: subscriber.id)
        return subscriber
    }
}
