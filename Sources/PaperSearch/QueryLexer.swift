import Foundation

/// Splits typed text into query tokens: words, quoted phrases, `-` exclusions, `OR`, `field:` prefixes.
enum QueryLexer {
    struct Token: Equatable {
        var text: String
        var field: String?
        var isPhrase = false
        var isExcluded = false
        var isPrefix = false
        var isOr = false
    }

    static func tokens(_ input: String, notes: inout [String]) -> [Token] {
        var tokens: [Token] = []
        var chars = Array(input)[...]
        while true {
            while let c = chars.first, c.isWhitespace || c.unicodeScalars.first?.properties.generalCategory == .control { chars.removeFirst() }
            guard !chars.isEmpty else { break }
            var token = Token(text: "")
            if chars.first == "-", let next = chars.dropFirst().first, !next.isWhitespace {
                token.isExcluded = true
                chars.removeFirst()
            }
            // `field:` directly followed by a value or a quoted phrase.
            if let colon = chars.prefix(while: { !$0.isWhitespace && $0 != "\"" }).firstIndex(of: ":"),
               colon > chars.startIndex, chars[chars.startIndex..<colon].allSatisfy({ $0.isLetter }) {
                token.field = String(chars[chars.startIndex..<colon])
                chars = chars[chars.index(after: colon)...]
            }
            if chars.first == "\"" {
                chars.removeFirst()
                let phrase = chars.prefix { $0 != "\"" }
                token.text = String(phrase)
                token.isPhrase = true
                chars = chars.dropFirst(phrase.count)
                if chars.first == "\"" { chars.removeFirst() } else { notes.append("A quote was not closed; the phrase runs to the end of the query.") }
            } else {
                let word = chars.prefix { !$0.isWhitespace }
                token.text = String(word)
                chars = chars.dropFirst(word.count)
                if token.text == "OR" && token.field == nil && !token.isExcluded { token.isOr = true }
                if token.text.hasSuffix("*") { token.isPrefix = true }
            }
            tokens.append(token)
        }
        return tokens
    }

    /// The words FTS5's unicode61 tokenizer would see: runs of letters, digits and marks, lower-cased.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .decimalNumber {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current).lowercased())
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current).lowercased()) }
        return words
    }
}
