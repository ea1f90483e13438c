/// One paper in a digest e-mail, with absolute links (the mail is read far from the site).
public struct DigestItem: Sendable, Equatable {
    public var id: String
    public var title: String
    public var url: String
    public var authors: String
    public var excerpt: String
    public var codeURL: String?
    public var upvotes: Int
    public init(id: String, title: String, url: String, authors: String, excerpt: String, codeURL: String?, upvotes: Int) {
        self.id = id
        self.title = title
        self.url = url
        self.authors = authors
        self.excerpt = excerpt
        self.codeURL = codeURL
        self.upvotes = upvotes
    }
}

/// A digest item rendered for both parts of the message. A paper looks the same in every
/// digest, so a run renders each paper once, not once per subscriber.
public struct RenderedDigestItem: Sendable, Equatable {
    public let item: DigestItem
    public let text: String
    public let html: String
    public init(_ item: DigestItem) {
        self.item = item
        text = DigestView.text(item)
        html = DigestView.html(item).renderHTML()
    }
}

public struct DigestSectionModel: Sendable, Equatable {
    public var title: String
    public var items: [RenderedDigestItem]
    public init(title: String, items: [RenderedDigestItem]) {
        self.title = title
        self.items = items
    }
}

/// Everything a digest e-mail shows.
public struct DigestViewModel: Sendable, Equatable {
    public var heading: String
    public var sections: [DigestSectionModel]
    public var siteURL: String
    public var manageURL: String
    public var unsubscribeURL: String
    public init(heading: String, sections: [DigestSectionModel], siteURL: String, manageURL: String, unsubscribeURL: String) {
        self.heading = heading
        self.sections = sections
        self.siteURL = siteURL
        self.manageURL = manageURL
        self.unsubscribeURL = unsubscribeURL
    }
}

/// The digest as mail clients want it: plain text, and HTML with inline styles only (clients
/// drop `<style>` blocks and remote images), both with a visible unsubscribe link.
public enum DigestView {
    static let nothingNew = "Nothing new since your last digest."

    public static func text(_ model: DigestViewModel) -> String {
        var out = model.heading + "\n" + String(repeating: "=", count: min(model.heading.count, 72)) + "\n"
        if model.sections.isEmpty { out += "\n" + nothingNew + "\n" }
        for section in model.sections {
            out += "\n" + section.title + "\n" + String(repeating: "-", count: min(section.title.count, 72)) + "\n"
            for item in section.items { out += item.text }
        }
        out += "\n--\nManage your digest: \(model.manageURL)\nUnsubscribe: \(model.unsubscribeURL)\n"
        return out
    }

    static func text(_ item: DigestItem) -> String {
        var out = "\n* \(item.title)\n  \(item.url)\n  \(item.authors) · ▲ \(item.upvotes)\n"
        if let code = item.codeURL { out += "  Code: \(code)\n" }
        return out + "  \(item.excerpt)\n"
    }

    public static func html(_ model: DigestViewModel) -> String {
        let font = "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
        let body = el("html", .init("lang", "en")) {
            el("head") {
                el("meta", .init("charset", "utf-8"))
                el("title") { model.heading }
            }
            el("body", .init("style", "margin:0;padding:16px;background:#f6f6f4;color:#1d1d1f;" + font)) {
                el("div", .init("style", "max-width:640px;margin:0 auto;background:#fff;padding:20px;border-radius:8px")) {
                    el("h1", .init("style", "font-size:22px;margin:0 0 12px")) {
                        el("a", .href(model.siteURL), .init("style", "color:#1d1d1f;text-decoration:none")) { model.heading }
                    }
                    if model.sections.isEmpty { el("p") { DigestView.nothingNew } }
                    for section in model.sections {
                        el("h2", .init("style", "font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px")) { section.title }
                        for item in section.items { Node.trusted(item.html) }
                    }
                    el("p", .init("style", "font-size:12px;color:#666;margin-top:28px")) {
                        "You receive this because you subscribed to the Paperboy digest. "
                        el("a", .href(model.manageURL), .init("style", "color:#555")) { "Manage your digest" }
                        " · "
                        el("a", .href(model.unsubscribeURL), .init("style", "color:#555")) { "Unsubscribe" }
                    }
                }
            }
        }
        return "<!DOCTYPE html>\n" + body.renderHTML()
    }

    static func html(_ item: DigestItem) -> Node {
        el("div", .init("style", "margin:0 0 16px")) {
            el("a", .href(item.url), .init("style", "font-size:16px;font-weight:600;color:#0b57d0;text-decoration:none")) { item.title }
            el("div", .init("style", "font-size:13px;color:#555;margin:2px 0")) {
                item.authors
                " · ▲ \(item.upvotes)"
                if let code = item.codeURL {
                    " · "
                    el("a", .href(code), .init("style", "color:#0b57d0")) { "code" }
                }
            }
            el("p", .init("style", "font-size:14px;line-height:1.45;margin:4px 0 0")) { item.excerpt }
        }
    }
}

/// The short mails around a subscription: the confirmation link, and the reminder a confirmed
/// subscriber gets on subscribing again (with their manage link, nothing else).
public enum SubscriptionMailView {
    public static func confirmation(confirmURL: String, siteURL: String) -> (text: String, html: String) {
        mail(lead: "Someone (we hope you) asked for the Paperboy digest at this address.",
             action: "Confirm your subscription", link: confirmURL,
             after: "If it was not you, ignore this mail: nothing will be sent without the confirmation.", siteURL: siteURL)
    }

    public static func reminder(manageURL: String, siteURL: String) -> (text: String, html: String) {
        mail(lead: "You are already subscribed to the Paperboy digest at this address.",
             action: "Manage your digest", link: manageURL,
             after: "Nothing has changed. If you did not ask, ignore this mail.", siteURL: siteURL)
    }

    /// A sign-in link: good once, for a quarter of an hour.
    public static func signIn(link: String, siteURL: String) -> (text: String, html: String) {
        mail(lead: "Someone (we hope you) asked to sign in to Paperboy with this address.",
             action: "Sign in", link: link,
             after: "The link works once, within 15 minutes. If it was not you, ignore this mail: no one can sign in without it.",
             siteURL: siteURL)
    }

    /// One short mail in both parts: a sentence, the one link, a sentence after it.
    private static func mail(lead: String, action: String, link: String, after: String, siteURL: String) -> (text: String, html: String) {
        ("\(lead)\n\n\(action): \(link)\n\n\(after)\n\n-- \nPaperboy \(siteURL)\n",
         short(lead: lead, link: link, label: action, after: after))
    }

    private static func short(lead: String, link: String, label: String, after: String) -> String {
        "<!DOCTYPE html>\n" + el("html", .init("lang", "en")) {
            el("head") { el("meta", .init("charset", "utf-8")); el("title") { "Paperboy" } }
            el("body", .init("style", "font-family:Helvetica,Arial,sans-serif;color:#1d1d1f")) {
                el("p") { lead }
                el("p") { el("a", .href(link), .init("style", "font-weight:600;color:#0b57d0")) { label } }
                el("p", .init("style", "color:#666;font-size:13px")) { after }
            }
        }.renderHTML()
    }
}
