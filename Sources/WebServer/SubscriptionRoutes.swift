import Foundation
import Hummingbird
import Logging
import PaperModels
import PaperStore
import PaperViews
import Pipeline

/// `/subscribe` (double opt-in), the confirmation link, the manage page reached from every
/// digest, and one-click unsubscribe (a page for people, and RFC 8058's POST for mail programs).
/// Signed links stand in for a password; a bad link gets a page that says so, never an error.
extension Site {
    func registerSubscriptions(on router: Router<AppRequestContext>, logger: Logger) {
        router.get(RouterPath(SubscriptionRoute.subscribe)) { request, _ in try subscribePage(request, state: .form) }
        router.post(RouterPath(SubscriptionRoute.subscribe)) { request, _ in
            let form = try await QueryParameters.form(request)
            try checkAnonymousCSRF(request, form)
            guard let email = form["email"].flatMap(EmailAddress.normalized) else {
                return try subscribePage(request, state: .problem("That does not look like an e-mail address; write it like name@example.org."), status: .badRequest)
            }
            do {
                try await subscriptions.subscribe(email: email, now: configuration.now())
            } catch {
                // The page must not differ for anyone: the failure goes to the log, the outbox retries.
                logger.warning("subscription mail for \(email) not sent: \(error)")
            }
            return try subscribePage(request, state: .sent)
        }
        router.get(RouterPath(SubscriptionRoute.confirm)) { request, _ in
            let subscriber = try QueryParameters(request)["t"].flatMap { try subscriptions.confirm(token: $0, now: configuration.now()) }
            let page = SubscriptionViews.confirmed(manageURL: subscriber.map { subscriptions.mail.links(for: $0).manage })
            return Responses.uncached(page, status: subscriber == nil ? .badRequest : .ok, type: Responses.html)
        }
        router.get(RouterPath(SubscriptionRoute.manage)) { request, _ in
            let token = QueryParameters(request)["t"] ?? ""
            return try managePage(token: token, saved: false)
        }
        router.post(RouterPath(SubscriptionRoute.manage)) { request, _ in
            let form = try await QueryParameters.form(request)
            let token = form["t"] ?? ""
            guard let subscriber = try subscriptions.subscriber(token: token, .manage, now: configuration.now()) else { throw Self.badLink }
            try database.updatePreferences(subscriberID: subscriber.id, Self.preferences(from: form))
            return try managePage(token: token, saved: true)
        }
        router.get(RouterPath(SubscriptionRoute.unsubscribe)) { request, _ in
            let token = QueryParameters(request)["t"]
            let valid = try token.flatMap { try subscriptions.subscriber(token: $0, .unsubscribe, now: configuration.now()) } != nil
            return Responses.uncached(SubscriptionViews.unsubscribe(token: valid ? token : nil, done: false), status: valid ? .ok : .badRequest, type: Responses.html)
        }
        // The button on that page and a mail program's one-click POST (body "List-Unsubscribe=One-Click",
        // no cookies) both land here; the signed token is the whole authority.
        router.post(RouterPath(SubscriptionRoute.unsubscribe)) { request, _ in
            _ = try await QueryParameters.form(request)
            let token = QueryParameters(request)["t"]
            let done = try token.flatMap { try subscriptions.unsubscribe(token: $0, now: configuration.now()) } != nil
            return Responses.uncached(SubscriptionViews.unsubscribe(token: done ? token : nil, done: done), status: done ? .ok : .badRequest, type: Responses.html)
        }
    }

    static let badLink = PageError.badRequest("This link is not valid: it was copied incompletely. Use the “manage” link at the bottom of any digest.")

    private func managePage(token: String, saved: Bool) throws -> Response {
        guard let subscriber = try subscriptions.subscriber(token: token, .manage, now: configuration.now()) else { throw Self.badLink }
        let model = ManagePageModel(email: subscriber.email, token: token, preferences: subscriber.preferences,
                                    unsubscribeURL: subscriptions.mail.links(for: subscriber).unsubscribe,
                                    hasAccount: try database.accountExists(email: subscriber.email),
                                    saved: saved, isSubscribed: subscriber.status != .unsubscribed)
        return Responses.uncached(SubscriptionViews.manage(model), status: .ok, type: Responses.html)
    }

    /// The manage form as preferences; out-of-range values are clamped, not refused.
    static func preferences(from form: QueryParameters) -> DigestPreferences {
        let searches = (0..<DigestPreferences.maxSavedSearches).compactMap { index -> SavedSearch? in
            guard let query = form["q\(index)"] else { return nil }
            let mode = form["m\(index)"].flatMap { ["keyword", "hybrid", "semantic"].contains($0) ? $0 : nil } ?? "keyword"
            return SavedSearch(query: query, mode: mode)
        }
        return DigestPreferences(
            frequency: form["frequency"].flatMap(DigestPreferences.Frequency.init(rawValue:)) ?? .daily,
            weekday: form["weekday"].flatMap { Int($0) } ?? 1, hour: form["hour"].flatMap { Int($0) } ?? 7,
            timeZone: form["tz"] ?? "UTC", trendingCount: form["trending"].flatMap { Int($0) } ?? 10,
            categories: (form["categories"] ?? "").split(separator: ",").map(String.init),
            savedSearches: searches, forYou: form["foryou"] == "1"
        ).normalized()
    }

    private func subscribePage(_ request: Request, state: SubscriptionViews.SubscribeState, status: HTTPResponse.Status = .ok) throws -> Response {
        let viewer = try viewer(request)
        return anonymousFormPage(request, status: status) { csrf in SubscriptionViews.subscribe(state: state, csrf: csrf, viewer: viewer) }
    }
}
