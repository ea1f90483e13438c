import Foundation

/// An arXiv identifier in either style, with an optional version.
///
/// New style: `2503.11677`, `0704.0001` (YYMM.NNNN before 2015, YYMM.NNNNN after).
/// Old style: `astro-ph/9204001`, `math.AG/0601001` (archive, optional subject class, YYMMNNN).
/// The *bare* form (no version, no subject class in old-style ids) is the key a paper is stored under,
/// so every source that names the same paper lands on the same record.
public struct ArxivID: Hashable, Sendable, CustomStringConvertible {
    /// The identifier without version, e.g. `2503.11677` or `astro-ph/9204001`.
    public let bare: String
    /// The version number, when the source named one (`v3` → 3).
    public let version: Int?

    /// Parses an identifier, tolerating the wrappers sources put around it:
    /// `arXiv:` prefixes, `oai:arXiv.org:` OAI identifiers, and abstract/PDF URLs.
    public init?(_ raw: String) {
        // A bulk ingest reads millions of ids as they are, in ASCII: those are read on bytes.
        guard let parsed = Self.plainASCII(raw) ?? Self.parseUnwrapped(Self.unwrapped(raw)) else { return nil }
        self.bare = parsed.0
        self.version = parsed.1
    }

    public var description: String { version.map { "\(bare)v\($0)" } ?? bare }

    /// The arXiv abstract page.
    public var absURL: String { "https://arxiv.org/abs/\(bare)" }
    /// The PDF of the latest version.
    public var pdfURL: String { "https://arxiv.org/pdf/\(bare)" }

    /// `raw` without the prefixes, URL parts and spaces around an id.
    static func unwrapped(_ raw: String) -> String {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["oai:arXiv.org:", "arXiv:"] where text.range(of: prefix, options: [.anchored, .caseInsensitive]) != nil {
            text.removeFirst(prefix.count)
        }
        for marker in ["/abs/", "/pdf/"] {
            if let range = text.range(of: marker) { text = String(text[range.upperBound...]) }
        }
        // What a copied URL carries after the id: `?context=cs`, `#S2`, a closing slash.
        if let end = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = String(text[..<end]) }
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".pdf") { text.removeLast(4) }
        return text
    }

    /// The bare id and version of an unwrapped id (the rules are in ArxivIDBytes.swift).
    static func parseUnwrapped(_ text: String) -> (String, Int?)? {
        var text = text
        return text.withUTF8(parse)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
