/// Makes a snippet: the stretch of a text with the most words that match a query, those words
/// wrapped in marks. A word matches when its index term is one of the query's terms, or when its
/// folded form starts with one of the query's prefixes; so "Networks" is marked for `network`.
public enum Highlighter {
    /// About `width` words around the densest matches, with `…` where the text was cut; nil
    /// when no word matches.
    public static func snippet(_ text: String, terms: Set<String>, prefixes: [String] = [], width: Int = 40,
                               markStart: String, markEnd: String) -> String? {
        let words = wordRanges(text)
        // A stem begins with its word's first two letters (Porter2's rare exceptions, "dying" →
        // "die", are only left unmarked), so only words sharing them with a term are stemmed.
        let heads = Set(terms.map { String($0.prefix(2)) })
        let asciiHeads = terms.compactMap { asciiHead($0[...]) }
        // Words repeat: each distinct spelling that needs analysing is analysed once.
        var cache: [Substring: Bool] = [:]
        let matched = words.map { range -> Bool in
            let word = text[range]
            // Most words of an abstract share no head with the query: an ASCII word is settled
            // by its first two letters, lowercased, before any hashing, folding or stemming.
            if prefixes.isEmpty, let head = asciiHead(word), !asciiHeads.contains(head) { return false }
            if let known = cache[word] { return known }
            let isMatch = matches(word, terms: terms, heads: heads, prefixes: prefixes)
            cache[word] = isMatch
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

    private static func matches(_ word: Substring, terms: Set<String>, heads: Set<String>, prefixes: [String]) -> Bool {
        let folded = Analyzer.words(String(word)).joined(separator: " ")
        return prefixes.contains { folded.hasPrefix($0) }
            || (heads.contains(String(folded.prefix(2))) && Analyzer.terms(folded).contains(where: terms.contains))
    }

    /// The first two bytes of a word lowercased, as one number, when its first three bytes are
    /// ASCII (nil otherwise: then a third byte could be an accent to fold).
    private static func asciiHead(_ word: Substring) -> UInt16? {
        var head: UInt16 = 0
        for (offset, byte) in word.utf8.prefix(3).enumerated() {
            guard byte < 0x80 else { return nil }
            if offset < 2 { head = head << 8 | UInt16(byte >= 65 && byte <= 90 ? byte | 0x20 : byte) }
        }
        return head
    }

    /// The ranges of the text's words as written (marks must surround the text as written): runs
    /// of letters and digits. Text that is all ASCII, as most abstracts are, is scanned by bytes.
    static func wordRanges(_ text: String) -> [Range<String.Index>] {
        var words: [Range<String.Index>] = []
        var start: String.Index?
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            let utf8 = text.utf8
            var index = utf8.startIndex
            while index < utf8.endIndex {
                let byte = utf8[index]
                let isWord = (byte >= 48 && byte <= 57) || ((byte | 0x20) >= 97 && (byte | 0x20) <= 122)
                if isWord, start == nil { start = index }
                if !isWord, let s = start { words.append(s..<index); start = nil }
                index = utf8.index(after: index)
            }
        } else {
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                let isWord = character.isLetter || character.isNumber
                if isWord, start == nil { start = index }
                if !isWord, let s = start { words.append(s..<index); start = nil }
                index = text.index(after: index)
            }
        }
        if let s = start { words.append(s..<text.endIndex) }
        return words
    }
}
