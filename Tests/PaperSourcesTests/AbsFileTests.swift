import Foundation
import Testing
import PaperModels
import PaperSources

@Suite(".abs files")
struct AbsFileTests {
    @Test("each file is one paper", arguments: [
        ("abs/acc-phys_9411001.abs", "acc-phys/9411001", 1),
        ("abs/arxiv_0704.0001.abs", "0704.0001", 2),
        ("abs/arxiv_0704.0002.abs", "0704.0002", 2),
        ("abs/arxiv_0704.0085.abs", "0704.0085", 2),
        ("abs/arxiv_0808.4142.abs", "0808.4142", 2),
        ("abs/arxiv_1411.4413.abs", "1411.4413", 1),
        ("abs/arxiv_1607.08199.abs", "1607.08199", 5),
        ("abs/arxiv_1810.04805.abs", "1810.04805", 2),
        ("abs/arxiv_2004.09471.abs", "2004.09471", 1),
        ("abs/arxiv_2101.10016.abs", "2101.10016", 8),
        ("abs/arxiv_2403.10561.abs", "2403.10561", 1),
    ])
    func onePaper(name: String, id: String, versions: Int) throws {
        let parsed = try parseFixture(name)
        #expect(parsed.format == .abs)
        #expect(parsed.papers.map(\.id) == [id])
        #expect(parsed.skipped.isEmpty)
        let paper = try parsed.paper(id)
        #expect(paper.versions.count == versions)
        #expect(paper.versions.map(\.number) == Array(1...versions))
        #expect(paper.versions.allSatisfy { $0.date != nil })
        #expect(paper.version == versions)
        #expect(paper.sources == ["arxiv-abs"])
        #expect(!paper.title.isEmpty && !paper.abstract.isEmpty && !paper.authors.isEmpty && !paper.categories.isEmpty)
        #expect(parsed.locations == [RecordLocation(file: Fixtures.path(name), unit: .line, number: 3)])
    }

