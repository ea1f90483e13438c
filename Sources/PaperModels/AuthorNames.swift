import Foundation

/// Author-name rules: splitting arXiv's author strings and turning LaTeX accents into letters.
public enum AuthorNames {
    /// Splits `A. One, B. Two and C. Three` (arXiv's style) into names, dropping affiliation
    /// markers in parentheses such as `(1)` or `((1) MIT, (2) CERN)`.
    public static func split(_ text: String) -> [String] {
        let plain = decodeLaTeX(removingParentheses(Text.normalized(text)))
        return plain
            .replacingOccurrences(of: ", and ", with: ",")
            .replacingOccurrences(of: " and ", with: ",")
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// `[last, first, suffix]` as in the Kaggle snapshot's `authors_parsed` → `first last suffix`.
    public static func fromParsed(_ parts: [String]) -> String {
        let last = parts.first ?? ""
        let first = parts.count > 1 ? parts[1] : ""
        let suffix = parts.count > 2 ? parts[2] : ""
        return decodeLaTeX([first, last, suffix].filter { !$0.isEmpty }.joined(separator: " "))
    }

    private static func removingParentheses(_ text: String) -> String {
        var depth = 0
        var out = String()
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(ch) }
        }
        return out
    }

    private static let accents: [Character: Unicode.Scalar] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}",
        "c": "\u{327}", "v": "\u{30C}", "H": "\u{30B}", "u": "\u{306}", "=": "\u{304}", ".": "\u{307}", "k": "\u{328}",
    ]

    /// `Bal\'azs` → `Balázs`, `{\"o}` → `ö`, `\c{c}` → `ç`; other LaTeX is left as written.
    public static func decodeLaTeX(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = String()
        var chars = Array(text)[...]
        while let ch = chars.popFirst() {
            guard ch == "\\", let command = chars.first, let mark = accents[command] else {
                if ch != "{" && ch != "}" { out.append(ch) }
                continue
            }
            let afterCommand = chars.dropFirst()
            // Letter commands (\c, \v, …) need a brace or space so that `\cdot` is not taken for `\c`.
            let rest = command.isLetter ? (afterCommand.first == "{" || afterCommand.first == " " ? afterCommand : nil) : afterCommand
            guard var rest else { out.append(ch); continue }
            while rest.first == "{" || rest.first == " " { rest = rest.dropFirst() }
            guard let base = rest.first, base.isLetter else { out.append(ch); continue }
            out.append(base)
            out.unicodeScalars.append(mark)
            chars = rest.dropFirst()
        }
        return out.precomposedStringWithCanonicalMapping
    }
}
