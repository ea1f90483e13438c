import Foundation
import PaperModels

/// arXiv's own plain-text records: `.abs` files (one paper each, sometimes Latin-1) and the daily
/// listing e-mails (many papers, plus replacements without abstracts). Both use the same shape:
///
///     \\
///     arXiv:2303.08867
///     Date: Wed, 15 Mar 2023 18:34:08 GMT   (243kb,D)
///
///     Title: A Bayesian derivation ...
///     Authors: Louis Saddier and Matteo Marsili
///     Categories: q-fin.TR cond-mat.stat-mech
///     \\
///       abstract lines ...
///     \\ ( https://arxiv.org/abs/2303.08867 ,  243kb)
public struct AbsRecordParser {
    public init() {}

    public func parse(_ reader: InputReader, sink: SourceSink) throws {
        let text = decodeText(try reader.readAll())
        let lines = textLines(text)
        guard lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw SourceError(file: reader.name, reason: "the file is empty")
        }
        let source = text.contains("Subject:") ? "arxiv-listing" : "arxiv-abs"
        var index = 0
        var found = 0
        while index < lines.count {
            guard lines[index].hasPrefix("arXiv:") || lines[index].hasPrefix("Paper:") else { index += 1; continue }
            let start = index
            let record = Self.readRecord(lines, from: &index)
            let location = RecordLocation(file: reader.name, unit: .line, number: start + 1)
            found += 1
            do { try sink(.paper(try record.paper(source: source), location)) } catch let error as RecordError {
                try sink(.skipped(SkippedRecord(location: location, reason: error.reason)))
            }
        }
        if found == 0 { throw SourceError(file: reader.name, reason: "no arXiv record found (expected a line starting with \"arXiv:\")") }
    }

    struct Record {
        var idLine: String
        var fields: [(name: String, value: String)] = []
        var abstract: [Substring] = []
    }

    /// Reads header fields up to the `\\` line, then the abstract up to the next line starting `\\`.
    static func readRecord(_ lines: [Substring], from index: inout Int) -> Record {
        var record = Record(idLine: String(lines[index]))
        index += 1
        while index < lines.count, !lines[index].hasPrefix("\\\\") {
            let line = lines[index]
            if line.first == " " || line.first == "\t", !record.fields.isEmpty {
                record.fields[record.fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":"), !line.hasPrefix("replaced with") {
                record.fields.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            } else if line.hasPrefix("replaced with revised version") {
                record.fields.append(("Replaced", String(line.dropFirst("replaced with revised version".count))))
            }
            index += 1
        }
        guard index < lines.count else { return record }
        // A replacement carries no abstract: its header ends with `\\ ( https://… )`.
        guard lines[index] == "\\\\" else { index += 1; return record }
        index += 1
        while index < lines.count, !lines[index].hasPrefix("\\\\") {
            record.abstract.append(lines[index])
            index += 1
        }
        if index < lines.count { index += 1 }  // the closing `\\` or `\\ ( https://… )` line
        return record
    }
}

extension AbsRecordParser.Record {
    func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map { Text.normalized($0.value) }
    }

    func paper(source: String) throws -> Paper {
        let rawID = idLine.split(separator: ":", maxSplits: 1).last.map { $0.split(separator: " ").first.map(String.init) ?? "" } ?? ""
        guard let arxivID = ArxivID(rawID) else { throw RecordError(reason: "\"\(rawID.prefix(40))\" is not an arXiv id") }
        guard let title = value("Title"), !title.isEmpty else { throw RecordError(reason: "paper \(arxivID) has no Title field") }

        var versions: [PaperVersion] = []
        for field in fields {
            let date = SourceDates.rfc2822(field.value.components(separatedBy: "(").first ?? field.value)
            if field.name == "Date" {
                versions.append(PaperVersion(number: 1, date: date))
            } else if field.name.hasPrefix("Date (revised v"), let n = Int(field.name.dropFirst("Date (revised v".count).dropLast()) {
                versions.append(PaperVersion(number: n, date: date))
            }
        }
        let replacedOn = value("Replaced").flatMap { SourceDates.rfc2822($0.components(separatedBy: "(").first ?? $0) }
        let abstract = Text.normalized(abstract.joined(separator: "\n"))
        let comments = value("Comments")
        let submitter = value("From").map { $0.components(separatedBy: "<").first ?? $0 }.map(Text.normalized).flatMap(nonEmpty)
        return Paper(
            id: arxivID.bare,
            version: versions.map(\.number).max() ?? arxivID.version,
            title: title,
            abstract: abstract,
            authors: value("Authors").map(AuthorNames.split) ?? [],
            categories: value("Categories")?.split(separator: " ").map(String.init) ?? [],
            submitted: versions.first { $0.number == 1 }?.date,
            updated: versions.compactMap(\.date).max() ?? replacedOn,
            versions: versions,
            comments: comments,
            journalRef: value("Journal-ref"),
            doi: value("DOI"),
            license: value("License"),
            codeLinks: CodeLinks.extract(from: abstract, comments),
            community: Community(submitter: submitter),
            sources: [source]
        )
    }
}
