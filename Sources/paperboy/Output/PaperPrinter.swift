import Foundation
import PaperModels
import PaperSearch
import PaperStore

/// Plain-text renderings of papers and search hits for the terminal.
enum PaperPrinter {
    static func day(_ paper: Paper) -> String { paper.submitted.map(Day.string) ?? paper.community.featuredOn ?? "no date" }

    /// Matched terms shown in bold on a terminal, between `**` otherwise.
    static func snippet(_ text: String, terminal: Bool) -> String {
        let (open, close) = terminal ? ("\u{1B}[1m", "\u{1B}[0m") : ("**", "**")
        return Text.normalized(text.replacingOccurrences(of: KeywordHit.markStart, with: open).replacingOccurrences(of: KeywordHit.markEnd, with: close))
    }

    static func hit(_ hit: KeywordHit, rank: Int, terminal: Bool) -> String {
        let p = hit.paper
        var lines = ["\(rank). \(p.id)  \(p.title)"]
        lines.append("   " + [ReadableText.shortAuthors(p.authors), day(p), p.categories.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: " · "))
        if !hit.snippet.isEmpty { lines.append("   " + snippet(hit.snippet, terminal: terminal)) }
        return lines.joined(separator: "\n")
    }

    static func details(_ p: Paper) -> String {
        var lines = [p.title, ""]
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(label.padding(toLength: 12, withPad: " ", startingAt: 0))\(value)") }
        }
        add("id", p.id + (p.version.map { " (v\($0))" } ?? ""))
        add("authors", p.authors.joined(separator: ", "))
        add("categories", p.categories.joined(separator: " "))
        add("submitted", p.submitted.map(Day.string))
        add("updated", p.updated.map(Day.string))
        add("versions", p.versions.map { "v\($0.number) \($0.date.map(Day.string) ?? "?")" }.joined(separator: ", "))
        add("comments", p.comments)
        add("journal", p.journalRef)
        add("doi", p.doi)
        add("license", p.license)
        add("abstract", p.absURL)
        add("pdf", p.pdfURL)
        add("code", p.codeLinks.joined(separator: " "))
        add("upvotes", p.community.upvotes.map(String.init))
        add("github", p.community.githubRepo.map { repo in repo + (p.community.githubStars.map { " (\($0) stars)" } ?? "") })
        add("submitter", p.community.submitter)
        add("organization", p.community.organization)
        add("keywords", p.community.keywords.joined(separator: ", "))
        add("featured on", p.community.featuredOn)
        add("sources", p.sources.joined(separator: ", "))
        lines += ["", p.abstract]
        return lines.joined(separator: "\n")
    }
}

/// JSON for `--json` output: the paper as stored, plus its links.
struct PaperJSON: Encodable {
    var paper: Paper
    enum Keys: String, CodingKey { case absURL, pdfURL }
    func encode(to encoder: Encoder) throws {
        try paper.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(paper.absURL, forKey: .absURL)
        try container.encodeIfPresent(paper.pdfURL, forKey: .pdfURL)
    }
}

enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
