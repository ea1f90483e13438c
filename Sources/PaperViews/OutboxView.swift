/// The digest's part of the admin page: subscribers, the outbox by state, its latest messages.
public struct OutboxOverview: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var recipient: String
        public var subject: String
        public var status: String
        public var attempts: Int
        public var created: String
        public var lastError: String?
        public init(recipient: String, subject: String, status: String, attempts: Int, created: String, lastError: String?) {
            self.recipient = recipient
            self.subject = subject
            self.status = status
            self.attempts = attempts
            self.created = created
            self.lastError = lastError
        }
    }

    /// Subscribers by status (pending, confirmed, unsubscribed).
    public var subscribers: [(status: String, count: Int)]
    /// Messages by state (queued, sending, sent, failed, interrupted).
    public var counts: [(status: String, count: Int)]
    public var recent: [Row]

    public init(subscribers: [(status: String, count: Int)], counts: [(status: String, count: Int)], recent: [Row]) {
        self.subscribers = subscribers
        self.counts = counts
        self.recent = recent
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.recent == b.recent && a.counts.map(\.count) == b.counts.map(\.count) && a.subscribers.map(\.count) == b.subscribers.map(\.count)
    }

    var node: Node {
        el("section", .init("aria-labelledby", "outbox")) {
            el("h2", .id("outbox")) { "E-mail digest" }
            // A div, not a p: a form may not sit inside a paragraph.
            el("div") {
                (subscribers.map { "\($0.count) \($0.status)" } + ["subscribers"]).joined(separator: " · ")
                " — preview a subscriber's digest: "
                el("form", .init("action", AdminRoute.digestPreview), .init("method", "get")) {
                    el("label") { "E-mail"; el("input", .init("type", "email"), .init("name", "email"), .flag("required")) }
                    el("button", .init("type", "submit")) { "Preview" }
                }
            }
            el("p") { "Outbox: " + counts.map { "\($0.count) \($0.status)" }.joined(separator: " · ") }
            if !recent.isEmpty {
                el("table") {
                    el("thead") { el("tr") { for h in ["Created", "To", "Subject", "State", "Attempts", "Last error"] { el("th", .init("scope", "col")) { h } } } }
                    el("tbody") {
                        for row in recent {
                            el("tr") {
                                el("td") { row.created }
                                el("td") { row.recipient }
                                el("td") { row.subject }
                                el("td") { row.status }
                                el("td") { String(row.attempts) }
                                el("td") { row.lastError ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }
}

public enum AdminRoute {
    public static let digestPreview = "/admin/digest"
}
