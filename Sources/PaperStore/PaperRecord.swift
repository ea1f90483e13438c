import Foundation
import GRDB
import PaperModels

/// The `paper` table's row: a `Paper` flattened into columns, lists stored as JSON text.
struct PaperRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "paper"

    var pk: Int64?
    var id: String
    var version: Int?
    var title: String
    var abstract: String
    var authors: [String]
    var categories: [String]
    var submitted: Date?
    var submittedDay: String?
    var updated: Date?
    var versions: [PaperVersion]
    var comments: String?
    var journalRef: String?
    var doi: String?
    var license: String?
    var codeLinks: [String]
    var hasCode: Bool
    var upvotes: Int?
    var githubRepo: String?
    var githubStars: Int?
    var submitter: String?
    var organization: String?
    var keywords: [String]
    var featuredOn: String?
    var sources: [String]
    var titleKey: String
    var changedAt: Date
    /// Upvotes cast on this Paperboy (v3-accounts): read here, written only by `setUpvote`, so an
    /// ingest never resets them (the column is not among `columnNames`).
    var localUpvotes: Int?

    init(_ paper: Paper, pk: Int64?, changedAt: Date) {
        self.pk = pk
        id = paper.id
        version = paper.version
        title = paper.title
        abstract = paper.abstract
        authors = paper.authors
        categories = paper.categories
        submitted = paper.submitted
        submittedDay = paper.submitted.map(Day.string)
        updated = paper.updated
        versions = paper.versions
        comments = paper.comments
        journalRef = paper.journalRef
        doi = paper.doi
        license = paper.license
        codeLinks = paper.codeLinks
        hasCode = !paper.codeLinks.isEmpty || paper.community.githubRepo != nil
        upvotes = paper.community.upvotes
        githubRepo = paper.community.githubRepo
        githubStars = paper.community.githubStars
        submitter = paper.community.submitter
        organization = paper.community.organization
        keywords = paper.community.keywords
        featuredOn = paper.community.featuredOn
        sources = paper.sources
        titleKey = Text.titleKey(paper.title)
        self.changedAt = changedAt
    }

    /// Read by hand rather than through Decodable: GRDB's Codable row decoder showed as an eighth
    /// of the CPU time of an uncached feed page. List columns are JSON text (see `databaseValues`).
    init(row: Row) throws {
        pk = try row.decode(forColumn: "pk")
        id = try row.decode(forColumn: "id")
        version = try row.decode(forColumn: "version")
        title = try row.decode(forColumn: "title")
        abstract = try row.decode(forColumn: "abstract")
        authors = try JSONColumn.decode(row, "authors")
        categories = try JSONColumn.decode(row, "categories")
        submitted = try row.decode(forColumn: "submitted")
        submittedDay = try row.decode(forColumn: "submittedDay")
        updated = try row.decode(forColumn: "updated")
        versions = try JSONColumn.decode(row, "versions")
        comments = try row.decode(forColumn: "comments")
        journalRef = try row.decode(forColumn: "journalRef")
        doi = try row.decode(forColumn: "doi")
        license = try row.decode(forColumn: "license")
        codeLinks = try JSONColumn.decode(row, "codeLinks")
        hasCode = try row.decode(forColumn: "hasCode")
        upvotes = try row.decode(forColumn: "upvotes")
        githubRepo = try row.decode(forColumn: "githubRepo")
        githubStars = try row.decode(forColumn: "githubStars")
        submitter = try row.decode(forColumn: "submitter")
        organization = try row.decode(forColumn: "organization")
        keywords = try JSONColumn.decode(row, "keywords")
        featuredOn = try row.decode(forColumn: "featuredOn")
        sources = try JSONColumn.decode(row, "sources")
        titleKey = try row.decode(forColumn: "titleKey")
        changedAt = try row.decode(forColumn: "changedAt")
        localUpvotes = try row.decode(forColumn: "localUpvotes")
    }

    var paper: Paper {
        Paper(id: id, version: version, title: title, abstract: abstract, authors: authors, categories: categories,
              submitted: submitted, updated: updated, versions: versions, comments: comments, journalRef: journalRef,
              doi: doi, license: license, codeLinks: codeLinks,
              community: Community(upvotes: upvotes, githubRepo: githubRepo, githubStars: githubStars, submitter: submitter,
                                   organization: organization, keywords: keywords, featuredOn: featuredOn,
                                   localUpvotes: localUpvotes == 0 ? nil : localUpvotes),
              sources: sources)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { pk = inserted.rowID }

    /// The table's columns, in the order of `databaseValues`.
    static let columnNames = [
        "pk", "id", "version", "title", "abstract", "authors", "categories", "submitted", "submittedDay", "updated",
        "versions", "comments", "journalRef", "doi", "license", "codeLinks", "hasCode", "upvotes", "githubRepo",
        "githubStars", "submitter", "organization", "keywords", "featuredOn", "sources", "titleKey", "changedAt",
    ]

    /// The row's values, written by hand rather than through Codable: encoding dominated the cost
    /// of bulk ingest. Each is made from its concrete type (`value`), not through an array of
    /// existentials, which showed as a twentieth of a million-paper ingest's CPU time.
    /// JSON columns are read back by GRDB's JSON decoding (dates as milliseconds).
    var databaseValues: [DatabaseValue] {
        let versionsJSON: String = "[" + versions.map { version in
            let date = version.date.map { ",\"date\":\(Int64(($0.timeIntervalSince1970 * 1000).rounded()))" } ?? ""
            return "{\"number\":\(version.number)\(date)}"
        }.joined(separator: ",") + "]"
        func value<T: DatabaseValueConvertible>(_ value: T?) -> DatabaseValue { value?.databaseValue ?? .null }
        return [
            value(pk), value(id), value(version), value(title), value(abstract), value(JSONText.array(authors)), value(JSONText.array(categories)),
            value(submitted.map(DatabaseDate.text)), value(submittedDay), value(updated.map(DatabaseDate.text)),
            value(versionsJSON), value(comments), value(journalRef), value(doi), value(license), value(JSONText.array(codeLinks)), value(hasCode),
            value(upvotes), value(githubRepo), value(githubStars), value(submitter), value(organization), value(JSONText.array(keywords)),
            value(featuredOn), value(JSONText.array(sources)), value(titleKey), value(DatabaseDate.text(changedAt)),
        ]
    }

    func encode(to container: inout PersistenceContainer) throws {
        for (name, value) in zip(Self.columnNames, databaseValues) { container[name] = value }
    }

}

