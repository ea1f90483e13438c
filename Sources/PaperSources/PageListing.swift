import Foundation
import PaperModels

/// A plain page listing of papers, as copied from a web page such as Hugging Face's daily papers:
/// a few header lines, then for each paper its title, a blank line, its abstract, a blank line.
/// Such listings carry no arXiv ids, so each paper is keyed by its title (see `Paper.localID`) and
/// joined to the arXiv record of the same title when one is stored.
public struct PageListingParser {
    /// A title is one line of at most this many characters; an abstract at least `minAbstract`.
    static let maxTitle = 300
    static let minAbstract = 200

    public init() {}

    public func parse(_ reader: InputReader, sink: SourceSink) throws {
        let text = decodeText(try reader.readAll())
        let blocks = Self.paragraphs(text)
        var index = 0
        var papers = 0
        while index < blocks.count {
            let block = blocks[index]
            let location = RecordLocation(file: reader.name, unit: .line, number: block.line)
            let isTitle = !block.text.contains("\n") && block.text.count <= Self.maxTitle
            if isTitle, index + 1 < blocks.count, blocks[index + 1].text.count >= Self.minAbstract {
                let title = Text.normalized(block.text)
                let abstract = Text.normalized(blocks[index + 1].text)
                let paper = Paper(id: Paper.localID(title: title), title: title, abstract: abstract,
                                  codeLinks: CodeLinks.extract(from: abstract), sources: ["listing"])
                try sink(.paper(paper, location))
                papers += 1
                index += 2
                continue
            }
            // Short lines before the first paper are the page's header; later ones are damage.
            if papers > 0 {
                let reason = isTitle ? "a title with no abstract after it" : "an abstract with no title before it"
                try sink(.skipped(SkippedRecord(location: location, reason: reason)))
            }
            index += 1
        }
        if papers == 0 { throw SourceError(file: reader.name, reason: "no title-and-abstract pair found in this listing") }
    }

    /// Blocks of text separated by blank lines, each with the line number it starts on.
    static func paragraphs(_ text: String) -> [(text: String, line: Int)] {
        var blocks: [(String, Int)] = []
        var current: [Substring] = []
        var start = 0
        for (number, line) in textLines(text).enumerated() {
            if line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                if !current.isEmpty { blocks.append((current.joined(separator: "\n"), start)) }
                current = []
            } else {
                if current.isEmpty { start = number + 1 }
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append((current.joined(separator: "\n"), start)) }
        return blocks
    }
}
