import Foundation
import Hummingbird
import PaperModels
import PaperStore
import PaperViews
import Pipeline

/// The admin page's digest section, and the preview of a subscriber's next digest in the browser.
extension Site {
    func outboxOverview() throws -> OutboxOverview {
        let counts = try database.outboxCounts()
        let subscribers = try database.subscribers()
        let recent = try database.recentOutbox(limit: 25).map { message in
            OutboxOverview.Row(recipient: message.recipient, subject: message.subject, status: message.status.rawValue, attempts: message.attempts,
                               created: Self.timestamp(message.createdAt), lastError: message.lastError)
        }
        return OutboxOverview(
            subscribers: Subscriber.Status.allCases.map { status in (status.rawValue, subscribers.count { $0.status == status }) },
            counts: OutboxMessage.Status.allCases.map { ($0.rawValue, counts[$0] ?? 0) }, recent: recent)
    }

    /// The HTML part of the digest `?email=` would get now (as of `?date=` when given); nothing is stored.
    func digestPreview(_ request: Request) throws -> Response {
        let parameters = QueryParameters(request)
        guard let email = parameters["email"].flatMap(EmailAddress.normalized) else {
            throw PageError.badRequest("Give a subscriber's address: /admin/digest?email=name@example.org")
        }
        let day = parameters["date"]
        if let day, Day.date(day) == nil { throw PageError.badRequest("The date must be written like 2026-12-01.") }
        let run = DigestRun(database: database, searcher: searcher, mail: subscriptions.mail)
        let message: String?
        do { message = try run.preview(email: email, day: day, now: configuration.now())?.html } catch let error as DigestError {
            throw PageError.notFound(error.description)
        }
        guard let message else { throw PageError.notFound("Nothing new for \(email): no digest would be sent.") }
        return Responses.uncached(message, status: .ok, type: Responses.html)
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date)
    }
}
