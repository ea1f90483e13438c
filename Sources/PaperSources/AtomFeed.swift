import Foundation
import PaperModels

/// arXiv API responses (`export.arxiv.org/api/query`): Atom feeds, in the current format and the
/// pre-2025 one. An error feed (HTTP 400, e.g. "incorrect id format") is an error, not a paper.
public struct AtomFeedParser {
    public init() {}

    /// Reads one feed; returns its place in the whole result list.
    @discardableResult
    public func parse(_ reader: InputReader, sink: SourceSink) throws -> AtomPaging {
        let feed = try XMLTree.parse(try reader.readAll(), file: reader.name)
        guard feed.localName == "feed" else { throw SourceError(file: reader.name, reason: "not an Atom feed (root element <\(feed.name)>)") }
        let entries = feed.children("entry")
        if let error = entries.first(where: { $0.value("id")?.contains("/api/errors") == true }) {
            throw SourceError(file: reader.name, reason: "the arXiv API answered with an error: \(error.value("summary") ?? "no details")")
        }
        for (index, entry) in entries.enumerated() {
            let location = RecordLocation(file: reader.name, unit: .entry, number: index + 1)
            do { try sink(.paper(try Self.paper(from: entry), location)) } catch let error as RecordError {
                try sink(.skipped(SkippedRecord(location: location, reason: error.reason)))
            }
        }
        let paging = AtomPaging(startIndex: feed.value("startIndex").flatMap { Int($0) }, entries: entries.count,
                                totalResults: feed.value("totalResults").flatMap { Int($0) })
        if let total = paging.totalResults, let start = paging.startIndex, start + entries.count < total {
            try sink(.notice("\(reader.name): more results exist (\(start + entries.count) of \(total) read); fetch the next page with start=\(start + entries.count)"))
        }
        return paging
    }

    static func paper(from entry: XMLTree) throws -> Paper {
        guard let rawID = entry.value("id") else { throw RecordError(reason: "entry has no <id>") }
        guard let arxivID = ArxivID(rawID) else { throw RecordError(reason: "\"\(rawID.prefix(60))\" is not an arXiv id") }
        func text(_ raw: String) -> String { Text.normalized(Text.repairingMojibake(raw)) }
        let title = text(entry.value("title") ?? "")
        guard !title.isEmpty else { throw RecordError(reason: "paper \(arxivID) has no <title>") }
        let abstract = text(entry.value("summary") ?? "")
        let comments = entry.value("comment").map(text)
        let primary = entry.child("primary_category")?.attributes["term"]
        let others = entry.children("category").compactMap { $0.attributes["term"] }
        let categories = Paper.united(primary.map { [$0] } ?? [], others)
        let published = entry.value("published").flatMap(SourceDates.iso8601)
        let updated = entry.value("updated").flatMap(SourceDates.iso8601)
        var versions: [PaperVersion] = []
        if let version = arxivID.version {
            // The feed dates version 1 (published) and the version it returns (updated).
            versions = version == 1 ? [PaperVersion(number: 1, date: published)]
                : [PaperVersion(number: 1, date: published), PaperVersion(number: version, date: updated)]
        }
        let doi = entry.value("doi") ?? entry.children("link").first { $0.attributes["title"] == "doi" }?
            .attributes["href"].map { $0.replacingOccurrences(of: "http://dx.doi.org/", with: "").replacingOccurrences(of: "https://doi.org/", with: "") }
        return Paper(
            id: arxivID.bare,
            version: arxivID.version,
            title: title,
            abstract: abstract,
            authors: entry.children("author").compactMap { $0.value("name").map(text) },
            categories: categories,
            submitted: published,
            updated: updated,
            versions: versions,
            comments: comments,
            journalRef: entry.value("journal_ref").map(text),
            doi: doi,
            codeLinks: CodeLinks.extract(from: abstract, comments),
            sources: ["arxiv-api"]
        )
    }
}

/// A feed's place in the whole result list (OpenSearch elements).
public struct AtomPaging: Sendable, Equatable {
    public var startIndex: Int?
    public var entries: Int
    public var totalResults: Int?
}
