import Foundation
import PaperModels
import PaperSearch
import PaperStore
import PaperViews
import Synchronization

/// A composed digest: what it says, and which papers it shows (never shown to the subscriber again).
public struct ComposedDigest: Sendable {
    public var subject: String
    public var model: DigestViewModel
    public var paperIDs: [String]
}

/// Composes each subscriber's digest as of a day: trending papers, each saved search's new
/// papers, and papers like the ones they upvoted; no paper twice, none sent before. The parts
/// shared by many subscribers (a trending ranking, a search's results) are computed once per run.
public final class DigestComposer: Sendable {
    let database: AppDatabase
    let searcher: PaperSearcher
    let baseURL: String
    private let trendingCache = Mutex<[String: [String]]>([:])
    private let searchCache = Mutex<[String: [String]]>([:])
    private let paperCache = Mutex<[String: Paper]>([:])
    /// A paper looks the same in every digest: its item (readable LaTeX, excerpt, both parts'
    /// markup) is made once.
    private let itemCache = Mutex<[String: RenderedDigestItem]>([:])

    public init(database: AppDatabase, searcher: PaperSearcher, baseURL: String) {
        self.database = database
        self.searcher = searcher
        self.baseURL = baseURL
    }

    /// The digest of `subscriber` as of `day` (`YYYY-MM-DD`), or nil when nothing in it is new;
    /// `seen` are the papers of their earlier digests. With `allowEmpty`, a digest with nothing
    /// new is still made (saying so) instead of nil. Safe to call from several threads at once.
    public func compose(for subscriber: Subscriber, asOf day: String, seen: Set<String>, links: (manage: String, unsubscribe: String),
                        allowEmpty: Bool = false) throws -> ComposedDigest? {
        let preferences = subscriber.preferences
        let weekly = preferences.frequency == .weekly
        var seen = seen
        func fresh(_ ids: [String], limit: Int) -> [String] {
            var picked: [String] = []
            for id in ids where picked.count < limit && !seen.contains(id) {
                picked.append(id)
                seen.insert(id)
            }
            return picked
        }
        var sections: [(title: String, ids: [String])] = []
        var subjectParts: [String] = []
        if preferences.trendingCount > 0 {
            let ids = fresh(try trending(endingOn: day, days: weekly ? 30 : 7, categories: preferences.categories), limit: preferences.trendingCount)
            sections.append(("Trending", ids))
            if !ids.isEmpty { subjectParts.append("\(ids.count) trending paper\(ids.count == 1 ? "" : "s")") }
        }
        for saved in preferences.savedSearches {
            let ids = fresh(try newPapers(matching: saved, endingOn: day, days: weekly ? 7 : 2), limit: 10)
            let label = saved.query.count > 40 ? String(saved.query.prefix(39)) + "…" : saved.query
            sections.append(("New for ‘\(label)’", ids))
            if !ids.isEmpty { subjectParts.append("\(ids.count) new for '\(label)'") }
        }
        if preferences.forYou {
            let ids = fresh(try papersLikeUpvoted(by: subscriber.email), limit: 5)
            sections.append(("For you", ids))
            if !ids.isEmpty { subjectParts.append("\(ids.count) for you") }
        }
        let paperIDs = sections.flatMap(\.ids)
        guard !paperIDs.isEmpty || allowEmpty else { return nil }
        let papers = try self.papers(paperIDs)
        let dateLabel = Self.dateLabel(day)
        let model = DigestViewModel(
            heading: "Paperboy \(weekly ? "weekly" : "daily") digest — \(dateLabel)",
            sections: sections.filter { !$0.ids.isEmpty }.map { section in
                DigestSectionModel(title: section.title, items: section.ids.compactMap { papers[$0] }.map(item))
            },
            siteURL: baseURL + "/", manageURL: links.manage, unsubscribeURL: links.unsubscribe)
        let summary = subjectParts.isEmpty ? "Nothing new" : subjectParts.joined(separator: " · ")
        return ComposedDigest(subject: summary + " — " + dateLabel, model: model, paperIDs: paperIDs)
    }

