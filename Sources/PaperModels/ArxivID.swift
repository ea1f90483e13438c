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

    /// The bare id and version of an unwrapped id (character by character: any text).
    static func parseUnwrapped(_ text: String) -> (String, Int?)? {
        let (body, version) = Self.splitVersion(text)
        if Self.isNewStyle(body) { return (body, version) }
        return Self.oldStyleBare(body).map { ($0, version) }
    }

    private static func splitVersion(_ text: String) -> (String, Int?) {
        guard let v = text.lastIndex(of: "v"), v != text.startIndex else { return (text, nil) }
        let digits = text[text.index(after: v)...]
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n > 0 else {
            return (text, nil)
        }
        return (String(text[..<v]), n)
    }

    /// `YYMM.NNNN` from 0704 to 1412, `YYMM.NNNNN` from 1501 on (arXiv's identifier scheme).
    private static func isNewStyle(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
              (4...5).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit),
              let yymm = Int(parts[0]), (1...12).contains(yymm % 100), yymm >= 704 else { return false }
        return parts[1].count == (yymm < 1501 ? 4 : 5)
    }

    /// `math.AG/0601001` → `math/0601001`; the archive is lower-case letters and hyphens, the number
    /// `YYMMNNN` with a real month.
    private static func oldStyleBare(_ s: String) -> String? {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 7, parts[1].allSatisfy(\.isASCIIDigit),
              let month = Int(parts[1].dropFirst(2).prefix(2)), (1...12).contains(month) else { return nil }
        let archive = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard !archive.isEmpty, archive.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0 == "-" }) else { return nil }
        return "\(archive)/\(parts[1])"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
