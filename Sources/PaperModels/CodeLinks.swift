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

    /// `\_`, `\%`, `\#`, `\&`, `\~{}` and `\~` written plainly, each replaced in turn as
    /// `String.replacing` does. On bytes: replacing on characters was a sixth of the parser's CPU
    /// time (`paperboy bench parse` on 200,000 synthetic Kaggle lines). A match next to a non-ASCII byte, where characters and bytes
    /// could disagree (a combining mark after it), sends the whole text the character way.
    static func unescapeLaTeX(_ text: String) -> String {
        guard Text.contains(UInt8(ascii: "\\"), in: text) else { return text }
        var bytes = Array(text.utf8)
        for (escaped, plain) in latexEscapes {
            guard let replaced = replacingASCII(escaped, with: plain, in: bytes) else {
                return latexEscapes.reduce(text) { text, escape in
                    text.replacing(String(decoding: escape.escaped, as: UTF8.self), with: String(decoding: escape.plain, as: UTF8.self))
                }
            }
            bytes = replaced
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let latexEscapes: [(escaped: [UInt8], plain: [UInt8])] = [
        ("\\_", "_"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"), ("\\~{}", "~"), ("\\~", "~"),
    ].map { (Array($0.utf8), Array($1.utf8)) }

    /// `bytes` with each occurrence of `pattern` (ASCII) replaced, left to right; nil when an
    /// occurrence has a non-ASCII byte on either side.
    private static func replacingASCII(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var copied = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            guard bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) else {
                index += 1
                continue
            }
            let end = index + pattern.count
            if index > 0 && bytes[index - 1] >= 0x80 || end < bytes.count && bytes[end] >= 0x80 { return nil }
            out += bytes[copied..<index]
            out += replacement
            (copied, index) = (end, end)
        }
        if copied == 0 { return bytes }
        return out + bytes[copied...]
    }

    private static let trailingJunk: Set<Character> = [".", ",", ";", ":", "!", "?", "'", "\"", "*", "/", "]", ")"]

    private static func urls(in text: String) -> [String] { linkSpans(in: text).compactMap(cleaned) }

    /// The links in `text` as written, before cleaning: found and delimited on its bytes in one
    /// pass (a search per marker and a walk over `Character`s had cost a link-bearing abstract
    /// several scans; the marker search alone was over 1% of a million-paper ingest's CPU time).
    static func linkSpans(in text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            var position = 0
            while let start = nextURLStart(in: bytes, from: position) {
                // A link is ASCII: a non-ASCII character after it is punctuation (`”`, `’s`, `。`) or
                // text written without a space, as in Chinese abstracts.
                var end = start
                while end < bytes.count, isLinkByte(bytes[end]) { end += 1 }
                if end < bytes.count, end > start, bytes[end] >= 0x80, !startsCharacter(bytes, at: end - 1) { end -= 1 }
                found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                position = end
            }
            return found
        }
    }

    /// Where the next link at or after `from` starts: `http://` or `https://` in any letter case,
    /// or a bare `github.com/` with the subdomains written before it (`www.github.com/…`).
    private static func nextURLStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        for index in from..<bytes.count {
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "h"):
                if matches(httpsScheme, at: index, in: bytes) || matches(httpScheme, at: index, in: bytes) { return index }
            case UInt8(ascii: "g"):
                guard matches(githubPath, at: index, in: bytes) else { continue }
                var start = index
                while start > from, isHostByte(bytes[start - 1]) { start -= 1 }
                return start
            default: continue
            }
        }
        return nil
    }

    private static let httpsScheme = Array("https://".utf8)
    private static let httpScheme = Array("http://".utf8)
    private static let githubPath = Array("github.com/".utf8)

    /// An ASCII byte a link may hold: not white space, not one of `<>"{}\|^` and backquote.
    private static func isLinkByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x80...0xFF, 0x09...0x0D, UInt8(ascii: " "), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"):
            return false
        default:
            return true
        }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Whether the ASCII byte at `index` is a character of its own: false when what follows joins
    /// it into one non-ASCII character (an accent written as a combining mark, say), which then
    /// does not belong to the link either.
    private static func startsCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...].prefix(32)), as: UTF8.self)
        return rest.first?.utf8.count == 1
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
