import Foundation

/// Every path the site answers, used by the server to register its routes and by the views to
/// build links, so that a link cannot point at a route that does not exist.
public enum Route {
    public static let home = "/"
    public static let feed = "/papers"
    public static let feedAtom = "/papers.atom"
    public static let trending = "/trending"
    public static let trendingAtom = "/trending.atom"
    public static let search = "/search"
    public static let searchAtom = "/search.atom"
    /// `/papers/{arxivId}`; old-style ids hold a slash (`/papers/astro-ph/9204001`).
    public static let paperPrefix = "/papers/"
    public static let apiDailyPapers = "/api/daily_papers"
    public static let apiSearch = "/api/papers/search"
    public static let apiPaperPrefix = "/api/papers/"
    public static let openAPI = "/openapi.json"
    public static let health = "/healthz"
    public static let metrics = "/metrics"

    public static func paper(_ id: String) -> String { paperPrefix + pathEncoded(id) }

    /// `path?name=value&…`, leaving out nil and empty values; names and values percent-encoded.
    public static func url(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return queryEncoded(name) + "=" + queryEncoded(value)
        }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    private static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~:")
        return set
    }()

    static func queryEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? ""
    }

    /// A paper id in a path: the slash of old-style ids stays a path separator.
    static func pathEncoded(_ id: String) -> String {
        id.split(separator: "/", omittingEmptySubsequences: false).map { queryEncoded(String($0)) }.joined(separator: "/")
    }
}

/// The subscription pages, by path; every digest links to `manage` and `unsubscribe`.
public enum SubscriptionRoute {
    public static let subscribe = "/subscribe"
    public static let confirm = "/subscribe/confirm"
    public static let manage = "/subscribe/manage"
    public static let unsubscribe = "/unsubscribe"
}
