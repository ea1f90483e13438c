import Dispatch
import Foundation
import PaperModels

/// JSON Lines of arXiv metadata, one paper per line, in the shapes real dumps use:
/// - the Kaggle arXiv snapshot (14 fields: `authors` as a string plus `authors_parsed`,
///   space-separated `categories`, `versions` with dates, `journal-ref`, `update_date`, …);
/// - the daily-arXiv corpus (`authors` and `categories` as arrays, `comment`, `first_listed`);
/// - records converted from `.abs` files and monthly listings (`journal_ref`, `listing_month`).
/// Lines are decoded a few hundred at a time, so a 4 GB snapshot streams in constant memory.
public struct ArxivJSONLinesParser: Sendable {
    public var sourceName: String
    public init(sourceName: String = "arxiv-jsonl") { self.sourceName = sourceName }

    public func parse(_ reader: InputReader, sink: SourceSink) throws {
        // Rounds of lines are decoded on worker threads while this thread reads on (`OrderedWork`).
        let rounds = OrderedWork<[SourceItem]>(inFlight: 8 * ProcessInfo.processInfo.activeProcessorCount)
        let file = reader.name
        var pending: [(line: ArraySlice<UInt8>, number: Int)] = []
        func deliver(_ items: [SourceItem]) throws { for item in items { try sink(item) } }
        func send() throws {
            guard !pending.isEmpty else { return }
            let lines = pending
            pending = []
            try rounds.submit({ self.items(of: lines, file: file) }, deliver: deliver)
        }
        do {
            var inputFailure: SourceError?
            do {
                try reader.forEachLine { line, number in
                    guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }  // blank lines are not records
                    pending.append((line, number))
                    if pending.count >= Self.linesPerRound { try send() }
                }
            } catch let error as SourceError {
                inputFailure = error  // the lines read before the input failed (a truncated file) are good records
            }
            try send()
            try rounds.finish(deliver: deliver)
            if let inputFailure { throw inputFailure }
        } catch {
            rounds.cancel()
            throw error
        }
    }

    /// Lines decoded together, as one piece of work: decoding and cleaning a record costs more
    /// than storing it, so the rounds run on every core while the reading thread goes on.
    static let linesPerRound = 256

    /// The items of `lines`, in their order.
    private func items(of lines: [(line: ArraySlice<UInt8>, number: Int)], file: String) -> [SourceItem] {
        let decoder = JSONDecoder()
        return lines.map { item($0.line, location: RecordLocation(file: file, unit: .line, number: $0.number), decoder: decoder) }
    }

    private func item(_ line: ArraySlice<UInt8>, location: RecordLocation, decoder: JSONDecoder) -> SourceItem {
        do {
            let record = try ArxivJSONRecord(scanned: line) ?? decoder.decode(ArxivJSONRecord.self, from: Data(line))
            return .paper(try record.paper(source: sourceName), location)
        } catch let error as RecordError {
            return .skipped(SkippedRecord(location: location, reason: error.reason))
        } catch let error as DecodingError {
            return .skipped(SkippedRecord(location: location, reason: Self.describe(error, line: line)))
        } catch {
            return .skipped(SkippedRecord(location: location, reason: "\(error)"))
        }
    }

    /// Why a line could not be decoded: not JSON at all, JSON of another shape, or the field at fault.
    static func describe(_ error: DecodingError, line: ArraySlice<UInt8>) -> String {
        if (try? JSONSerialization.jsonObject(with: Data(line), options: .fragmentsAllowed)) == nil { return "not valid JSON" }
        let path: [CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        guard let field = path.first, field.intValue == nil else { return "JSON is not an arXiv metadata object" }
        let expected: String
        switch field.stringValue {
        case "authors", "categories": expected = "a string or a list of strings"
        case "authors_parsed": expected = "a list of name lists"
        case "versions": expected = "a list of versions"
        default: expected = "a string"
        }
        return "field \"\(field.stringValue)\" has the wrong type (expected \(expected))"
    }
}

/// A record-level problem with a human-readable reason.
struct RecordError: Error {
    var reason: String
}

/// Either a JSON string or an array of strings (sources disagree on `authors` and `categories`).
enum StringOrList: Decodable {
    case string(String)
    case list([String])
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) { self = .string(text) } else { self = .list(try container.decode([String].self)) }
    }
}

struct ArxivJSONRecord: Decodable {
    var id: String?
    var title: String?
    var abstract: String?
    var authors: StringOrList?
    var authorsParsed: [[String]]?
    var categories: StringOrList?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var license: String?
    var submitter: String?
    var versions: [VersionEntry]?
    var updateDate: String?
    var firstListed: String?

    struct VersionEntry: Decodable {
        var version: String?
        var created: String?
    }