    @Test func firstKaggleRecord() throws {
        let paper = try parseFixture("abs/arxiv_0704.0001.abs").paper("0704.0001")
        #expect(paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(paper.categories == ["hep-ph"])
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2007-04-02T19:18:42Z")),
                                   PaperVersion(number: 2, date: instant("2007-07-24T20:10:27Z"))])
        #expect(paper.submitted == instant("2007-04-02T19:18:42Z"))
        #expect(paper.updated == instant("2007-07-24T20:10:27Z"))
        #expect(paper.comments == "37 pages, 15 figures; published version")
        #expect(paper.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(paper.doi == "10.1103/PhysRevD.76.013009")
        #expect(paper.license == nil)
        #expect(paper.community.submitter == "Pavel Nadolsky")
        #expect(paper.abstract.hasPrefix("A fully differential calculation in perturbative quantum chromodynamics is presented"))
        #expect(paper.abstract.hasSuffix("can be obtained with judicious selection of events."))
    }

    @Test func latin1File() throws {
        let paper = try parseFixture("abs/arxiv_1607.08199.abs").paper("1607.08199")
        #expect(paper.journalRef == "Épijournal de Géométrie Algébrique, Volume 1 (September 1, 2017) epiga:3255")
        #expect(paper.authors == ["Marcello Bernardara", "Emanuele Macrì", "Benjamin Schmidt", "Xiaolei Zhao"])
        #expect(paper.title == "Bridgeland Stability Conditions on Fano Threefolds")
        #expect(paper.license == "http://creativecommons.org/licenses/by-sa/4.0/")
        #expect(paper.submitted == instant("2016-07-27T17:52:31Z"))
        #expect(paper.updated == instant("2017-04-05T18:19:17Z"))
        #expect(paper.comments == "24 pages, 1 figure. Fifth version: Official version of the journal")
        #expect(paper.community.submitter == "Benjamin Schmidt")
    }

    @Test func oldStyleAndCollaborations() throws {
        let old = try parseFixture("abs/acc-phys_9411001.abs").paper("acc-phys/9411001")
        #expect(old.authors == ["Salman Habib", "Robert D. Ryne"])
        #expect(old.categories == ["acc-phys", "physics.acc-ph"])
        #expect(old.submitted == instant("1994-11-01T18:57:48Z"))
        #expect(old.updated == instant("1994-11-01T18:57:48Z"))

        let d0 = try parseFixture("abs/arxiv_0808.4142.abs").paper("0808.4142")
        #expect(d0.authors == ["D0 Collaboration", "V. Abazov"])
        #expect(d0.title == "Observation of the doubly strange b baryon Omega_b-")

        let bert = try parseFixture("abs/arxiv_1810.04805.abs").paper("1810.04805")
        #expect(bert.title == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding")
        #expect(bert.authors == ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"])
        #expect(bert.comments == nil)

        let withdrawn = try parseFixture("abs/arxiv_2101.10016.abs").paper("2101.10016")
        #expect(withdrawn.updated == instant("2023-01-17T19:27:37Z"))
        #expect(withdrawn.community.submitter == "arXiv Admin")
        #expect(withdrawn.categories == ["math.QA", "hep-th", "math-ph", "math.MP", "math.OA"])
    }

    @Test func thousandsOfAuthorsWithLaTeXAccents() throws {
        let paper = try parseFixture("abs/arxiv_1411.4413.abs").paper("1411.4413")
        #expect(paper.title == "Observation of the rare $B^0_s\\to\\mu^+\\mu^-$ decay from the combined analysis of CMS and LHCb data")
        #expect(paper.authors.count == 2831)   // the collaboration plus 2,830 names counted in the file
        #expect(Array(paper.authors.prefix(3)) == ["The CMS and LHCb Collaborations", "V. Khachatryan", "A.M. Sirunyan"])
        #expect(paper.authors.last == "E. Pesen")
        for name in ["J. Erö", "R. Frühwirth", "P.M. Bjørnstad", "F.I. Vardarlı", "T. Pilař", "M.Ö. Sahin", "M. Heß", "C. Lourenço"] {
            #expect(paper.authors.contains(name), "missing \(name)")
        }
        #expect(!paper.authors.contains { $0.contains("\\") || $0.contains("{") || $0.contains("}") })
        #expect(paper.doi == "10.1038/nature14474")
        #expect(paper.journalRef == "Nature 522, 68-72 (04 June 2015)")
    }

    @Test func emptyFileThrows() {
        let path = Fixtures.path("abs/math-ph_0509037.abs")
        let error = sourceError { _ = try parse(path: path, as: .abs) }
        #expect(error == SourceError(file: path, reason: "the file is empty"))
    }

    @Test func textWithoutRecordThrows() throws {
        let path = try temporaryFile("note.abs", "Title: a title\nAuthors: nobody\n")
        let error = sourceError { _ = try parse(path: path, as: .abs) }
        #expect(error?.file == path)
        #expect(error?.reason.hasPrefix("no arXiv record found") == true)
    }

    @Test func recordWithBadIDOrNoTitleIsSkipped() throws {
        let text = """
        \\\\
        arXiv:0704.00x1
        Date: Mon, 2 Apr 2007 19:18:42 GMT   (443kb)

        Title: A title
        Authors: A. Author
        \\\\
          An abstract.
        \\\\
        arXiv:0704.0002
        Date: Sat, 31 Mar 2007 02:26:18 GMT   (377kb,D)

        Authors: Ileana Streinu and Louis Theran
        \\\\
          No title above.
        \\\\
        """
        let path = try temporaryFile("two.abs", text)
        let parsed = try parse(path: path)
        #expect(parsed.papers.isEmpty)
        #expect(parsed.skipped == [
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 2), reason: "\"0704.00x1\" is not an arXiv id"),
            SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 10), reason: "paper 0704.0002 has no Title field"),
        ])
    }
}
