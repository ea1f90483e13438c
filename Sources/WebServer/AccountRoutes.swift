import Foundation
import Hummingbird
import Logging
import PaperModels
import PaperStore
import PaperViews

/// Passwordless sign-in, sign-out, upvotes and the admin page.
extension Site {
    func registerAccounts(on router: Router<AppRequestContext>, logger: Logger) {
        router.get(RouterPath(AccountRoute.signIn)) { request, _ in signInPage(request, state: .form) }
        router.post(RouterPath(AccountRoute.signIn)) { request, _ in
            let form = try await QueryParameters.form(request)
            try checkAnonymousCSRF(request, form)
            guard let email = form["email"].flatMap(EmailAddress.normalized) else {
                return signInPage(request, state: .problem("That does not look like an e-mail address; write it like name@example.org."), status: .badRequest)
            }
            guard signInLimiter.allow(email, now: configuration.now()) else {
                return signInPage(request, state: .problem("Too many sign-in links for this address; wait a few minutes."), status: .tooManyRequests)
            }
            let token = TokenKeys.random()
            try database.saveSignInToken(digest: keys.digest(token), email: email, expiresAt: configuration.now().addingTimeInterval(Self.linkLifetime))
            let link = "\(configuration.baseURL)\(AccountRoute.verify)?token=\(token)"
            guard let transport = configuration.mail?.transport else {
                // Without a mail transport, the log is the mailbox.
                logger.info("sign-in link for \(email): \(link)")
                return signInPage(request, state: .sent(email))
            }
            do {
                try await transport.deliver(subscriptions.mail.signIn(to: email, link: link, now: configuration.now()).rendered())
            } catch {
                logger.warning("sign-in mail to \(email) not sent: \(error)")
                return signInPage(request, state: .problem("The sign-in mail could not be sent just now; try again in a few minutes."), status: .serviceUnavailable)
            }
            return signInPage(request, state: .sent(email))
        }
        router.get(RouterPath(AccountRoute.verify)) { request, _ in
            guard let token = QueryParameters(request)["token"], TokenKeys.looksValid(token),
                  let email = try database.redeemSignInToken(digest: keys.digest(token), now: configuration.now()) else {
                return signInPage(request, state: .problem("This sign-in link is not valid: it was used already, has expired, or was copied incompletely. Ask for a new one."),
                                  status: .badRequest)
            }
            let account = try database.account(email: email, admin: configuration.adminEmails.contains(email), now: configuration.now())
            let session = TokenKeys.random()
            try database.createSession(digest: keys.digest(session), accountID: account.id, csrf: TokenKeys.random(),
                                       expiresAt: configuration.now().addingTimeInterval(Self.sessionLifetime))
            var response = Self.redirect(Route.home)
            response.setCookie(cookie(Self.sessionCookie, value: session, maxAge: Int(Self.sessionLifetime)))
            return response
        }
        router.post(RouterPath(AccountRoute.signOut)) { request, _ in
            let form = try await QueryParameters.form(request)
            if let session = try session(request) {
                try checkCSRF(form, session)
                try database.deleteSession(digest: session.digest)
            }
            var response = Self.redirect(Route.home)
            response.setCookie(cookie(Self.sessionCookie, value: "", maxAge: 0))
            return response
        }
        router.post(RouterPath(AccountRoute.upvote)) { request, _ in
            let form = try await QueryParameters.form(request)
            guard let session = try session(request) else { return Self.redirect(AccountRoute.signIn) }
            try checkCSRF(form, session)
            guard upvoteLimiter.allow("\(session.account.id)", now: configuration.now()) else {
                throw PageError(status: .tooManyRequests, message: "Too many upvotes in a minute; wait a moment.")
            }
            let paperID = form["paper"] ?? ""
            guard paperID.count <= 200, try database.setUpvote(accountID: session.account.id, paperID: paperID, on: form["vote"] != "off",
                                                               now: configuration.now()) != nil else {
                throw PageError.notFound("No paper with the id “\(paperID.prefix(80))” is stored here.")
            }
            cache.clear()  // the counts on every cached page

            return Self.redirect(Route.paper(ArxivID(paperID)?.bare ?? paperID))
        }
        for path in [AccountRoute.admin, AccountRoute.admin + "/**"] {
            router.get(RouterPath(path)) { request, _ in try adminPage(request) }
        }
    }

    /// `/admin` and everything under it answer 404 to anyone but an admin: not even its existence shows.
    private func adminPage(_ request: Request) throws -> Response {
        guard let session = try session(request), session.account.isAdmin,
              [AccountRoute.admin, AdminRoute.digestPreview].contains(request.uri.path) else {
            throw PageError.notFound("There is no page at this address.")
        }
        if request.uri.path == AdminRoute.digestPreview { return try digestPreview(request) }
        let stats = try database.accountStatistics(now: configuration.now())
        let page = AccountViews.admin(accounts: stats.accounts, admins: stats.admins, sessions: stats.sessions, upvotes: stats.upvotes,
                                      papers: try database.paperCount(), harvestRuns: try database.recentHarvestRuns(limit: 20),
                                      outbox: try outboxOverview(), viewer: session.viewer)
        return Responses.uncached(page, status: .ok, type: Responses.html)
    }

    /// The sign-in page, with a fresh anonymous CSRF token in its form and its cookie.
    private func signInPage(_ request: Request, state: SignInPageModel.State, status: HTTPResponse.Status = .ok) -> Response {
        anonymousFormPage(request, status: status) { csrf in AccountViews.signIn(SignInPageModel(state: state, csrf: csrf)) }
    }

    /// A page with a form for anyone (sign-in, subscribe): the anonymous CSRF token goes into the
    /// form and, when new, into its cookie.
    func anonymousFormPage(_ request: Request, status: HTTPResponse.Status, render: (String) throws -> String) rethrows -> Response {
        let existing = request.cookies[Self.csrfCookie]?.value
        let csrf = existing.flatMap { TokenKeys.looksValid($0) ? $0 : nil } ?? TokenKeys.random()
        var response = Responses.uncached(try render(csrf), status: status, type: Responses.html)
        if csrf != existing { response.setCookie(cookie(Self.csrfCookie, value: csrf, maxAge: 86_400)) }
        return response
    }

    /// Forms of signed-in people carry their session's token.
    private func checkCSRF(_ form: QueryParameters, _ session: Session) throws {
        guard form["csrf"] == session.viewer.csrf else { throw Self.forbidden }
    }

    /// The anonymous sign-in form: the field must repeat the cookie (double submit), which a
    /// page on another site can neither read nor set.
    func checkAnonymousCSRF(_ request: Request, _ form: QueryParameters) throws {
        guard let cookie = request.cookies[Self.csrfCookie]?.value, TokenKeys.looksValid(cookie), form["csrf"] == cookie else { throw Self.forbidden }
    }

    static let forbidden = PageError(status: .forbidden, message: "This form has expired or was sent from another site. Reload the page and try again.")

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
