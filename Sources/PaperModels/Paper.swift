import Foundation

/// One research paper as Paperboy stores it: the union of what every source said about it.
public struct Paper: Sendable, Equatable, Codable {
    /// The storage key: the bare arXiv id (`2503.11677`, `astro-ph/9204001`), or for a paper that a
    /// source lists without any id (a plain page listing) `local:` followed by a hash of its title.
    public var id: String
    /// The latest version a source has reported.
    public var version: Int?
    public var title: String
    public var abstract: String
    /// Author names in the order the paper gives them.
    public var authors: [String]
    /// arXiv categories, primary first.
    public var categories: [String]
    /// First submitted (version 1) or, failing that, first announced.
    public var submitted: Date?
    /// Last updated (the latest version's date).
    public var updated: Date?
    /// Each version with its date, where the source lists them.
    public var versions: [PaperVersion]
    public var comments: String?
    public var journalRef: String?
    public var doi: String?
    public var license: String?
    /// Repository and project-page URLs found in the abstract or comments.
    public var codeLinks: [String]
    public var community: Community
    /// Which sources contributed to this record (`arxiv-api`, `oai-pmh`, `kaggle`, `hf`, …).
    public var sources: [String]

    public init(id: String, version: Int? = nil, title: String, abstract: String, authors: [String] = [],
                categories: [String] = [], submitted: Date? = nil, updated: Date? = nil,
                versions: [PaperVersion] = [], comments: String? = nil, journalRef: String? = nil,
                doi: String? = nil, license: String? = nil, codeLinks: [String] = [],
                community: Community = Community(), sources: [String] = []) {
        self.id = id
        self.version = version
        self.title = title
        self.abstract = abstract
        self.authors = authors
        self.categories = categories
        self.submitted = submitted
        self.updated = updated
        self.versions = versions
        self.comments = comments
        self.journalRef = journalRef
        self.doi = doi
        self.license = license
        self.codeLinks = codeLinks
        self.community = community
        self.sources = sources
    }

    /// The arXiv identifier, unless this paper is known only from a listing without ids.
    public var arxivID: ArxivID? { ArxivID(id) }
    public var absURL: String? { arxivID?.absURL }
    public var pdfURL: String? { arxivID?.pdfURL }
    public var primaryCategory: String? { categories.first }

    /// The day the paper belongs to in a daily feed: the day it was featured, else its first date.
    public var feedDay: String? {
        community.featuredOn ?? submitted.map(Day.string)
    }

    /// The key for a paper that has no arXiv id: derived from its title, so the same listing
    /// ingested twice lands on the same record.
    public static func localID(title: String) -> String {
        "local:" + Text.stableHash(Text.titleKey(title))
    }
}

/// One arXiv version of a paper.
public struct PaperVersion: Sendable, Equatable, Codable {
    public var number: Int
    public var date: Date?
    public init(number: Int, date: Date?) {
        self.number = number
        self.date = date
    }
}

/// What a community site (Hugging Face daily papers) says about a paper.
public struct Community: Sendable, Equatable, Codable {
    public var upvotes: Int?
    public var githubRepo: String?
    public var githubStars: Int?
    public var submitter: String?
    public var organization: String?
    public var keywords: [String]
    /// The day (`YYYY-MM-DD`) the paper was featured on a daily list.
    public var featuredOn: String?
    /// Upvotes cast by this Paperboy's own users (the store keeps them apart from the source's).
    public var localUpvotes: Int?

    /// Every upvote: the community site's and this Paperboy's.
    public var totalUpvotes: Int { (upvotes ?? 0) + (localUpvotes ?? 0) }

    public init(upvotes: Int? = nil, githubRepo: String? = nil, githubStars: Int? = nil, submitter: String? = nil,
                organization: String? = nil, keywords: [String] = [], featuredOn: String? = nil, localUpvotes: Int? = nil) {
        self.upvotes = upvotes
        self.githubRepo = githubRepo
        self.githubStars = githubStars
        self.submitter = submitter
        self.organization = organization
        self.keywords = keywords
        self.featuredOn = featuredOn
        self.localUpvotes = localUpvotes
    }
}
