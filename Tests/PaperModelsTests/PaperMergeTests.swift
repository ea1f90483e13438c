import Foundation
import Testing
import PaperModels

private func day(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }
private let v1Date = day(1_175_541_522)   // 2007-04-02T19:18:42Z
private let v2Date = day(1_185_307_827)   // 2007-07-24T20:10:27Z
private let v3Date = day(1_200_000_000)

/// 0704.0001 as an arXiv source reports it at version 2.
private let arxivV2 = Paper(
    id: "0704.0001", version: 2,
    title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
    abstract: "A fully differential calculation in perturbative quantum chromodynamics.",
    authors: ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"], categories: ["hep-ph"],
    submitted: v1Date, updated: v2Date,
    versions: [PaperVersion(number: 1, date: v1Date), PaperVersion(number: 2, date: v2Date)],
    comments: "37 pages, 15 figures; published version", journalRef: "Phys.Rev.D76:013009,2007",
    doi: "10.1103/PhysRevD.76.013009", license: nil, codeLinks: ["https://github.com/example/diphoton"],
    community: Community(submitter: "Pavel Nadolsky"), sources: ["arxiv-api"])

/// The same paper as a community site lists it: no version, no dates of versions, but upvotes.
private let hfEntry = Paper(
    id: "0704.0001", version: nil,
    title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies (HF)",
    abstract: "HF summary.", authors: ["C. Balazs"], submitted: day(1_175_472_000),
    codeLinks: ["https://github.com/example/diphoton", "https://example.org/project"],
    community: Community(upvotes: 12, githubRepo: "https://github.com/example/diphoton", githubStars: 7,
                         submitter: "someone", organization: "Argonne", keywords: ["QCD", "diphoton"], featuredOn: "2007-04-03"),
    sources: ["hf"])

@Suite("Paper.merged(with:)")
struct PaperMergeTests {
    @Test func mergingARecordWithItselfChangesNothing() {
        #expect(arxivV2.merged(with: arxivV2) == arxivV2)
        #expect(hfEntry.merged(with: hfEntry) == hfEntry)
        let both = arxivV2.merged(with: hfEntry)
        #expect(both.merged(with: both) == both)
        #expect(both.merged(with: hfEntry) == both)
        #expect(both.merged(with: arxivV2) == both)
    }

    @Test func newerVersionReplacesDescriptiveFields() {
        let v3 = Paper(id: "0704.0001", version: 3, title: "Prompt diphoton production (revised)", abstract: "Revised abstract.",
                       authors: ["C. Balázs", "E. L. Berger"], categories: ["hep-ph", "hep-ex"], updated: v3Date,
                       versions: [PaperVersion(number: 3, date: v3Date)], comments: "40 pages", sources: ["oai-pmh"])
        let merged = arxivV2.merged(with: v3)
        #expect(merged.version == 3)
        #expect(merged.title == "Prompt diphoton production (revised)")
        #expect(merged.abstract == "Revised abstract.")
        #expect(merged.authors == ["C. Balázs", "E. L. Berger"])
        #expect(merged.categories == ["hep-ph", "hep-ex"])
        #expect(merged.comments == "40 pages")
        // What the newer record does not say is kept.
        #expect(merged.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(merged.doi == "10.1103/PhysRevD.76.013009")
        #expect(merged.submitted == v1Date)
        #expect(merged.updated == v3Date)
        #expect(merged.versions.map(\.number) == [1, 2, 3])
        #expect(merged.sources == ["arxiv-api", "oai-pmh"])
    }

    @Test func olderVersionOnlyFillsEmptyFields() {
        let v1 = Paper(id: "0704.0001", version: 1, title: "An old title", abstract: "An old abstract.",
                       authors: ["Someone Else"], categories: ["hep-th"], submitted: v1Date, updated: v1Date,
                       versions: [PaperVersion(number: 1, date: v1Date)], comments: "old comment",
                       license: "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", sources: ["kaggle"])
        let merged = arxivV2.merged(with: v1)
        #expect(merged.version == 2)
        #expect(merged.title == arxivV2.title)
        #expect(merged.abstract == arxivV2.abstract)
        #expect(merged.authors == arxivV2.authors)
        #expect(merged.categories == ["hep-ph"])
        #expect(merged.comments == "37 pages, 15 figures; published version")
        #expect(merged.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(merged.updated == v2Date)
        #expect(merged.sources == ["arxiv-api", "kaggle"])
    }

