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
        // Most abstracts have no link at all: a byte scan settles that before any string work.
        for text in texts.compactMap({ $0 }) where mayHoldLink(text) {
            for link in urls(in: unescapeLaTeX(text)) where seen.insert(link).inserted {
                links.append(link)
            }
        }
        return links
    }

    /// Whether `text` has `://`, or `github.com` in any letter case (`GitHub.com/…` is a bare link
    /// too), in one pass over its bytes.
    private static func mayHoldLink(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for start in bytes.indices {
                switch bytes[start] {
                case UInt8(ascii: ":"): if matches(schemeSeparator, at: start, in: bytes) { return true }
                case UInt8(ascii: "g"), UInt8(ascii: "G"): if matches(githubHost, at: start, in: bytes) { return true }
                default: continue
                }
            }
            return false
        }
    }

    private static let schemeSeparator = Array("://".utf8)
    private static let githubHost = Array("github.com".utf8)
    private static let urlMarkers = [Array("https://".utf8), Array("http://".utf8), Array("github.com/".utf8)]

    /// The byte offset in `text` where `needle` (lowercase ASCII) first occurs in any letter case.
    /// A byte scan: Foundation's case-insensitive search bridged every abstract to UTF-16.
    private static func firstOffset(ofLowercase needle: [UInt8], in text: Substring) -> Int? {
        var text = text
        return text.withUTF8 { bytes in
            bytes.indices.first { matches(needle, at: $0, in: bytes) }
        }
    }

    /// Whether `needle` (lowercase ASCII) is in `bytes` at `start`, in any letter case.
    private static func matches(_ needle: [UInt8], at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start + needle.count <= bytes.count else { return false }
        for index in needle.indices {
            let byte = bytes[start + index]
            // Folding with 0x20 is only right for letters: other bytes must match exactly.
            guard byte == needle[index] || (needle[index] >= 0x61 && byte | 0x20 == needle[index]) else { return false }
        }
        return true
    }

    /// True for links to a code host (GitHub, GitLab, Hugging Face, …).
    public static func isRepository(_ link: String) -> Bool {
        guard let host = URLComponents(string: link)?.host?.lowercased() else { return false }
        return repositoryHosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    private static func unescapeLaTeX(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var text = text
        for (escaped, plain) in [("\\_", "_"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"), ("\\~{}", "~"), ("\\~", "~")] {
            text = text.replacing(escaped, with: plain)
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
            // A link is ASCII: a non-ASCII character after it is punctuation (`”`, `’s`, `。`) or text
            // written without a space, as in Chinese abstracts.
            while end < rest.endIndex, !stopCharacters.contains(rest[end]), rest[end].isASCII, !rest[end].isWhitespace {
                end = rest.index(after: end)
            }
            if let link = cleaned(String(rest[start..<end])) { found.append(link) }
            rest = rest[end...]
        }
        return found
    }

    private static func nextURLStart(in text: Substring) -> Substring.Index? {
        let offsets = urlMarkers.map { firstOffset(ofLowercase: $0, in: text) }
        guard let first = offsets.compactMap({ $0 }).min() else { return nil }
        var start = text.utf8.index(text.startIndex, offsetBy: first)
        if first == offsets[2] {
            // A bare host starts with the subdomains written before it: `www.github.com/…`.
            while start > text.startIndex, isHostCharacter(text[text.index(before: start)]) { start = text.index(before: start) }
        }
        return start
    }

    private static func isHostCharacter(_ ch: Character) -> Bool {
        ch.isASCII && (ch.isLetter || ch.isNumber || ch == "." || ch == "-")
    }

    private static func cleaned(_ raw: String) -> String? {
        var link = raw
        while let last = link.last, trailingJunk.contains(last) {
            if last == ")" && link.contains("(") { break }
            link.removeLast()
        }
        if !link.lowercased().hasPrefix("http") { link = "https://" + link }
        // A link names a host with a dot in it (a domain or an IPv4 address); `https://` alone does not.
        guard let components = URLComponents(string: link), let host = components.host, host.contains("."),
              !host.hasPrefix("."), !host.hasSuffix(".") else {
            return nil
        }
        return link
    }
}
