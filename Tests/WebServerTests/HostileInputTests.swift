import Foundation
import Hummingbird
import Testing

/// Every route and parameter with input meant to break it: the answer is never a 500, never a
/// stack trace, and never the input's markup unescaped.
@Suite("Hostile input")
struct HostileInputTests {
    static let routes: [(path: String, parameters: [String])] = [
        ("/", ["date", "week", "month", "cat", "page"]),
        ("/papers", ["date", "week", "month", "cat", "page"]),
        ("/trending", ["window", "cat", "page"]),
        ("/search", ["q", "mode", "cat", "since", "until", "sort", "page"]),
        ("/papers.atom", ["date", "week", "month", "cat"]),
        ("/trending.atom", ["window", "cat"]),
        ("/search.atom", ["q", "mode", "cat", "since", "until", "sort"]),
        ("/api/daily_papers", ["date", "week", "month", "p", "limit", "sort", "cat"]),
        ("/api/papers/search", ["q", "limit", "mode", "p", "sort", "since", "until", "cat"]),
        ("/subscribe/confirm", ["t"]), ("/subscribe/manage", ["t"]), ("/unsubscribe", ["t"]), ("/admin/digest", ["email", "date"]),
    ]

    static let values: [String] = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "\u{0}\u{1}\u{7F}", "99999999999999999999999",
        "-1", "0", "../../etc/passwd", "NEAR(a b) AND title:\"x", "\"unbalanced", "*", ")(", "{}[]", "😀‮ rtl", "2026-W99",
        "2026-02-30", "9999-99", "cat:cs.CL OR -", String(repeating: "transformer ", count: 900), "%", "\\", "&amp;", "\u{FEFF}",
    ]

    /// Raw query strings that are themselves malformed: bad escapes, invalid UTF-8, empty names.
    static let rawQueries = ["q=%ZZ", "q=%C3%28", "q=%", "=x", "&&&", "q", "q=a&q=<b>", "date=%00", "cat=cs.CL&cat=%3C", "q=a+%2B+b"]

    static let markup = ["<script>alert", "<img src=x", "<b>", "Fatal error", ".swift:", "Stack dump"]

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func everyRouteAndParameter() async throws {
        try await TestSite.withClient { client in
            var checked = 0
            for (path, parameters) in Self.routes {
                // A base that makes the search routes search, so the hostile value is what is tested.
                let base = path.contains("search") ? "q=vision&" : ""
                for parameter in parameters {
                    for value in Self.values {
                        try await Self.check(client, path + "?" + base + parameter + "=" + Self.encoded(value))
                        checked += 1
                    }
                }
                for raw in Self.rawQueries {
                    try await Self.check(client, path + "?" + raw)
                    checked += 1
                }
            }
            #expect(checked > 900)
        }
    }

    @Test func hostilePaperIdsAndPaths() async throws {
        try await TestSite.withClient { client in
            for value in Self.values + ["astro-ph/", "/", "a/b/c/d", "2606.13681/related/x", "%2e%2e/%2e%2e"] {
                for prefix in ["/papers/", "/api/papers/"] {
                    let response = try await Self.check(client, prefix + Self.encoded(value).replacingOccurrences(of: "%2F", with: "/"))
                    #expect(response.status == .notFound || response.status == .ok, "\(prefix)\(value.prefix(40))")
                }
            }
            for path in ["/%ZZ", "/papers/%ZZ", "/api/papers/%C3%28", "//", "/search/", "/api/", "/papers.atom/x"] {
                try await Self.check(client, path)
            }
        }
    }

    @Test func formsAndSignInLinks() async throws {
        try await TestSite.withClient(database: try TestSite.makeDatabase()) { client in
            for value in Self.values {
                for path in ["/signin", "/upvote", "/signout", "/submit"] {
                    for field in ["email", "csrf", "paper", "vote", "day"] {
                        let response = try await client.post(path, form: [(field, value), ("csrf", value)],
                                                              headers: [.cookie: "pb_csrf=\(Self.encoded(value)); pb_session=\(Self.encoded(value))"])
                        #expect(response.status.code < 500, "\(path) \(field)")
                        for bad in Self.markup { #expect(!response.body.contains(bad), "\(path) \(field) shows \(bad)") }
                    }
                }
                try await Self.check(client, "/signin/verify?token=" + Self.encoded(value))
                try await Self.check(client, "/admin/" + Self.encoded(value))
            }
            let huge = try await client.post("/signin", form: [("email", String(repeating: "a", count: 40_000))])
            #expect(huge.status == .contentTooLarge)
        }
    }

    @discardableResult
    static func check(_ client: TestClient, _ uri: String) async throws -> Fetched {
        let response = try await client.get(uri)
        #expect(response.status.code < 500, "\(uri.prefix(120)) → \(response.status.code)")
        for bad in markup { #expect(!response.body.contains(bad), "\(uri.prefix(120)) shows \(bad)") }
        if uri.hasPrefix("/api/") { #expect(response.json != nil, "\(uri.prefix(120)) is not JSON") }
        return response
    }
}
