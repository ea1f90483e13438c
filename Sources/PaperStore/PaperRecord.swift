import Foundation
import GRDB
import PaperModels

/// The `paper` table's row: a `Paper` flattened into columns, lists stored as JSON text.
struct PaperRecord: Decodable, FetchableRecord, MutablePersistableRecord {
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

    var paper: Paper {
        Paper(id: id, version: version, title: title, abstract: abstract, authors: authors, categories: categories,
              submitted: submitted, updated: updated, versions: versions, comments: comments, journalRef: journalRef,
              doi: doi, license: license, codeLinks: codeLinks,
              community: Community(upvotes: upvotes, githubRepo: githubRepo, githubStars: githubStars, submitter: submitter,
                                   organization: organization, keywords: keywords, featuredOn: featuredOn),
              sources: sources)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { pk = inserted.rowID }

    /// Written by hand rather than through Codable: encoding dominated the cost of bulk ingest.
    /// The JSON columns are read back by GRDB's JSON decoding (dates as milliseconds since 1970).
    func encode(to container: inout PersistenceContainer) throws {
        container["pk"] = pk
        container["id"] = id
        container["version"] = version
        container["title"] = title
        container["abstract"] = abstract
        container["authors"] = JSONText.array(authors)
        container["categories"] = JSONText.array(categories)
        container["submitted"] = submitted
        container["submittedDay"] = submittedDay
        container["updated"] = updated
        container["versions"] = "[" + versions.map { version in
            let date = version.date.map { ",\"date\":\(Int64(($0.timeIntervalSince1970 * 1000).rounded()))" } ?? ""
            return "{\"number\":\(version.number)\(date)}"
        }.joined(separator: ",") + "]"
        container["comments"] = comments
        container["journalRef"] = journalRef
        container["doi"] = doi
        container["license"] = license
        container["codeLinks"] = JSONText.array(codeLinks)
        container["hasCode"] = hasCode
        container["upvotes"] = upvotes
        container["githubRepo"] = githubRepo
        container["githubStars"] = githubStars
        container["submitter"] = submitter
        container["organization"] = organization
        container["keywords"] = JSONText.array(keywords)
        container["featuredOn"] = featuredOn
        container["sources"] = JSONText.array(sources)
        container["titleKey"] = titleKey
        container["changedAt"] = changedAt
    }

}

/// JSON text for string arrays, written directly.
enum JSONText {
    static func array(_ strings: [String]) -> String {
        var out = [UInt8](repeating: UInt8(ascii: "["), count: 1)
        for (index, string) in strings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }
}
