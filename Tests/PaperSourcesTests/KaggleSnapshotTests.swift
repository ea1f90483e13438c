import Foundation
import Testing
import PaperModels
import PaperSources

/// Fixtures/kaggle-first200.jsonl: the first 200 lines of the Kaggle arXiv metadata snapshot.
@Suite("Kaggle snapshot JSONL")
struct KaggleSnapshotTests {
    @Test func everyLineIsAPaper() throws {
        let path = Fixtures.path("kaggle-first200.jsonl")
        let parsed = try parse(path: path)
        #expect(parsed.format == .jsonl)
        #expect(parsed.papers.count == 200)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.notices.isEmpty)
        #expect(parsed.papers.first?.id == "0704.0001")
        #expect(parsed.papers.last?.id == "0704.0200")
        #expect(Set(parsed.papers.map(\.id)).count == 200)
        #expect(parsed.locations.map(\.number) == Array(1...200))
        #expect(parsed.locations.allSatisfy { $0.file == path && $0.unit == .line })
        #expect(parsed.papers.allSatisfy { $0.sources == ["arxiv-jsonl"] })
        // Counted in the file: 117 records have a doi, 109 a journal-ref, 19 a license.
        #expect(parsed.papers.filter { $0.doi != nil }.count == 117)
        #expect(parsed.papers.filter { $0.journalRef != nil }.count == 109)
        #expect(parsed.papers.filter { $0.license != nil }.count == 19)
        #expect(parsed.papers.allSatisfy { !$0.title.contains("\n") && !$0.abstract.contains("\n") })
    }

    @Test func firstRecord() throws {
        let paper = try parseFixture("kaggle-first200.jsonl").paper("0704.0001")
        #expect(paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        // From authors_parsed (`["Bal\u00e1zs","C.",""]` …, `["Yuan","C. -P.",""]`).
        #expect(paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(paper.categories == ["hep-ph"])
        #expect(paper.version == 2)
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2007-04-02T19:18:42Z")),
                                   PaperVersion(number: 2, date: instant("2007-07-24T20:10:27Z"))])
        #expect(paper.submitted == instant("2007-04-02T19:18:42Z"))
        #expect(paper.updated == instant("2007-07-24T20:10:27Z"))
        #expect(paper.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(paper.doi == "10.1103/PhysRevD.76.013009")
        #expect(paper.comments == "37 pages, 15 figures; published version")
        #expect(paper.license == nil)
        #expect(paper.community.submitter == "Pavel Nadolsky")
        #expect(paper.abstract.hasPrefix("A fully differential calculation in perturbative quantum chromodynamics is presented"))
        #expect(paper.abstract.hasSuffix("obtained with judicious selection of events."))
    }

    @Test func otherRecords() throws {
        let parsed = try parseFixture("kaggle-first200.jsonl")
        let second = try parsed.paper("0704.0002")
        #expect(second.authors == ["Ileana Streinu", "Louis Theran"])
        #expect(second.categories == ["math.CO", "cs.CG"])
        #expect(second.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(second.journalRef == nil)
        #expect(second.doi == nil)
        #expect(second.abstract.hasPrefix("We describe a new algorithm, the $(k,\\ell)$-pebble game with colors"))

        let fiveVersions = try parsed.paper("0704.0064")
        #expect(fiveVersions.version == 5)
        #expect(fiveVersions.versions.map(\.number) == [1, 2, 3, 4, 5])
        #expect(fiveVersions.submitted == instant("2007-04-01T13:32:15Z"))
        #expect(fiveVersions.updated == instant("2008-10-24T12:23:58Z"))
        #expect(fiveVersions.title == "Nilpotent symmetry invariance in the superfield formulation: the (non-)Abelian 1-form gauge theories")
        #expect(fiveVersions.authors == ["R. P. Malik"])   // the affiliation in authors_parsed is not part of the name

        #expect(try parsed.paper("0704.0009").authors.contains("Neal J. Evans II"))
        #expect(try parsed.paper("0704.0155").authors == ["Floris van der Tak", "John Black", "Fredrik Schoeier", "David Jansen", "Ewine van Dishoeck"])
        #expect(try parsed.paper("0704.0147").authors == ["Sudha", "A. V. Gopala Rao", "A. R. Usha Devi", "A. K. Rajagopal"])
        #expect(try parsed.paper("0704.0020").authors == ["The BABAR Collaboration", "B. Aubert"])
        #expect(try parsed.paper("0704.0027").authors.contains("J.-N. Fuchs"))
        #expect(try parsed.paper("0704.0147").categories == ["physics.optics", "physics.class-ph", "quant-ph"])
    }
}