    @Test func sameVersionFillsEmptyTextFields() {
        let bare = Paper(id: "0704.0001", version: 2, title: "", abstract: "")
        let merged = bare.merged(with: arxivV2)
        #expect(merged.title == arxivV2.title)
        #expect(merged.abstract == arxivV2.abstract)
        #expect(merged.authors == arxivV2.authors)
        #expect(merged.doi == arxivV2.doi)
    }

    @Test func communityAndArxivRecordsComplementEachOther() {
        for merged in [hfEntry.merged(with: arxivV2), arxivV2.merged(with: hfEntry)] {
            #expect(merged.version == 2)
            #expect(merged.title == arxivV2.title)
            #expect(merged.abstract == arxivV2.abstract)
            #expect(merged.authors == arxivV2.authors)
            #expect(merged.categories == ["hep-ph"])
            #expect(merged.versions == arxivV2.versions)
            #expect(merged.journalRef == arxivV2.journalRef)
            #expect(merged.community.upvotes == 12)
            #expect(merged.community.githubStars == 7)
            #expect(merged.community.githubRepo == "https://github.com/example/diphoton")
            #expect(merged.community.organization == "Argonne")
            #expect(merged.community.keywords == ["QCD", "diphoton"])
            #expect(merged.community.featuredOn == "2007-04-03")
            #expect(merged.submitted == day(1_175_472_000))   // the earliest date known
            #expect(merged.updated == v2Date)
            #expect(Set(merged.codeLinks) == ["https://github.com/example/diphoton", "https://example.org/project"])
            #expect(Set(merged.sources) == ["hf", "arxiv-api"])
        }
        #expect(arxivV2.merged(with: hfEntry).sources == ["arxiv-api", "hf"])
        #expect(hfEntry.merged(with: arxivV2).codeLinks == ["https://github.com/example/diphoton", "https://example.org/project"])
    }

    @Test func versionsAreUnitedPreferringDatedEntries() {
        let a = Paper(id: "x", title: "t", abstract: "", versions: [PaperVersion(number: 1, date: v1Date), PaperVersion(number: 2, date: nil)])
        let b = Paper(id: "x", title: "t", abstract: "", versions: [PaperVersion(number: 3, date: v3Date), PaperVersion(number: 2, date: v2Date)])
        let expected = [PaperVersion(number: 1, date: v1Date), PaperVersion(number: 2, date: v2Date), PaperVersion(number: 3, date: v3Date)]
        #expect(a.merged(with: b).versions == expected)
        #expect(b.merged(with: a).versions == expected)
    }

    @Test func earliestSubmittedLatestUpdated() {
        let early = Paper(id: "x", title: "t", abstract: "", submitted: v1Date, updated: v2Date)
        let late = Paper(id: "x", title: "t", abstract: "", submitted: v2Date, updated: v3Date)
        let none = Paper(id: "x", title: "t", abstract: "")
        #expect(early.merged(with: late).submitted == v1Date)
        #expect(late.merged(with: early).submitted == v1Date)
        #expect(early.merged(with: late).updated == v3Date)
        #expect(late.merged(with: early).updated == v3Date)
        #expect(none.merged(with: early).submitted == v1Date)
        #expect(early.merged(with: none).updated == v2Date)
    }

    @Test func latestCommunityObservationWins() {
        let monday = Paper(id: "x", title: "t", abstract: "", community: Community(upvotes: 10, githubStars: 3, submitter: "first",
                                                                                   keywords: ["a"], featuredOn: "2026-06-12"))
        let tuesday = Paper(id: "x", title: "t", abstract: "", community: Community(upvotes: 25, githubStars: nil, submitter: "second",
                                                                                    keywords: ["b", "a"], featuredOn: "2026-06-13"))
        let merged = monday.merged(with: tuesday).community
        #expect(merged.upvotes == 25)
        #expect(merged.githubStars == 3)
        #expect(merged.submitter == "first")
        #expect(merged.keywords == ["a", "b"])
        #expect(merged.featuredOn == "2026-06-12")
    }

    @Test func unitedKeepsOrderAndDropsRepeats() {
        #expect(Paper.united(["a", "b"], ["b", "c", "a", "d"]) == ["a", "b", "c", "d"])
        #expect(Paper.united([], ["c", "c"]) == ["c"])
    }
}
