/// The frame of every page: head, header with navigation and search box, main content, footer.
public struct PageFrame: Sendable {
    public var title: String
    /// A one-line description for search engines and link previews.
    public var description: String
    /// An Atom feed that matches the page, announced for feed readers.
    public var atomFeed: String?
    /// The query to show in the header's search box.
    public var query: String
    /// Who is signed in, if anyone.
    public var viewer: Viewer?

    public init(title: String, description: String = "", atomFeed: String? = nil, query: String = "", viewer: Viewer? = nil) {
        self.title = title
        self.description = description
        self.atomFeed = atomFeed
        self.query = query
        self.viewer = viewer
    }

    public func render(@NodeBuilder main: () -> Node) -> String {
        let page = Node.fragment([
            .trusted("<!DOCTYPE html>\n"),
            el("html", .init("lang", "en")) {
                el("head") {
                    el("meta", .init("charset", "utf-8"))
                    el("meta", .init("name", "viewport"), .init("content", "width=device-width, initial-scale=1"))
                    el("meta", .init("name", "color-scheme"), .init("content", "light dark"))
                    el("title") { title == "Paperboy" ? title : "\(title) · Paperboy" }
                    if !description.isEmpty { el("meta", .init("name", "description"), .init("content", description)) }
                    if let atomFeed {
                        el("link", .init("rel", "alternate"), .init("type", "application/atom+xml"), .init("title", title), .href(atomFeed))
                    }
                    el("style") { Node.trusted(Style.css) }
                }
                el("body") {
                    header
                    el("main", .id("main")) { main() }
                    el("footer") {
                        el("p") {
                            "Paperboy: your own research-paper feed. "
                            el("a", .href(Route.apiDailyPapers)) { "JSON API" }
                            " ("; el("a", .href(Route.openAPI)) { "OpenAPI" }; ") · "
                            if let atomFeed { el("a", .href(atomFeed)) { "Atom feed of this page" } }
                        }
                    }
                }
            },
        ])
        return page.renderHTML()
    }

    /// Sign-in link, or who is signed in and a sign-out button (a form: signing out changes state).
    private var account: Node {
        guard let viewer else { return el("a", .href(AccountRoute.signIn)) { "Sign in" } }
        return el("form", .init("action", AccountRoute.signOut), .init("method", "post")) {
            el("a", .href(AccountRoute.submit)) { "Submit" }
            " "
            if viewer.isAdmin { el("a", .href(AccountRoute.admin)) { "Admin" }; " " }
            el("span", .class("muted")) { viewer.email }
            " "
            el("input", .init("type", "hidden"), .init("name", "csrf"), .init("value", viewer.csrf))
            el("button", .init("type", "submit")) { "Sign out" }
        }
    }

    private var header: Node {
        el("header") {
            el("a", .class("skip"), .href("#main")) { "Skip to content" }
            el("nav", .init("aria-label", "Main")) {
                el("a", .class("brand"), .href(Route.home)) { "Paperboy" }
                el("a", .href(Route.home)) { "Daily" }
                el("a", .href(Route.trending)) { "Trending" }
                el("form", .class("search"), .init("action", Route.search), .init("method", "get"), .init("role", "search")) {
                    el("label", .init("for", "q"), .class("visually-hidden")) { "Search papers" }
                    el("input", .init("type", "search"), .id("q"), .init("name", "q"), .init("value", query),
                       .init("placeholder", "Search papers"), .init("maxlength", "1000"))
                    el("button", .init("type", "submit")) { "Search" }
                }
                account
            }
        }
    }
}
