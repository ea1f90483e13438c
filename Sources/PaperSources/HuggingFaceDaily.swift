import Foundation
import PaperModels

/// Hugging Face `/api/daily_papers` responses: a JSON array of featured papers with upvotes,
/// GitHub repository and stars, AI keywords, the submitter and organisation, and two dates —
/// the paper's own (`paper.publishedAt`) and the day it was featured (`submittedOnDailyAt`).
public struct HuggingFaceDailyParser {
    public init() {}

    public func parse(_ reader: InputReader, sink: SourceSink) throws {
        let bytes = try reader.readAll()
        let entries: [Entry]
        do {
            entries = try JSONDecoder().decode([LenientEntry].self, from: Data(bytes)).map(\.entry)
        } catch {
            throw SourceError(file: reader.name, reason: "not a Hugging Face daily-papers JSON array (\(Self.describe(error)))")
        }
        for (index, entry) in entries.enumerated() {
            let location = RecordLocation(file: reader.name, unit: .record, number: index + 1)
            switch entry {
            case .valid(let item):
                do { try sink(.paper(try item.makePaper(), location)) } catch let error as RecordError {
                    try sink(.skipped(SkippedRecord(location: location, reason: error.reason)))
                }
            case .invalid(let reason):
                try sink(.skipped(SkippedRecord(location: location, reason: reason)))
            }
        }
    }

    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context): return context.debugDescription
        case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            // The path inside the entry: without the entry's own index in the array.
            let path = context.codingPath.drop { $0.intValue != nil }
            return "wrong type at \(path.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "\(error)"
        }
    }

    enum Entry {
        case valid(Item)
        case invalid(String)
    }

    /// Decodes one array element without failing the whole array when it is malformed.
    struct LenientEntry: Decodable {
        var entry: Entry
        init(from decoder: Decoder) throws {
            do { entry = .valid(try Item(from: decoder)) } catch { entry = .invalid(HuggingFaceDailyParser.describe(error)) }
        }
    }

    struct Item: Decodable {
        var paper: HFPaper
        var submittedBy: Person?
        var organization: Organization?
    }

    struct HFPaper: Decodable {
        var id: String
        var title: String?
        var summary: String?
        var authors: [HFAuthor]?
        var publishedAt: String?
        var submittedOnDailyAt: String?
        var upvotes: Int?
        var githubRepo: String?
        var githubStars: Int?
        var projectPage: String?
        var ai_keywords: [String]?
        var organization: Organization?
    }

    struct HFAuthor: Decodable { var name: String? }
    struct Person: Decodable { var fullname: String?; var name: String? }
    struct Organization: Decodable { var name: String?; var fullname: String? }
}

extension HuggingFaceDailyParser.Item {
    func makePaper() throws -> Paper {
        guard let arxivID = ArxivID(paper.id) else { throw RecordError(reason: "\"\(paper.id.prefix(40))\" is not an arXiv id") }
        let title = Text.normalized(paper.title ?? "")
        guard !title.isEmpty else { throw RecordError(reason: "paper \(arxivID) has no title") }
        let abstract = Text.normalized(paper.summary ?? "")
        let featured = paper.submittedOnDailyAt.flatMap(SourceDates.iso8601).map(Day.string)
        let org = paper.organization ?? organization
        return Paper(
            id: arxivID.bare,
            version: arxivID.version,
            title: title,
            abstract: abstract,
            authors: (paper.authors ?? []).compactMap { $0.name.map(Text.normalized) }.filter { !$0.isEmpty },
            submitted: paper.publishedAt.flatMap(SourceDates.iso8601),
            codeLinks: CodeLinks.extract(from: paper.githubRepo, paper.projectPage, abstract),
            community: Community(
                upvotes: paper.upvotes,
                githubRepo: paper.githubRepo.flatMap(nonEmpty),
                githubStars: paper.githubStars,
                submitter: submittedBy?.fullname ?? submittedBy?.name,
                organization: org?.fullname ?? org?.name,
                keywords: paper.ai_keywords ?? [],
                featuredOn: featured),
            sources: ["hf"]
        )
    }
}
