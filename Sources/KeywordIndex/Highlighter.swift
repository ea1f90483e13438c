/// Makes a snippet: the stretch of a text with the most words that match a query, those words
/// wrapped in marks. A word matches when its index term is one of the query's terms, or when its
/// folded form starts with one of the query's prefixes; so "Networks" is marked for `network`.
public enum Highlighter {
    /// About `width` words around the densest matches, with `…` where the text was cut; nil
    /// when no word matches.
    public static func snippet(_ text: String, terms: Set<String>, prefixes: [String] = [], width: Int = 40,
                               markStart: String, markEnd: String) -> String? {
        // Word ranges of the original text (marks must surround the text as written).
        var words: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let isWord = character.isLetter || character.isNumber
            if isWord, start == nil { start = index }
            if !isWord, let s = start { words.append(s..<index); start = nil }
            index = text.index(after: index)
        }
        if let s = start { words.append(s..<text.endIndex) }
        // A stem begins with its word's first two letters (Porter2's rare exceptions, "dying" →
        // "die", are only left unmarked), so only words sharing them with a term are stemmed.
        let heads = Set(terms.map { String($0.prefix(2)) })
        var cache: [String: Bool] = [:]
        let matched = words.map { range -> Bool in
            let folded = Analyzer.words(String(text[range])).joined(separator: " ")
            if let known = cache[folded] { return known }
            let isMatch = prefixes.contains { folded.hasPrefix($0) }
                || (heads.contains(String(folded.prefix(2))) && Analyzer.terms(folded).contains(where: terms.contains))
            cache[folded] = isMatch
            return isMatch
        }
        guard matched.contains(true) else { return nil }
        // The window of `width` words with the most matches (the earliest of equals).
        let span = min(width, words.count)
        var count = matched[0..<span].filter { $0 }.count
        var best = (first: 0, count: count)
        if span < words.count {
            for first in 1...(words.count - span) {
                count += (matched[first + span - 1] ? 1 : 0) - (matched[first - 1] ? 1 : 0)
                if count > best.count { best = (first, count) }
            }
        }
        let last = best.first + span - 1
        var out = best.first > 0 ? "…" : ""
        var cursor = words[best.first].lowerBound
        for i in best.first...last where matched[i] {
            out += text[cursor..<words[i].lowerBound] + markStart + text[words[i]] + markEnd
            cursor = words[i].upperBound
        }
        out += text[cursor..<words[last].upperBound]
        if last < words.count - 1 { out += "…" }
        return out
    }
}
