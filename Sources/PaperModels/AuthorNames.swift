import Foundation

/// Author-name rules: splitting arXiv's author strings and turning LaTeX accents into letters.
public enum AuthorNames {
    /// Splits `A. One, B. Two and C. Three` (arXiv's style) into names, dropping affiliation
    /// markers in parentheses such as `(1)` or `((1) MIT, (2) CERN)` and a closing `et al`.
    /// A collaboration named before a colon (`D0 Collaboration: V. Abazov, et al`) is one author,
    /// even when its name contains `and` (`The CMS and LHCb Collaborations: …`).
    public static func split(_ text: String) -> [String] {
        var plain = decodeLaTeX(removingParentheses(Text.normalized(text)))
        var names: [String] = []
        if let colon = plain.firstIndex(of: ":") {
            let group = plain[..<colon].trimmingCharacters(in: .whitespaces)
            if group.range(of: "collaboration", options: .caseInsensitive) != nil {
                names.append(group)
                plain = String(plain[plain.index(after: colon)...])
            }
        }
        let rest = plain
            .replacingOccurrences(of: ", and ", with: ",")
            .replacingOccurrences(of: " and ", with: ",")
            .split(separator: ",")
            .map { withoutEtAl(withoutLeadingAnd($0.trimmingCharacters(in: .whitespaces))) }
            .filter { !$0.isEmpty }
        return names + rest
    }

    /// `[last, first, suffix]` as in the Kaggle snapshot's `authors_parsed` → `first last suffix`.
    /// A fourth element, when present, is an affiliation and is not part of the name. The snapshot
    /// writes hyphenated initials with a space (`C. -P.` for `C.-P.`); that space is removed.
    public static func fromParsed(_ parts: [String]) -> String {
        let last = parts.first ?? ""
        let first = parts.count > 1 ? parts[1] : ""
        let suffix = parts.count > 2 ? parts[2] : ""
        // Joined by hand: an array to filter and join cost more than the name (bulk ingest).
        var joined = first
        for part in [last, suffix] where !part.isEmpty {
            if !joined.isEmpty { joined += " " }
            joined += part
        }
        let name = decodeLaTeX(joined)
        // Most names have no `. -`: Foundation's replacement costs more than the check (bulk ingest).
        guard hasSpacedHyphen(name) else { return name }
        return name.replacingOccurrences(of: ". -", with: ".-")
    }

    /// Whether `name` holds `. -`, looked for on its bytes.
    private static func hasSpacedHyphen(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { utf8 in
            utf8.indices.dropLast(2).contains { utf8[$0] == UInt8(ascii: ".") && utf8[$0 + 1] == UInt8(ascii: " ") && utf8[$0 + 2] == UInt8(ascii: "-") }
        }
    }

    private static func removingParentheses(_ text: String) -> String {
        var depth = 0
        var out = String()
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        return out
    }

    /// `and C. Three` left over when the list was written `B. Two,and C. Three` or ended in `and`.
    private static func withoutLeadingAnd(_ name: String) -> String {
        if name == "and" { return "" }
        return name.hasPrefix("and ") ? String(name.dropFirst(4)) : name
    }

    /// `et al`, `et al.`, and the same written after the last name.
    private static func withoutEtAl(_ name: String) -> String {
        for marker in ["et al.", "et al", "et. al."] {
            if name.caseInsensitiveCompare(marker) == .orderedSame { return "" }
            if name.lowercased().hasSuffix(" " + marker) {
                return name.dropLast(marker.count).trimmingCharacters(in: .whitespaces)
            }
        }
        return name
    }

    private static let accents: [Character: Unicode.Scalar] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}",
        "c": "\u{327}", "v": "\u{30C}", "H": "\u{30B}", "u": "\u{306}", "=": "\u{304}", ".": "\u{307}", "k": "\u{328}",
    ]

    /// LaTeX commands that stand for a letter of their own: `{\o}`, `{\l}`, `{\ss}`, `{\i}` (dotless i).
    private static let letters: [String: String] = [
        "i": "ı", "j": "ȷ", "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß",
        "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    ]

    /// `Bal\'azs` → `Balázs`, `{\"o}` → `ö`, `\c{c}` → `ç`, `Mart\'{\i}nez` → `Martínez`,
    /// `Bj{\o}rnstad` → `Bjørnstad`, `He{\ss}` → `Heß`; other LaTeX is left as written.
    public static func decodeLaTeX(_ text: String) -> String {
        guard Text.contains(UInt8(ascii: "\\"), in: text) else { return text }
        var out = String()
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            if ch == "{" || ch == "}" { continue }
            guard ch == "\\", let command = chars.first else { out.append(ch); continue }
            if let mark = accents[command], let (base, rest) = accentBase(chars.dropFirst(), letterCommand: command.isLetter) {
                out.append(base)
                out.unicodeScalars.append(mark)
                chars = rest
                continue
            }
            // The whole command name, so that `\log` is not taken for `\l`.
            let name = chars.prefix { $0.isASCII && $0.isLetter }
            if let letter = letters[String(name)] {
                out.append(letter)
                chars = chars.dropFirst(name.count)
                if chars.first == " " { chars = chars.dropFirst() }   // the space that ends a command name
                continue
            }
            out.append(ch)
        }
        return out.precomposedStringWithCanonicalMapping
    }

    /// The letter an accent applies to, and what follows it: `a`, `{a}`, ` a`, `{\i}`, `\i`.
    private static func accentBase(_ text: ArraySlice<Character>, letterCommand: Bool) -> (Character, ArraySlice<Character>)? {
        // Letter commands (\c, \v, …) need a brace or space so that `\cdot` is not taken for `\c`.
        if letterCommand && text.first != "{" && text.first != " " { return nil }
        var rest = text
        while rest.first == "{" || rest.first == " " { rest = rest.dropFirst() }
        guard let base = rest.first else { return nil }
        if base.isLetter { return (base, rest.dropFirst()) }
        // An accented dotless i or j is written `\'{\i}` or `\'\i`: the accent goes on a plain i.
        if base == "\\", let letter = rest.dropFirst().first, letter == "i" || letter == "j" {
            var after = rest.dropFirst(2)
            guard after.first?.isLetter != true else { return nil }
            if after.first == " " { after = after.dropFirst() }
            return (letter, after)
        }
        return nil
    }
}
