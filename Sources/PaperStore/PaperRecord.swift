import Foundation
import GRDB
import PaperModels

/// The `paper` table's row: a `Paper` flattened into columns, lists stored as JSON text.
struct PaperRecord: Codable, FetchableRecord, MutablePersistableRecord {
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

}
