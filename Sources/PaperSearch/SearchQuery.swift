import Foundation
import PaperModels

/// A search as a person typed it, parsed into the query language Paperboy shares with the sites
/// people already know:
///
/// | typed | meaning |
/// |---|---|
/// | `sparse attention` | both words must match (title, abstract or authors) |
/// | `"state space model"` | the exact phrase |
/// | `-survey`, `-"large language"` | leave out papers that match |
/// | `diffusion OR flow` | either word |
/// | `author:hinton`, `title:"vision transformer"` | only in that field |
/// | `cat:cs.CL`, `cat:cs.` / `cat:cs` | category, or every category of an archive |
/// | `since:2024-01-01`, `until:2024-06` | first-submitted date bounds (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) |
/// | `has:code` | only papers with a code repository or project page |
/// | `transform*` | words starting with `transform` |
///
/// Parsing never fails: any string is read as well as it can be, and what could not be used is
/// explained in `notes` (an unbalanced quote, an unknown date, a query cut to its first terms).
public struct SearchQuery: Sendable, Equatable {
    public enum Field: String, Sendable { case title, authors }

    /// One searchable unit: a word or a phrase, optionally limited to a field, optionally a prefix.
    public struct Term: Sendable, Equatable {
        public var words: [String]
        public var field: Field?
        public var isPrefix: Bool
        /// Written in quotes: the words as written ("running"), not every form of them (runs, run).
        public var isQuoted = false
    }

    /// Every clause must match; a clause matches when any of its terms does (`a OR b`).
    public var clauses: [[Term]] = []
    /// Papers matching any of these are left out.
    public var excluded: [Term] = []
    public var categories: [String] = []
    public var since: String?
    public var until: String?
    public var hasCode = false
    /// The searched words as typed, without filters, exclusions and operators: what search by
    /// meaning encodes (the encoder reads case, punctuation and word order itself).
    public var meaningText = ""
    /// What the parser could not use as typed, in words a person understands.
    public var notes: [String] = []

    /// Whether anything constrains the search at all.
    public var isEmpty: Bool { clauses.isEmpty && excluded.isEmpty && categories.isEmpty && since == nil && until == nil && !hasCode }

    /// What to say when a query holds nothing to search for.
    public static let emptyNote = "Nothing to search for: type some words, a \"phrase\", or a filter such as cat:cs.CL."

    /// At most this many terms are used: beyond it a query is text pasted by mistake, not a search.
    public static let maxTerms = 32
    /// Input beyond this many characters is ignored.
    public static let maxLength = 1_000

    public init(_ text: String) {
        var input = text
        if input.count > Self.maxLength {
            input = String(input.prefix(Self.maxLength))
            notes.append("The query was cut to its first \(Self.maxLength) characters.")
        }
        var pendingOr = false
        var termCount = 0
        for token in QueryLexer.tokens(input, notes: &notes) {
            if token.isOr {
                pendingOr = !clauses.isEmpty
                continue
            }
            switch token.field?.lowercased() {
            case "cat", "category":
                let value = token.text.trimmingCharacters(in: .whitespaces)
                if value.isEmpty || !value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
                    notes.append("\"cat:\(value)\" is not a category; write it like cat:cs.CL or cat:cs.")
                } else {
                    categories.append(value)
                }
                continue
            case "since", "until":
                let isSince = token.field?.lowercased() == "since"
                if let day = Self.dayBound(token.text, atStart: isSince) {
                    if isSince { since = day } else { until = day }
                } else {
                    notes.append("\"\(token.field ?? ""):\(token.text)\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.")
                }
                continue
            case "has":
                if token.text.lowercased() == "code" { hasCode = true } else { notes.append("\"has:\(token.text)\" is unknown; has:code is the one there is.") }
                continue
            default: break
            }
            let field: Field? = switch token.field?.lowercased() {
            case "title", "ti": .title
            case "author", "authors", "au": .authors
            default: nil
            }
            // An unknown prefix such as `foo:bar` is searched as the words it contains.
            let text = field == nil ? [token.field, token.text].compactMap { $0 }.joined(separator: " ") : token.text
            let words = QueryLexer.words(text)
            guard !words.isEmpty else { continue }
            guard termCount < Self.maxTerms else {
                if !notes.contains(where: { $0.hasPrefix("Only the first") }) {
                    notes.append("Only the first \(Self.maxTerms) terms were used.")
                }
                continue
            }
            termCount += 1
            if !token.isExcluded { meaningText += (meaningText.isEmpty ? "" : " ") + token.text }
            let term = Term(words: words, field: field, isPrefix: token.isPrefix && !token.isPhrase && words.count == 1, isQuoted: token.isPhrase)
            if token.isExcluded {
                excluded.append(term)
            } else if pendingOr, !clauses.isEmpty {
                clauses[clauses.count - 1].append(term)
            } else {
                clauses.append([term])
            }
            pendingOr = false
        }
        if let since, let until, since > until {
            notes.append("since:\(since) is after until:\(until), so nothing can match.")
        }
    }

    /// `2024` → `2024-01-01` (or `2024-12-31` as an upper bound); `2024-02` → `2024-02-01` / `2024-02-29`.
    static func dayBound(_ text: String, atStart: Bool) -> String? {
        let parts = text.split(separator: "-").map(String.init)
        guard (1...3).contains(parts.count), parts[0].count == 4 else { return nil }
        switch parts.count {
        case 1: return Day.date("\(parts[0])-01-01") == nil ? nil : (atStart ? "\(parts[0])-01-01" : "\(parts[0])-12-31")
        case 2:
            guard parts[1].count == 2, Day.date("\(parts[0])-\(parts[1])-01") != nil else { return nil }
            if atStart { return "\(parts[0])-\(parts[1])-01" }
            return (28...31).reversed().map { "\(parts[0])-\(parts[1])-\($0)" }.first { Day.date($0) != nil }
        default:
            return Day.date(text) == nil ? nil : text
        }
    }
}
