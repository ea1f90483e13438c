extension ArxivJSONRecord {
    /// The record from a line `JSONLineScanner` reads, as `init(from:)` decodes it; nil where
    /// the decoder would have to say what is wrong (it then does).
    init?(scanned line: ArraySlice<UInt8>) {
        guard let fields = JSONLineScanner.object(line) else { return nil }
        var ok = true
        func string(_ names: String...) -> String? {
            for name in names {
                switch fields[name] {
                case .string(let value)?: return value
                case nil, .null?: continue
                default: ok = false
                }
            }
            return nil
        }
        func strings(_ value: ScannedJSON?) -> [String]? {
            guard case .array(let items)? = value else { return nil }
            let texts = items.compactMap { item -> String? in if case .string(let text) = item { text } else { nil } }
            return texts.count == items.count ? texts : nil
        }
        func stringOrList(_ name: String) -> StringOrList? {
            switch fields[name] {
            case nil, .null?: return nil
            case .string(let text)?: return .string(text)
            case let value?:
                if let list = strings(value) { return .list(list) }
                ok = false
                return nil
            }
        }
        id = string("id")
        title = string("title")
        abstract = string("abstract", "summary")
        authors = stringOrList("authors")
        categories = stringOrList("categories")
        comments = string("comments", "comment")
        journalRef = string("journal-ref", "journal_ref")
        doi = string("doi")
        license = string("license")
        submitter = string("submitter")
        updateDate = string("update_date")
        firstListed = string("first_listed")
        switch fields["authors_parsed"] {
        case nil, .null?: authorsParsed = nil
        case .array(let names)?:
            authorsParsed = names.compactMap(strings)
            if authorsParsed?.count != names.count { ok = false }
        default: ok = false
        }
        switch fields["versions"] {
        case nil, .null?: versions = nil
        case .array(let entries)?:
            versions = entries.compactMap { entry -> VersionEntry? in
                guard case .object(let entryFields) = entry else { return nil }
                func text(_ name: String) -> String? {
                    switch entryFields[name] {
                    case .string(let value)?: return value
                    case nil, .null?: return nil
                    default: ok = false; return nil
                    }
                }
                return VersionEntry(version: text("version"), created: text("created"))
            }
            if versions?.count != entries.count { ok = false }
        default: ok = false
        }
        if !ok { return nil }
    }
}