/// JSON text for string arrays, written directly.
enum JSONText {
    /// A JSON array of strings. Most strings need no escape and are copied whole: building the
    /// text byte by byte was a seventieth of a million-paper ingest's CPU time.
    static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            out += index > 0 ? ",\"" : "\""
            if string.utf8.contains(where: needsEscape) {
                appendEscaped(string, to: &out)
            } else {
                out += string
            }
            out += "\""
        }
        return out + "]"
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ string: String, to out: inout String) {
        var bytes: [UInt8] = []
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0..<0x20: bytes += Array(String(format: "\\u%04x", byte).utf8)
            default: bytes.append(byte)
            }
        }
        out += String(decoding: bytes, as: UTF8.self)
    }
}

/// The list columns read back: JSON text as `databaseValues` writes it (dates as milliseconds).
enum JSONColumn {
    static func decode<Value: Decodable>(_ row: Row, _ column: String) throws -> Value {
        let text: String = try row.decode(forColumn: column)
        return try decoder.decode(Value.self, from: Data(text.utf8))
    }

    /// One decoder for every row: its options are set here once and never changed, so readers on
    /// several threads can share it (a new one per column showed in the feed page's profile).
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}

/// Dates as GRDB stores them (`yyyy-MM-dd HH:mm:ss.SSS`, UTC), formatted without DateFormatter,
/// whose ICU formatting showed in the profile of a bulk ingest. GRDB reads them back as `Date`.
enum DatabaseDate {
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if millis < 0 { (seconds, millis) = (seconds - 1, millis + 1000) }  // floor, for dates before 1970
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        var day = Day.string(Date(timeIntervalSince1970: TimeInterval(seconds - Int64(secondOfDay))))
        return day.withUTF8 { day in
            String(unsafeUninitializedCapacity: day.count + 13) { out in
                _ = out.initialize(fromContentsOf: day)
                let at = day.count  // then " HH:mm:ss.SSS"
                (out[at], out[at + 3], out[at + 6], out[at + 9]) = (UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "."))
                ASCIIDigits.write(secondOfDay / 3600, width: 2, into: out, at: at + 1)
                ASCIIDigits.write(secondOfDay / 60 % 60, width: 2, into: out, at: at + 4)
                ASCIIDigits.write(secondOfDay % 60, width: 2, into: out, at: at + 7)
                ASCIIDigits.write(Int(millis), width: 3, into: out, at: at + 10)
                return at + 13
            }
        }
    }
}
