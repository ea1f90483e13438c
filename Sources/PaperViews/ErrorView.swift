/// The page for a request that cannot be answered: a status, a sentence saying what to do, and
/// never an internal message or a stack trace.
public struct ErrorPageModel: Sendable {
    public var title: String
    public var message: String
    public init(title: String, message: String) {
        self.title = title
        self.message = message
    }
}

public enum ErrorView {
    public static func render(_ model: ErrorPageModel) -> String {
        PageFrame(title: model.title).render {
            el("h1") { model.title }
            el("div", .class("error"), .init("role", "alert")) { el("p") { model.message } }
            el("p") { el("a", .href(Route.home)) { "Back to today's papers" } }
        }
    }
}
