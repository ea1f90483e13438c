import PaperModels

/// What the manage page shows and edits.
public struct ManagePageModel: Sendable {
    public var email: String
    /// The signed manage token: the form sends it back instead of a password.
    public var token: String
    public var preferences: DigestPreferences
    public var unsubscribeURL: String
    /// "For you" needs upvotes, so an account at the same address.
    public var hasAccount: Bool
    public var saved: Bool
    public var isSubscribed: Bool
    public init(email: String, token: String, preferences: DigestPreferences, unsubscribeURL: String, hasAccount: Bool, saved: Bool, isSubscribed: Bool) {
        self.email = email
        self.token = token
        self.preferences = preferences
        self.unsubscribeURL = unsubscribeURL
        self.hasAccount = hasAccount
        self.saved = saved
        self.isSubscribed = isSubscribed
    }
}

/// The subscription pages: subscribe, confirmed, manage preferences, unsubscribe.
public enum SubscriptionViews {
    public enum SubscribeState: Sendable, Equatable { case form, sent, problem(String) }

    public static func subscribe(state: SubscribeState, csrf: String, viewer: Viewer?) -> String {
        PageFrame(title: "Subscribe", description: "Trending papers in your inbox.", viewer: viewer).render {
            el("h1") { "Get trending papers in your inbox" }
            switch state {
            case .sent:
                el("p", .init("role", "status")) {
                    "Thank you. If this address can receive the digest, a message is on its way: follow its link to confirm. "
                    "Nothing is sent before you do."
                }
            case .problem(let message):
                el("div", .class("error"), .init("role", "alert")) { el("p") { message } }
                form(csrf)
            case .form:
                el("p") { "A daily or weekly e-mail: trending papers, new papers for the searches you follow, and papers like the ones you upvoted. Every e-mail has a one-click unsubscribe link." }
                form(csrf)
            }
        }
    }

    static func form(_ csrf: String) -> Node {
        el("form", .class("filters"), .init("action", SubscriptionRoute.subscribe), .init("method", "post")) {
            el("input", .init("type", "hidden"), .init("name", "csrf"), .init("value", csrf))
            el("label") {
                "E-mail address"
                el("input", .init("type", "email"), .init("name", "email"), .init("autocomplete", "email"), .flag("required"), .init("maxlength", "254"))
            }
            el("button", .init("type", "submit")) { "Subscribe" }
        }
    }

    /// After a confirmation link (or a bad one: `manageURL` nil).
    public static func confirmed(manageURL: String?) -> String {
        PageFrame(title: manageURL == nil ? "Link not valid" : "Subscribed").render {
            if let manageURL {
                el("h1") { "You are subscribed" }
                el("p") { "Your first digest comes at the next scheduled hour. "; el("a", .href(manageURL)) { "Choose what it holds and when" }; "." }
            } else {
                el("h1") { "This link is not valid" }
                el("p") { "It has expired, or was copied incompletely. "; el("a", .href(SubscriptionRoute.subscribe)) { "Subscribe again" }; " to get a new one." }
            }
        }
    }

    public static func manage(_ model: ManagePageModel) -> String {
        let p = model.preferences
        return PageFrame(title: "Your digest").render {
            el("h1") { "Your digest" }
            el("p") { "For \(model.email)." }
            if model.saved { el("p", .init("role", "status")) { "Saved." } }
            if !model.isSubscribed { el("p", .class("error")) { "You are unsubscribed: saving these settings does not subscribe you again. "; el("a", .href(SubscriptionRoute.subscribe)) { "Subscribe" } } }
            el("form", .class("stack"), .init("action", SubscriptionRoute.manage), .init("method", "post")) {
                el("input", .init("type", "hidden"), .init("name", "t"), .init("value", model.token))
                el("fieldset") {
                    el("legend") { "When" }
                    select("Frequency", name: "frequency", options: DigestPreferences.Frequency.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: p.frequency.rawValue)
                    select("Weekday (weekly digest)", name: "weekday", options: weekdays.enumerated().map { ("\($0.offset + 1)", $0.element) }, selected: "\(p.weekday)")
                    select("Hour", name: "hour", options: (0..<24).map { ("\($0)", ($0 < 10 ? "0" : "") + "\($0):00") }, selected: "\(p.hour)")
                    el("label") { "Time zone (e.g. Europe/Zurich)"; el("input", .init("name", "tz"), .init("value", p.timeZone), .init("maxlength", "64")) }
                }
                el("fieldset") {
                    el("legend") { "What" }
                    el("label") { "Trending papers (0 to \(DigestPreferences.maxTrending))"
                        el("input", .init("type", "number"), .init("name", "trending"), .init("min", "0"), .init("max", "\(DigestPreferences.maxTrending)"), .init("value", "\(p.trendingCount)")) }
                    el("label") { "Categories, comma-separated (empty: all)"; el("input", .init("name", "categories"), .init("value", p.categories.joined(separator: ", ")), .init("maxlength", "400")) }
                    for index in 0..<min(DigestPreferences.maxSavedSearches, p.savedSearches.count + 2) {
                        let saved = index < p.savedSearches.count ? p.savedSearches[index] : nil
                        el("div", .class("saved-search")) {
                            el("label") { "Saved search \(index + 1)"; el("input", .init("name", "q\(index)"), .init("value", saved?.query ?? ""), .init("maxlength", "300")) }
                            select("Mode", name: "m\(index)", options: ["keyword", "hybrid", "semantic"].map { ($0, $0) }, selected: saved?.mode ?? "keyword")
                        }
                    }
                    el("label") {
                        el("input", attributes: [Attribute("type", "checkbox"), Attribute("name", "foryou"), Attribute("value", "1"),
                                                 p.forYou ? .flag("checked") : nil, model.hasAccount ? nil : .flag("disabled")])
                        " Papers like the ones I upvoted"
                        if !model.hasAccount { el("span", .class("muted")) { " (sign in with this address and upvote papers first)" } }
                    }
                }
                el("button", .init("type", "submit")) { "Save" }
            }
            el("p") { el("a", .href(model.unsubscribeURL)) { "Unsubscribe" } }
        }
    }

    /// The page of an unsubscribe link: a button (so that a mail scanner opening the link does
    /// not unsubscribe anyone), or the result after it.
    public static func unsubscribe(token: String?, done: Bool) -> String {
        PageFrame(title: "Unsubscribe").render {
            if token == nil {
                el("h1") { "This link is not valid" }
                el("p") { "It was copied incompletely. Use the link at the bottom of any digest." }
            } else if done {
                el("h1") { "You are unsubscribed" }
                el("p") { "No more digests will be sent to you. "; el("a", .href(SubscriptionRoute.subscribe)) { "Subscribe again" }; " at any time." }
            } else {
                el("h1") { "Unsubscribe from the digest?" }
                el("form", .init("action", SubscriptionRoute.unsubscribe + "?t=" + (token ?? "")), .init("method", "post")) {
                    el("input", .init("type", "hidden"), .init("name", "List-Unsubscribe"), .init("value", "One-Click"))
                    el("button", .init("type", "submit")) { "Unsubscribe" }
                }
            }
        }
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static func select(_ label: String, name: String, options: [(value: String, label: String)], selected: String) -> Node {
        el("label") {
            label
            el("select", .init("name", name)) {
                for option in options {
                    el("option", attributes: [Attribute("value", option.value), option.value == selected ? .flag("selected") : nil]) { option.label }
                }
            }
        }
    }
}
