import Foundation
import Mailer
import PaperStore
import PaperViews

/// The e-mails Paperboy sends, as `Email` values with signed links: digests (with List-Id and
/// RFC 8058 one-click List-Unsubscribe headers), confirmations, reminders and sign-in links.
public struct SubscriptionMail: Sendable {
    public let identity: MailIdentity
    public let tokens: SubscriptionTokens

    public init(identity: MailIdentity, tokens: SubscriptionTokens) {
        self.identity = identity
        self.tokens = tokens
    }

    /// The manage and unsubscribe links of a subscriber (stable: they work from any old digest).
    public func links(for subscriber: Subscriber) -> (manage: String, unsubscribe: String) {
        (link(SubscriptionRoute.manage, tokens.token(.manage, subscriberID: subscriber.id, email: subscriber.email)),
         link(SubscriptionRoute.unsubscribe, tokens.token(.unsubscribe, subscriberID: subscriber.id, email: subscriber.email)))
    }

    public func confirmationLink(for subscriber: Subscriber, now: Date) -> String {
        link(SubscriptionRoute.confirm, tokens.token(.confirm, subscriberID: subscriber.id, email: subscriber.email, now: now))
    }

    /// A digest for one period; the same subscriber and period always give the same Message-ID.
    public func digest(_ digest: ComposedDigest, to subscriber: Subscriber, period: String, now: Date) -> Email {
        // The model holds the signed link already (signing it again cost as much as rendering a section).
        let unsubscribe = digest.model.unsubscribeURL
        let mailto = "mailto:\(identity.unsubscribeAddress)?subject=unsubscribe%20\(subscriber.id)"
        return Email(from: identity.from, to: [Mailbox(subscriber.email)], subject: digest.subject, date: now,
                     messageID: "digest.\(subscriber.id).\(period)@\(identity.domain)",
                     extraHeaders: [("List-Id", "Paperboy digest <digest.\(identity.domain)>"),
                                    ("List-Unsubscribe", "<\(unsubscribe)>, <\(mailto)>"),
                                    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                                    ("Auto-Submitted", "auto-generated")],
                     text: DigestView.text(digest.model), html: DigestView.html(digest.model))
    }

    public func confirmation(to subscriber: Subscriber, now: Date) -> Email {
        let body = SubscriptionMailView.confirmation(confirmURL: confirmationLink(for: subscriber, now: now), siteURL: identity.baseURL)
        return short(to: subscriber, subject: "Confirm your Paperboy digest", kind: "confirm", body: body, now: now)
    }

    public func reminder(to subscriber: Subscriber, now: Date) -> Email {
        let body = SubscriptionMailView.reminder(manageURL: links(for: subscriber).manage, siteURL: identity.baseURL)
        return short(to: subscriber, subject: "Your Paperboy digest subscription", kind: "reminder", body: body, now: now)
    }

    /// A sign-in link for `address` (an account, not necessarily a subscriber). Sent at once and
    /// never stored: the database keeps only the token's HMAC, and so must the outbox.
    public func signIn(to address: String, link: String, now: Date) -> Email {
        let body = SubscriptionMailView.signIn(link: link, siteURL: identity.baseURL)
        return short(to: address, subject: "Your Paperboy sign-in link", messageID: "signin.\(UUID().uuidString)@\(identity.domain)", body: body, now: now)
    }

    private func short(to subscriber: Subscriber, subject: String, kind: String, body: (text: String, html: String), now: Date) -> Email {
        short(to: subscriber.email, subject: subject, messageID: "\(kind).\(subscriber.id).\(Int(now.timeIntervalSince1970))@\(identity.domain)",
              body: body, now: now)
    }

    private func short(to address: String, subject: String, messageID: String, body: (text: String, html: String), now: Date) -> Email {
        Email(from: identity.from, to: [Mailbox(address)], subject: subject, date: now, messageID: messageID,
              extraHeaders: [("Auto-Submitted", "auto-generated")], text: body.text, html: body.html)
    }

    private func link(_ path: String, _ token: String) -> String {
        identity.baseURL + path + "?t=" + token
    }
}
