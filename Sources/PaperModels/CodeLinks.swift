import Foundation

/// Finds repository and project-page URLs in free text (abstracts, comments) and cleans them of the
/// debris real abstracts carry: LaTeX escapes (`Strip\_MLP`), `\url{…}` wrappers, `{github}` and
/// `{here}` link texts glued to the URL, and trailing punctuation such as a sentence's full stop.
public enum CodeLinks {
    /// Hosts whose links are source repositories or model/data hubs rather than project pages.
    static let repositoryHosts = ["github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org"]

    /// The distinct cleaned URLs in `texts`, in order of first appearance.
    public static func extract(from texts: String?...) -> [String] {
        var seen = Set<String>()
        var links: [String] = []
        for text in texts.compactMap({ $0 }) {
            for link in urls(in: unescapeLaTeX(text)) where seen.insert(link).inserted {
                links.append(link)
            }
        }
        return links
    }

    /// True for links to a code host (GitHub, GitLab, Hugging Face, …).
    public static func isRepository(_ link: String) -> Bool {
        guard let host = URLComponents(string: link)?.host?.lowercased() else { return false }
        return repositoryHosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    private static func unescapeLaTeX(_ text: String) -> String {
        var text = text
        for (escaped, plain) in [("\\_", "_"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"), ("\\~{}", "~"), ("\\~", "~")] {
            text = text.replacingOccurrences(of: escaped, with: plain)
        }
        return text
    }

    private static let stopCharacters: Set<Character> = [" ", "\n", "\t", "\r", "<", ">", "\"", "{", "}", "\\", "|", "^", "`"]
    private static let trailingJunk: Set<Character> = [".", ",", ";", ":", "!", "?", "'", "\"", "*", "/", "]", ")"]

    private static func urls(in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let start = nextURLStart(in: rest) {
            var end = start
            while end < rest.endIndex, !stopCharacters.contains(rest[end]), !rest[end].isWhitespace {
                end = rest.index(after: end)
            }
            if let link = cleaned(String(rest[start..<end])) { found.append(link) }
            rest = rest[end...]
        }
        return found
    }

    private static func nextURLStart(in text: Substring) -> Substring.Index? {
        let candidates = ["https://", "http://", "github.com/"].compactMap { text.range(of: $0, options: .caseInsensitive)?.lowerBound }
        guard var start = candidates.min() else { return nil }
        // A bare `github.com/…` inside a longer URL was already taken with that URL.
        if start > text.startIndex, text[text.index(before: start)] == "." { start = text.index(before: start) }
        return start
    }

    private static func cleaned(_ raw: String) -> String? {
        var link = raw
        while let last = link.last, trailingJunk.contains(last) {
            if last == ")" && link.contains("(") { break }
            link.removeLast()
        }
        if !link.lowercased().hasPrefix("http") { link = "https://" + link }
        guard let components = URLComponents(string: link), let host = components.host, host.contains(".") || host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) else {
            return nil
        }
        return link
    }
}
