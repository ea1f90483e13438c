import Foundation
import PaperModels

/// arXiv OAI-PMH pages (`ListRecords` / `GetRecord`) in the three metadata formats arXiv serves:
/// `arXiv` (structured authors, created/updated dates), `arXivRaw` (every version with its date)
/// and `oai_dc` (Dublin Core). A resumption token means more pages exist; it is reported as a notice.
public struct OAIPMHParser {
    public init() {}

    /// Reads one page; returns where the list continues (nil on its last page).
    @discardableResult
    public func parse(_ reader: InputReader, sink: SourceSink) throws -> OAIResumption? {
        let root = try XMLTree.parse(try reader.readAll(), file: reader.name)
        guard root.localName == "OAI-PMH" else { throw SourceError(file: reader.name, reason: "not an OAI-PMH response (root element <\(root.name)>)") }
        if let error = root.child("error") {
            let code = error.attributes["code"] ?? "error"
            if code == "noRecordsMatch" { try sink(.notice("\(reader.name): no records match the request")); return nil }
            throw SourceError(file: reader.name, reason: "the OAI-PMH server answered \(code): \(Text.normalized(error.text))", code: code)
        }
        for (index, record) in root.descendants("record").enumerated() {
            let location = RecordLocation(file: reader.name, unit: .record, number: index + 1)
            // arXiv keeps deleted records (`deletedRecord: persistent`), so a daily harvest meets
            // them: news, not a malformed record. What is stored stays.
            if let header = record.child("header"), header.attributes["status"] == "deleted" {
                try sink(.notice("\(location): \(header.value("identifier") ?? "a record") was deleted at the source; nothing stored"))
                continue
            }
            do { try sink(.paper(try Self.paper(from: record), location)) } catch let error as RecordError {
                try sink(.skipped(SkippedRecord(location: location, reason: error.reason)))
            }
        }
        guard let token = root.descendants("resumptionToken").first, !Text.normalized(token.text).isEmpty else { return nil }
        let value = Text.normalized(token.text)
        let size = token.attributes["completeListSize"].map { " of \($0)" } ?? ""
        let cursor = token.attributes["cursor"].map { " from cursor \($0)" } ?? ""
        try sink(.notice("\(reader.name): resumption token \(value) (list continues\(cursor)\(size))"))
        return OAIResumption(token: value, cursor: token.attributes["cursor"].flatMap { Int($0) },
                             completeListSize: token.attributes["completeListSize"].flatMap { Int($0) })
    }

    static func paper(from record: XMLTree) throws -> Paper {
        let header = record.child("header")
        let identifier = header?.value("identifier") ?? "(no identifier)"
        guard let metadata = record.child("metadata")?.children.first else { throw RecordError(reason: "\(identifier) has no metadata") }
        switch metadata.localName {
        case "arXiv": return try arXivFormat(metadata)
        case "arXivRaw": return try arXivRawFormat(metadata)
        case "dc": return try dublinCore(metadata, identifier: identifier)
        default: throw RecordError(reason: "\(identifier): unsupported metadata format <\(metadata.name)>")
        }
    }

    private static func requireID(_ raw: String?) throws -> ArxivID {
        guard let raw else { throw RecordError(reason: "record has no arXiv id") }
        guard let id = ArxivID(raw) else { throw RecordError(reason: "\"\(raw.prefix(60))\" is not an arXiv id") }
        return id
    }

    private static func requireTitle(_ raw: String?, _ id: ArxivID) throws -> String {
        let title = Text.normalized(raw ?? "")
        guard !title.isEmpty else { throw RecordError(reason: "paper \(id) has no title") }
        return title
    }

    /// Fields that `arXiv` and `arXivRaw` share.
    private static func common(_ m: XMLTree, id: ArxivID, authors: [String], versions: [PaperVersion],
                               submitted: Date?, updated: Date?) throws -> Paper {
        let abstract = Text.normalized(m.value("abstract") ?? "")
        let comments = m.value("comments").map(Text.normalized)
        return Paper(
            id: id.bare, version: versions.map(\.number).max() ?? id.version,
            title: try requireTitle(m.value("title"), id), abstract: abstract, authors: authors,
            categories: (m.value("categories") ?? "").split(separator: " ").map(String.init),
            submitted: submitted, updated: updated, versions: versions, comments: comments,
            journalRef: m.value("journal-ref").map(Text.normalized), doi: m.value("doi"), license: m.value("license"),
            codeLinks: CodeLinks.extract(from: abstract, comments), sources: ["oai-pmh"])
    }

    private static func arXivFormat(_ m: XMLTree) throws -> Paper {
        let id = try requireID(m.value("id"))
        let authors = m.child("authors")?.children("author").map { author in
            [author.value("forenames"), author.value("keyname"), author.value("suffix")].compactMap { $0 }.joined(separator: " ")
        } ?? []
        let created = m.value("created").flatMap(SourceDates.iso8601)
        return try common(m, id: id, authors: authors.map(AuthorNames.decodeLaTeX), versions: [],
                          submitted: created, updated: m.value("updated").flatMap(SourceDates.iso8601) ?? created)
    }

    private static func arXivRawFormat(_ m: XMLTree) throws -> Paper {
        let id = try requireID(m.value("id"))
        let versions = m.children("version").enumerated().map { index, version in
            PaperVersion(number: version.attributes["version"].flatMap { Int($0.dropFirst()) } ?? index + 1,
                         date: version.value("date").flatMap(SourceDates.rfc2822))
        }
        var paper = try common(m, id: id, authors: AuthorNames.split(m.value("authors") ?? ""), versions: versions,
                               submitted: versions.first?.date, updated: versions.compactMap(\.date).max())
        paper.community.submitter = m.value("submitter")
        return paper
    }

    private static func dublinCore(_ m: XMLTree, identifier: String) throws -> Paper {
        let identifiers = m.children("identifier").map { Text.normalized($0.text) }
        let id = try requireID(identifiers.first { ArxivID($0) != nil } ?? identifier)
        let descriptions = m.children("description").map { Text.normalized($0.text) }
        let comments = descriptions.first { $0.hasPrefix("Comment:") }.map { Text.normalized(String($0.dropFirst("Comment:".count))) }
        let abstract = descriptions.first { !$0.hasPrefix("Comment:") } ?? ""
        let dates = m.children("date").compactMap { SourceDates.iso8601(Text.normalized($0.text)) }
        // Dublin Core writes authors "Last, First".
        let authors = m.children("creator").map { creator -> String in
            let parts = Text.normalized(creator.text).split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 ? "\(parts[1]) \(parts[0])" : parts.joined()
        }
        let doi = identifiers.first { $0.hasPrefix("doi:") }.map { String($0.dropFirst(4)) }
        return Paper(
            id: id.bare, version: id.version, title: try requireTitle(m.value("title"), id), abstract: abstract,
            authors: authors.map(AuthorNames.decodeLaTeX), submitted: dates.min(), updated: dates.max(), comments: comments,
            doi: doi, license: m.value("rights"), codeLinks: CodeLinks.extract(from: abstract, comments), sources: ["oai-pmh"])
    }
}

/// Where an OAI-PMH list continues: the token to ask for the next page with, and how far the list is read.
public struct OAIResumption: Sendable, Equatable {
    public var token: String
    /// Records listed before this page's end, as the server counts them.
    public var cursor: Int?
    public var completeListSize: Int?
}

