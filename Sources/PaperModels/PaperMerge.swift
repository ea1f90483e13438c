import Foundation

extension Paper {
    /// The record that results from learning `incoming` about a paper already stored as `self`.
    ///
    /// The rules make ingestion idempotent (merging a record with itself changes nothing) and let
    /// sources complement each other (Hugging Face upvotes plus arXiv dates and versions):
    /// - a strictly newer version replaces the descriptive fields (title, abstract, authors, …);
    ///   otherwise the incoming record only fills fields that are still empty;
    /// - versions are united; the first date is the earliest known, the update the latest;
    /// - community figures (upvotes, stars) are observations: the latest non-empty one wins;
    /// - lists of links, keywords and sources are united in order.
    public func merged(with incoming: Paper) -> Paper {
        var result = self
        let incomingIsNewer = (incoming.version ?? 0) > (version ?? 0)
        func pick<T>(_ current: T?, _ new: T?) -> T? { incomingIsNewer ? (new ?? current) : (current ?? new) }
        func pickText(_ current: String, _ new: String) -> String {
            if new.isEmpty { return current }
            return incomingIsNewer || current.isEmpty ? new : current
        }
        func pickList(_ current: [String], _ new: [String]) -> [String] {
            if new.isEmpty { return current }
            return incomingIsNewer || current.isEmpty ? new : current
        }

        result.version = [version, incoming.version].compactMap { $0 }.max()
        result.title = pickText(title, incoming.title)
        result.abstract = pickText(abstract, incoming.abstract)
        result.authors = pickList(authors, incoming.authors)
        result.categories = pickList(categories, incoming.categories)
        result.comments = pick(comments, incoming.comments)
        result.journalRef = pick(journalRef, incoming.journalRef)
        result.doi = pick(doi, incoming.doi)
        result.license = pick(license, incoming.license)
        result.submitted = [submitted, incoming.submitted].compactMap { $0 }.min()
        result.updated = [updated, incoming.updated].compactMap { $0 }.max()
        result.versions = Self.unitedVersions(versions, incoming.versions)
        result.codeLinks = Self.united(codeLinks, incoming.codeLinks)
        result.sources = Self.united(sources, incoming.sources)
        result.community = community.merged(with: incoming.community)
        return result
    }

    /// `first` followed by the elements of `second` that it lacks, in order.
    public static func united(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set(first)
        return first + second.filter { seen.insert($0).inserted }
    }

    private static func unitedVersions(_ first: [PaperVersion], _ second: [PaperVersion]) -> [PaperVersion] {
        var byNumber: [Int: PaperVersion] = [:]
        for version in first + second {
            if let known = byNumber[version.number], known.date != nil { continue }
            byNumber[version.number] = version
        }
        return byNumber.values.sorted { $0.number < $1.number }
    }
}

extension Community {
    func merged(with incoming: Community) -> Community {
        Community(
            upvotes: incoming.upvotes ?? upvotes,
            githubRepo: incoming.githubRepo ?? githubRepo,
            githubStars: incoming.githubStars ?? githubStars,
            submitter: submitter ?? incoming.submitter,
            organization: incoming.organization ?? organization,
            keywords: Paper.united(keywords, incoming.keywords),
            featuredOn: [featuredOn, incoming.featuredOn].compactMap { $0 }.min(),
            // This Paperboy's own votes: no source carries them, so the stored count stays.
            localUpvotes: localUpvotes ?? incoming.localUpvotes
        )
    }
}
