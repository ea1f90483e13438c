extension ArxivJSONRecord {
    /// The record from a line `JSONLineScanner` reads, as `init(from:)` decodes it; nil where
    /// the decoder would have to say what is wrong (it then does).
    init?(scanned line: ArraySlice<UInt8>) {
        var fields = ScannedFields()
        let read = JSONLineScanner.read(line) { scanner -> Bool? in
            scanner.object(depth: 0) { scanner, key in fields.read(key, &scanner) } ? true : nil
        }
        guard read != nil,
              let abstract = fields.abstract.or(fields.summary),
              let comments = fields.comments.or(fields.comment),
              let journalRef = fields.journalRef.or(fields.journal_ref) else { return nil }
        id = fields.id
        title = fields.title
        self.abstract = abstract
        authors = fields.authors
        authorsParsed = fields.authorsParsed
        categories = fields.categories
        self.comments = comments
        self.journalRef = journalRef
        doi = fields.doi
        license = fields.license
        submitter = fields.submitter
        versions = fields.versions
        updateDate = fields.updateDate
        firstListed = fields.firstListed
    }
}

/// A text field that has a second spelling (`abstract` or `summary`). The decoder looks at the
/// second only when the first is missing or null, so a wrong type there refuses the line only then.
private enum SpelledField {
    case missing
    case text(String)
    case wrongType

    /// The text of the field, of `other` when this one is missing; nil (not a record) for a wrong type.
    func or(_ other: SpelledField) -> String?? {
        switch self {
        case .text(let text): return .some(text)
        case .wrongType: return nil
        case .missing:
            switch other {
            case .text(let text): return .some(text)
            case .wrongType: return nil
            case .missing: return .some(nil)
            }
        }
    }
}

/// The fields of a record as the scanner reads them, each from its key's value; every value of an
/// unexpected type refuses the line (the decoder then says which field is at fault).
private struct ScannedFields {
    var id, title, doi, license, submitter, updateDate, firstListed: String?
    var abstract = SpelledField.missing, summary = SpelledField.missing
    var comments = SpelledField.missing, comment = SpelledField.missing
    var journalRef = SpelledField.missing, journal_ref = SpelledField.missing
    var authors, categories: StringOrList?
    var authorsParsed: [[String]]?
    var versions: [ArxivJSONRecord.VersionEntry]?

    /// Reads the value of `key` (at nesting depth 1); false when the line is not a record as the scanner reads one.
    mutating func read(_ key: String, _ scanner: inout JSONLineScanner) -> Bool {
        switch key {
        case "id": return Self.text(&id, &scanner)
        case "title": return Self.text(&title, &scanner)
        case "abstract": return Self.spelled(&abstract, &scanner)
        case "summary": return Self.spelled(&summary, &scanner)
        case "authors": return Self.stringOrList(&authors, &scanner)
        case "categories": return Self.stringOrList(&categories, &scanner)
        case "comments": return Self.spelled(&comments, &scanner)
        case "comment": return Self.spelled(&comment, &scanner)
        case "journal-ref": return Self.spelled(&journalRef, &scanner)
        case "journal_ref": return Self.spelled(&journal_ref, &scanner)
        case "doi": return Self.text(&doi, &scanner)
        case "license": return Self.text(&license, &scanner)
        case "submitter": return Self.text(&submitter, &scanner)
        case "update_date": return Self.text(&updateDate, &scanner)
        case "first_listed": return Self.text(&firstListed, &scanner)
        case "authors_parsed":
            if scanner.peek() == .null { return scanner.null() }
            var names: [[String]] = []
            guard scanner.array(depth: 1, { scanner in
                guard let parts = Self.strings(&scanner, depth: 2) else { return false }
                names.append(parts)
                return true
            }) else { return false }
            authorsParsed = names
            return true
        case "versions":
            if scanner.peek() == .null { return scanner.null() }
            var entries: [ArxivJSONRecord.VersionEntry] = []
            guard scanner.array(depth: 1, { scanner in
                var entry = ArxivJSONRecord.VersionEntry()
                guard scanner.object(depth: 2, { scanner, key in
                    switch key {
                    case "version": return Self.text(&entry.version, &scanner, depth: 3)
                    case "created": return Self.text(&entry.created, &scanner, depth: 3)
                    default: return scanner.skip(depth: 3)
                    }
                }) else { return false }
                entries.append(entry)
                return true
            }) else { return false }
            versions = entries
            return true
        default:
            return scanner.skip(depth: 1)
        }
    }

    private static func text(_ field: inout String?, _ scanner: inout JSONLineScanner, depth: Int = 1) -> Bool {
        guard let value = scanner.stringOrNull(depth: depth) else { return false }
        field = value
        return true
    }

    private static func spelled(_ field: inout SpelledField, _ scanner: inout JSONLineScanner) -> Bool {
        switch scanner.peek() {
        case .string?, .null?:
            guard let value = scanner.stringOrNull(depth: 1) else { return false }
            field = value.map(SpelledField.text) ?? .missing
            return true
        default:
            field = .wrongType
            return scanner.skip(depth: 1)
        }
    }

    private static func stringOrList(_ field: inout StringOrList?, _ scanner: inout JSONLineScanner) -> Bool {
        switch scanner.peek() {
        case .array?:
            guard let list = strings(&scanner, depth: 1) else { return false }
            field = .list(list)
            return true
        default:
            guard let value = scanner.stringOrNull(depth: 1) else { return false }
            field = value.map(StringOrList.string)
            return true
        }
    }

    /// A list of strings (not nulls).
    private static func strings(_ scanner: inout JSONLineScanner, depth: Int) -> [String]? {
        var list: [String] = []
        let read = scanner.array(depth: depth) { scanner in
            guard depth + 1 < JSONLineScanner.maxDepth, scanner.peek() == .string, let text = scanner.string() else { return false }
            list.append(text)
            return true
        }
        return read ? list : nil
    }
}