    private struct Key: CodingKey {
        var stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        func string(_ names: String...) throws -> String? {
            for name in names { if let value = try c.decodeIfPresent(String.self, forKey: Key(name)) { return value } }
            return nil
        }
        id = try string("id")
        title = try string("title")
        abstract = try string("abstract", "summary")
        authors = try c.decodeIfPresent(StringOrList.self, forKey: Key("authors"))
        authorsParsed = try c.decodeIfPresent([[String]].self, forKey: Key("authors_parsed"))
        categories = try c.decodeIfPresent(StringOrList.self, forKey: Key("categories"))
        comments = try string("comments", "comment")
        journalRef = try string("journal-ref", "journal_ref")
        doi = try string("doi")
        license = try string("license")
        submitter = try string("submitter")
        versions = try c.decodeIfPresent([VersionEntry].self, forKey: Key("versions"))
        updateDate = try string("update_date")
        firstListed = try string("first_listed")
    }

    func paper(source: String) throws -> Paper {
        guard let rawID = id else { throw RecordError(reason: "no \"id\" field") }
        guard let arxivID = ArxivID(rawID) else { throw RecordError(reason: "\"\(rawID.prefix(40))\" is not an arXiv id") }
        let title = Text.normalized(title ?? "")
        guard !title.isEmpty else { throw RecordError(reason: "paper \(arxivID) has no title") }
        let abstract = Text.normalized(abstract ?? "")

        let versionList: [PaperVersion] = (versions ?? []).enumerated().map { index, entry in
            let number = entry.version.flatMap { Int($0.drop(while: { $0 == "v" })) } ?? index + 1
            return PaperVersion(number: number, date: entry.created.flatMap(SourceDates.rfc2822))
        }
        let firstListedDate = firstListed.flatMap(SourceDates.iso8601)
        let versionDates = versionList.compactMap(\.date)
        return Paper(
            id: arxivID.bare,
            version: versionList.map(\.number).max() ?? arxivID.version,
            title: title,
            abstract: abstract,
            authors: authorNames(),
            categories: categoryList(),
            submitted: versionList.first(where: { $0.number == 1 })?.date ?? versionDates.min() ?? firstListedDate,
            updated: versionDates.max() ?? updateDate.flatMap(SourceDates.iso8601),
            versions: versionList,
            comments: comments.map(Text.normalized).flatMap(nonEmpty),
            journalRef: journalRef.map(Text.normalized).flatMap(nonEmpty),
            doi: doi.map(Text.normalized).flatMap(nonEmpty),
            license: license.flatMap(nonEmpty),
            codeLinks: CodeLinks.extract(from: abstract, comments),
            community: Community(submitter: submitter.flatMap(nonEmpty)),
            sources: [source]
        )
    }

    private func authorNames() -> [String] {
        if let parsed = authorsParsed, !parsed.isEmpty { return parsed.map(AuthorNames.fromParsed).filter { !$0.isEmpty } }
        switch authors {
        case .string(let text): return AuthorNames.split(text)
        case .list(let names): return names.map { AuthorNames.decodeLaTeX(Text.normalized($0)) }.filter { !$0.isEmpty }
        case nil: return []
        }
    }

    /// arXiv categories only: the daily-arXiv corpus lists MSC (`94A29, 94A08`) and ACM (`I.4.2; E.4`)
    /// classes among them.
    private func categoryList() -> [String] {
        let list: [String]
        switch categories {
        case .string(let text): list = text.split(separator: " ").map(String.init)
        case .list(let names): list = names.map(trimmingSpaces)
        case nil: list = []
        }
        return list.filter(isArxivCategory)
    }
}

func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

/// `text` without spaces at its ends (`.whitespaces`); text that starts and ends with ASCII other
/// than a space or tab (a category as it is listed) has none, and skips Foundation's trimming.
private func trimmingSpaces(_ text: String) -> String {
    func plain(_ byte: UInt8?) -> Bool { byte.map { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 } ?? false }
    if plain(text.utf8.first) && plain(text.utf8.last) { return text }
    return text.trimmingCharacters(in: .whitespaces)
}

/// `cs.LG`, `hep-th`, `cond-mat.stat-mech`, `q-fin.TR`, `math-ph`: a lower-case archive, optionally a
/// dot and a subject class of letters and hyphens. All ASCII, so it is checked on bytes.
func isArxivCategory(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
        func isLower(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
        guard let first = bytes.first, isLower(first) else { return false }
        let dot = bytes.firstIndex(of: UInt8(ascii: "."))
        let archive = bytes[..<(dot ?? bytes.count)]
        guard archive.allSatisfy({ isLower($0) || $0 == UInt8(ascii: "-") }) else { return false }
        guard let dot else { return true }
        let subject = bytes[(dot + 1)...]
        return !subject.isEmpty && subject.allSatisfy { isLower($0 | 0x20) || $0 == UInt8(ascii: "-") }
    }
}
