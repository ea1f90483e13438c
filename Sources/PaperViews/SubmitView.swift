import PaperModels

/// `/submit`: a signed-in person puts a stored paper on a day's feed.
public struct SubmitPageModel: Sendable {
    public enum State: Sendable { case form, added(Paper, day: String), problem(String) }
    public var state: State
    /// The days that may be chosen, newest first (today and the days before it).
    public var days: [String]
    public var dailyLimit: Int
    public init(state: State, days: [String], dailyLimit: Int) {
        self.state = state
        self.days = days
        self.dailyLimit = dailyLimit
    }
}

public enum SubmitView {
    public static func render(_ model: SubmitPageModel, viewer: Viewer) -> String {
        PageFrame(title: "Submit a paper", viewer: viewer).render {
            el("h1") { "Submit a paper" }
            switch model.state {
            case .added(let paper, let day):
                el("p", .init("role", "status")) {
                    el("a", .href(Route.paper(paper.id))) { ReadableText.latex(paper.title) }
                    " is on the feed of "
                    el("a", .href(Route.url(Route.feed, [("date", day)]))) { day }
                    "."
                }
            case .problem(let message):
                el("div", .class("error"), .init("role", "alert")) { el("p") { message } }
            case .form:
                el("p") { "Put a paper that Paperboy already stores on a day's feed: once per paper, \(model.dailyLimit) papers a day per person." }
            }
            el("form", .class("filters"), .init("action", AccountRoute.submit), .init("method", "post")) {
                el("input", .init("type", "hidden"), .init("name", "csrf"), .init("value", viewer.csrf))
                el("label") {
                    "arXiv id"
                    el("input", .init("name", "paper"), .flag("required"), .init("maxlength", "200"), .init("placeholder", "2506.01234"))
                }
                el("label") {
                    "Day"
                    el("select", .init("name", "day")) { for day in model.days { el("option", .init("value", day)) { day } } }
                }
                el("button", .init("type", "submit")) { "Submit" }
            }
        }
    }
}
