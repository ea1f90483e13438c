import Foundation
import PaperModels

/// The person viewing a page, when signed in: shown in the header, and the CSRF token every
/// state-changing form of theirs carries.
public struct Viewer: Sendable, Equatable {
    public var email: String
    public var csrf: String
    public var isAdmin: Bool
    public init(email: String, csrf: String, isAdmin: Bool) {
        self.email = email
        self.csrf = csrf
        self.isAdmin = isAdmin
    }
}

public enum AccountRoute {
    public static let signIn = "/signin"
    public static let verify = "/signin/verify"
    public static let signOut = "/signout"
    public static let upvote = "/upvote"
    public static let submit = "/submit"
    public static let admin = "/admin"
}

/// The sign-in page: the form, or what happened after it was sent.
public struct SignInPageModel: Sendable {
    public enum State: Sendable, Equatable { case form, sent(String), problem(String) }
    public var state: State
    /// The anonymous form's CSRF token (also in a cookie: the two must match).
    public var csrf: String
    public init(state: State, csrf: String) {
        self.state = state
        self.csrf = csrf
    }
}

public enum AccountViews {
    public static func signIn(_ model: SignInPageModel) -> String {
        PageFrame(title: "Sign in").render {
            el("h1") { "Sign in" }
            switch model.state {
            case .sent(let email):
                el("p", .init("role", "status")) {
                    "A sign-in link for \(email) is on its way. It works once, for 15 minutes. "
                    "(Until this server has a mail transport, the link is written to its log.)"
                }
            case .problem(let message):
                el("div", .class("error"), .init("role", "alert")) { el("p") { message } }
                form(model.csrf)
            case .form:
                el("p") { "No password: we send you a link that signs you in." }
                form(model.csrf)
            }
        }
    }

    static func form(_ csrf: String) -> Node {
        el("form", .class("filters"), .init("action", AccountRoute.signIn), .init("method", "post")) {
            el("input", .init("type", "hidden"), .init("name", "csrf"), .init("value", csrf))
            el("label") {
                "E-mail address"
                el("input", .init("type", "email"), .init("name", "email"), .init("autocomplete", "email"), .flag("required"), .init("maxlength", "254"))
            }
            el("button", .init("type", "submit")) { "Send me a sign-in link" }
        }
    }

    /// The upvote button of a paper page: a form, so it works without JavaScript and by keyboard.
    static func upvote(paperID: String, count: Int, upvoted: Bool, viewer: Viewer?) -> Node {
        guard let viewer else {
            return el("p") { el("strong") { "\(count) upvote\(count == 1 ? "" : "s")" }; " · "; el("a", .href(AccountRoute.signIn)) { "Sign in to upvote" } }
        }
        return el("form", .class("filters"), .init("action", AccountRoute.upvote), .init("method", "post")) {
            el("input", .init("type", "hidden"), .init("name", "csrf"), .init("value", viewer.csrf))
            el("input", .init("type", "hidden"), .init("name", "paper"), .init("value", paperID))
            el("input", .init("type", "hidden"), .init("name", "vote"), .init("value", upvoted ? "off" : "on"))
            el("button", .init("type", "submit"), .init("aria-pressed", upvoted ? "true" : "false")) {
                upvoted ? "▲ Upvoted · \(count)" : "▲ Upvote · \(count)"
            }
        }
    }

    public static func admin(accounts: Int, admins: Int, sessions: Int, upvotes: Int, papers: Int, harvestRuns: [HarvestRunRecord] = [],
                             outbox: OutboxOverview, viewer: Viewer) -> String {
        PageFrame(title: "Admin", viewer: viewer).render {
            el("h1") { "Admin" }
            el("dl") {
                for (label, value) in [("Papers", papers), ("Accounts", accounts), ("Admins", admins), ("Live sessions", sessions), ("Upvotes cast here", upvotes)] {
                    el("dt") { label }
                    el("dd") { String(value) }
                }
            }
            harvestTable(harvestRuns)
            outbox.node
        }
    }

    /// The latest harvest runs: when, which source, how long, what they brought, what went wrong.
    static func harvestTable(_ runs: [HarvestRunRecord]) -> Node {
        let time = ISO8601DateFormatter()
        return el("section", .id("harvest-runs")) {
            el("h2") { "Harvest runs" }
            if runs.isEmpty {
                el("p") { "No harvest has run yet (`paperboy harvest`, or `paperboy serve` on its schedule)." }
            } else {
                el("table") {
                    el("thead") {
                        el("tr") {
                            for title in ["Started", "Ended", "Source", "Seconds", "Requests", "New", "Updated", "Unchanged", "Skipped", "Errors"] {
                                el("th") { title }
                            }
                        }
                    }
                    el("tbody") {
                        for run in runs {
                            el("tr") {
                                el("td") { time.string(from: run.startedAt) }
                                // A run without an end is still running, or was killed (the next run continues it).
                                el("td") { run.endedAt.map(time.string) ?? "not ended" }
                                el("td") { run.source }
                                el("td") { run.endedAt.map { String(Int($0.timeIntervalSince(run.startedAt).rounded())) } ?? "unfinished" }
                                for value in [run.requests, run.new, run.updated, run.unchanged, run.skipped] { el("td") { String(value) } }
                                el("td") { run.errors.isEmpty ? "none" : run.errors.joined(separator: "; ") }
                            }
                        }
                    }
                }
            }
        }
    }
}