    /// Papers of the last `days` feed days by the trending formula, scored as of the end of `day`.
    private func trending(endingOn day: String, days: Int, categories: [String]) throws -> [String] {
        let key = "\(day)|\(days)|\(categories.sorted().joined(separator: ","))"
        if let cached = trendingCache.withLock({ $0[key] }) { return cached }
        guard let end = Day.date(day) else { return [] }
        let first = Day.string(end.addingTimeInterval(-Double(days - 1) * 86_400))
        var candidates: [String: Trending.Candidate] = [:]
        for category in categories.isEmpty ? [nil] : categories.map(Optional.some) {
            for candidate in try database.trendingCandidates(firstDay: first, lastDay: day, category: category) { candidates[candidate.id] = candidate }
        }
        let ranked = Trending.rank(Array(candidates.values), now: end.addingTimeInterval(86_400)).prefix(200).map(\.candidate.id)
        trendingCache.withLock { $0[key] = ranked }
        return ranked
    }

    /// Papers matching a saved search whose feed day falls in the last `days` days up to `day`.
    private func newPapers(matching saved: SavedSearch, endingOn day: String, days: Int) throws -> [String] {
        let key = "\(day)|\(days)|\(saved.mode)|\(saved.query)"
        if let cached = searchCache.withLock({ $0[key] }) { return cached }
        guard let end = Day.date(day) else { return [] }
        let first = Day.string(end.addingTimeInterval(-Double(days - 1) * 86_400))
        let results = try searcher.search(SearchRequest(query: saved.query, limit: 100, mode: SearchMode(rawValue: saved.mode) ?? .keyword))
        let ids = results.hits.map(\.paper).filter { paper in
            guard let feedDay = Self.feedDay(paper) else { return false }
            return feedDay >= first && feedDay <= day
        }.map(\.id)
        paperCache.withLock { cache in for hit in results.hits { cache[hit.paper.id] = hit.paper } }
        searchCache.withLock { $0[key] = ids }
        return ids
    }

    /// Papers related (by meaning when embeddings exist) to the subscriber's latest upvotes.
    private func papersLikeUpvoted(by email: String) throws -> [String] {
        let upvoted = try database.upvotedPaperIDs(email: email, limit: 5)
        let own = Set(upvoted)
        var related: [String] = []
        for id in upvoted {
            for hit in try searcher.related(to: id, limit: 5)?.hits ?? [] where !own.contains(hit.paper.id) { related.append(hit.paper.id) }
        }
        return related
    }

    private func papers(_ ids: [String]) throws -> [String: Paper] {
        var found = paperCache.withLock { cache in ids.reduce(into: [String: Paper]()) { $0[$1] = cache[$1] } }
        let missing = ids.filter { found[$0] == nil }
        if !missing.isEmpty {
            let loaded = try database.papers(ids: missing)
            paperCache.withLock { cache in for paper in loaded { cache[paper.id] = paper } }
            for paper in loaded { found[paper.id] = paper }
        }
        return found
    }

    private func item(_ paper: Paper) -> RenderedDigestItem {
        if let cached = itemCache.withLock({ $0[paper.id] }) { return cached }
        let item = RenderedDigestItem(makeItem(paper))
        itemCache.withLock { $0[paper.id] = item }
        return item
    }

    private func makeItem(_ paper: Paper) -> DigestItem {
        DigestItem(id: paper.id, title: ReadableText.latex(paper.title), url: baseURL + Route.paper(paper.id),
                   authors: ReadableText.shortAuthors(paper.authors), excerpt: Self.excerpt(ReadableText.latex(paper.abstract)),
                   codeURL: paper.codeLinks.first, upvotes: paper.community.totalUpvotes)
    }

    static func feedDay(_ paper: Paper) -> String? {
        paper.community.featuredOn ?? paper.submitted.map(Day.string)
    }

    /// The first two or three sentences of an abstract, at most about 420 characters. A sentence
    /// ends at ".", "!" or "?" before a space and a capital or digit (so "e.g. the" does not end one).
    static func excerpt(_ text: String) -> String {
        let characters = Array(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        var end = characters.count, sentences = 0, index = 0
        while index < characters.count - 2 {
            if ".!?".contains(characters[index]), characters[index + 1] == " ",
               characters[index + 2].isUppercase || characters[index + 2].isNumber {
                sentences += 1
                if sentences == 3 || (sentences == 2 && index > 300) { end = index + 1; break }
            }
            index += 1
        }
        let excerpt = String(characters[..<end])
        return excerpt.count > 600 ? String(excerpt.prefix(597)) + "…" : excerpt
    }

    /// `Tue 1 Dec` for `2026-12-01`.
    static func dateLabel(_ day: String) -> String {
        guard let date = Day.date(day) else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.weekday, .day, .month], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[(c.weekday ?? 1) - 1]) \(c.day ?? 1) \(months[(c.month ?? 1) - 1])"
    }
}
