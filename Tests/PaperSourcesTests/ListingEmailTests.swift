import Foundation
import Testing
import PaperModels
import PaperSources

/// arXiv daily listing e-mails: new submissions carry an abstract, replacements do not.
@Suite("Listing e-mails")
struct ListingEmailTests {
    // Counted by hand in listing-email-q-fin.txt: 13 new submissions ("13 new" in the subject), then 3 replacements.
    static let qfinNew = ["2303.08867", "2303.08968", "2303.09011", "2303.09147", "2303.09176", "2303.09323", "2303.09330",
                          "2303.09393", "2303.09397", "2303.09399", "2303.09405", "2303.09406", "2303.09407"]
    static let qfinReplaced = ["2011.00552", "2203.01664", "2206.14015"]

    @Test func qfinRecords() throws {
        let parsed = try parseFixture("listing-email-q-fin.txt")
        #expect(parsed.format == .abs)
        #expect(parsed.papers.map(\.id) == Self.qfinNew + Self.qfinReplaced)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.papers.allSatisfy { $0.sources == ["arxiv-listing"] })
        #expect(parsed.papers.prefix(13).allSatisfy { !$0.abstract.isEmpty && $0.versions.count == 1 && $0.submitted != nil })
        #expect(parsed.papers.suffix(3).allSatisfy { $0.abstract.isEmpty && $0.versions.isEmpty && $0.submitted == nil && $0.updated != nil })
    }

    @Test func newSubmission() throws {
        let parsed = try parseFixture("listing-email-q-fin.txt")
        let paper = try parsed.paper("2303.08867")
        #expect(paper.title == "A Bayesian derivation of the square root law of market impact")
        #expect(paper.authors == ["Louis Saddier", "Matteo Marsili"])
        #expect(paper.categories == ["q-fin.TR", "cond-mat.stat-mech"])
        #expect(paper.comments == "16 pages, 5 figures")
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2023-03-15T18:34:08Z"))])
        #expect(paper.submitted == instant("2023-03-15T18:34:08Z"))
        #expect(paper.abstract.hasPrefix("We show that the main empirical findings on the impact of a sequence of transactions"))
        #expect(paper.abstract.hasSuffix("originates from the over-estimation of order flows originating from meta-orders."))
        #expect(try parsed.location(of: "2303.08867") == RecordLocation(file: Fixtures.path("listing-email-q-fin.txt"), unit: .line, number: 14))

        let bulgaria = try parsed.paper("2303.09405")
        #expect(bulgaria.title == "Simplifying and Improving: Revisiting Bulgaria's Revenue Forecasting Models")
        #expect(bulgaria.journalRef == "Economic Thought, 2023, 20 (6)")
        #expect(bulgaria.doi == "10.56497/etj2367601")
        #expect(try parsed.paper("2303.08968").authors == ["Pieter M. van Staden", "Peter A. Forsyth", "Yuying Li"])
    }

    @Test func replacement() throws {
        let parsed = try parseFixture("listing-email-q-fin.txt")
        let paper = try parsed.paper("2203.01664")
        #expect(paper.title == "Tail-GAN: Learning to Simulate Tail Risk Scenarios")
        #expect(paper.authors == ["Rama Cont", "Mihai Cucuringu", "Renyuan Xu", "Chao Zhang"])
        #expect(paper.categories == ["q-fin.RM"])
        #expect(paper.comments == "39 pages, 17 figures, 11 tables")
        #expect(paper.abstract == "")
        #expect(paper.updated == instant("2023-03-15T19:51:08Z"))
        #expect(paper.version == nil)
        #expect(try parsed.location(of: "2203.01664").number == 420)
        #expect(try parsed.paper("2011.00552").title == "Mixed--frequency quantile regressions to forecast Value--at--Risk and Expected Shortfall")
    }

    @Test func astroPhWithCrossListings() throws {
        let parsed = try parseFixture("listing-email-astro-ph-CO.txt")
        // Counted in the file: 5 new, 2 cross-listings, then 16 replacements (8 of them cross-listings).
        #expect(parsed.papers.count == 23)
        #expect(parsed.skipped.isEmpty)
        #expect(Array(parsed.papers.prefix(7).map(\.id)) == ["2303.00769", "2303.00916", "2303.00961", "2303.00999", "2303.01198",
                                                              "2303.00773", "2303.01014"])
        #expect(parsed.papers.last?.id == "2303.00025")
        let lenses = try parsed.paper("2303.00769")
        #expect(lenses.title == "Searching for galaxy-scale strong-lenses in galaxy clusters with deep networks -- I: methodology and network performance")
        #expect(lenses.authors == ["G. Angora", "P. Rosati", "M. Meneghetti", "M. Brescia", "A. Mercurio", "C. Grillo", "P. Bergamini",
                                   "A. Acebron", "G. Caminha", "M. Nonino", "L. Tortorelli", "L. Bazzanini", "E. Vanzella"])
        #expect(lenses.categories == ["astro-ph.CO", "astro-ph.IM"])
        #expect(lenses.comments == "17 pages, 13 figures, submitted to A&A")
        #expect(try parsed.paper("2206.14228").updated == instant("2023-03-02T02:25:52Z"))
        let agn = try parsed.paper("2303.00025")
        #expect(agn.authors.count == 35)
        #expect(Array(agn.authors.prefix(4)) == ["Lukas J. Furtak", "Ramesh Mainali", "Adi Zitrin", "Adèle Plat"])
        #expect(agn.authors.contains("Stéphane Charlot"))
        #expect(Array(agn.authors.suffix(2)) == ["Alba Vidal-García", "John F. Wu"])
        #expect(agn.abstract.isEmpty)
    }
}
