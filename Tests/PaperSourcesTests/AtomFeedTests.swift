import Foundation
import Testing
import PaperModels
import PaperSources

@Suite("Atom feeds (arXiv API)")
struct AtomFeedTests {
    @Test func currentFormatSingleEntry() throws {
        let parsed = try parseFixture("atom-1707.08567.xml")
        #expect(parsed.format == .atom)
        #expect(parsed.papers.count == 1)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.notices.isEmpty)   // totalResults 1: nothing more to fetch
        let paper = try parsed.paper("1707.08567")
        #expect(paper.version == 1)
        #expect(paper.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications")
        #expect(paper.abstract.hasPrefix("The 10th Asia-Europe workshop in \"Concepts in Information Theory and Communications\" AEW10 was held in Boppard"))
        #expect(paper.abstract.hasSuffix("3) to pay a tribute to a well respected and special scientist."))
        #expect(paper.authors.count == 34)
        #expect(Array(paper.authors.prefix(5)) == ["Kees A. Schouhamer Immink", "Stan Baggen", "Ferdaous Chaabane", "Yanling Chen", "Peter H. N. de With"])
        #expect(paper.authors[32] == "Dirk Wübben")   // the recorded feed double-encodes this name as "WÃ¼bben"
        #expect(paper.authors.last == "Hirosuke Yamamoto")
        #expect(paper.categories == ["cs.IT"])
        #expect(paper.primaryCategory == "cs.IT")
        #expect(paper.comments == "44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck")
        #expect(paper.submitted == instant("2017-07-27T08:18:33Z"))
        #expect(paper.updated == instant("2017-07-27T08:18:33Z"))
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2017-07-27T08:18:33Z"))])
        #expect(paper.journalRef == nil)
        #expect(paper.doi == nil)
        #expect(paper.sources == ["arxiv-api"])
        #expect(parsed.locations == [RecordLocation(file: Fixtures.path("atom-1707.08567.xml"), unit: .entry, number: 1)])
    }

    @Test func format2016WithVersionTwo() throws {
        let parsed = try parseFixture("atom-2016-1111.2011v2.xml")
        #expect(parsed.papers.count == 1)
        #expect(parsed.notices.isEmpty)
        let paper = try parsed.paper("1111.2011")
        #expect(paper.version == 2)
        #expect(paper.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit")
        #expect(paper.abstract.hasPrefix("Theoretical description of anisotropic systems, such as layered superconductors and coupled spin chains, is often"))
        #expect(paper.abstract.hasSuffix("similar to adding a single extra dimension to the theory describing a single node."))
        #expect(!paper.abstract.contains("\n"))
        #expect(paper.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"])
        #expect(paper.categories == ["cond-mat.str-el", "cond-mat.stat-mech"])
        #expect(paper.doi == "10.1103/PhysRevB.85.115117")
        #expect(paper.journalRef == "Phys. Rev. B 85, 115117 (2012)")
        #expect(paper.comments == "8 pages, 3 figures. Published version")
        #expect(paper.submitted == instant("2011-11-08T18:48:36Z"))
        #expect(paper.updated == instant("2012-04-02T12:38:54Z"))
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2011-11-08T18:48:36Z")),
                                   PaperVersion(number: 2, date: instant("2012-04-02T12:38:54Z"))])
    }

    @Test func format2016SearchPage() throws {
        let path = Fixtures.path("atom-2016-del-maestro.xml")
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["1201.4869", "cond-mat/0412498", "cond-mat/0603029", "1005.5383", "1303.6954",
                                            "1312.6177", "1412.6529", "cond-mat/0607501", "cond-mat/0702661", "0807.2873"])
        #expect(parsed.locations.map(\.number) == Array(1...10))
        #expect(parsed.notices == ["\(path): more results exist (10 of 31 read); fetch the next page with start=10"])
        let first = try parsed.paper("1201.4869")
        #expect(first.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores")
        #expect(first.authors == ["Adrian Del Maestro"])
        #expect(first.doi == "10.1142/S021797921244002X")
        #expect(first.categories == ["cond-mat.mes-hall", "cond-mat.other"])
        let old = try parsed.paper("cond-mat/0412498")
        #expect(old.authors == ["Adrian Del Maestro", "Subir Sachdev"])
        #expect(old.doi == "10.1103/PhysRevB.71.184511")
        let revised = try parsed.paper("1412.6529")
        #expect(revised.version == 2)
        #expect(revised.submitted == instant("2014-12-19T21:00:08Z"))
        #expect(revised.updated == instant("2015-02-25T23:04:37Z"))
    }

    @Test func moreResultsNotice() throws {
        let path = Fixtures.path("atom-query-testing.xml")
        let parsed = try parse(path: path)
        #expect(parsed.papers.count == 10)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.notices == ["\(path): more results exist (10 of 214881 read); fetch the next page with start=10"])
        let first = try parsed.paper("2202.12139")
        #expect(first.title == "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques")
        #expect(first.authors == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"])
        #expect(first.categories == ["cs.SE", "cs.LG"])
        #expect(first.doi == "10.1109/ICSTW55395.2022.00035")
        #expect(first.journalRef == "Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, Verification and Validation Workshops (ICSTW)")
        #expect(first.comments == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022")
        let second = try parsed.paper("2405.13786")
        #expect(second.authors == ["Aurora Ramírez", "Mario Berrios", "José Raúl Romero", "Robert Feldt"])
        let third = try parsed.paper("2005.14124")
        #expect(third.version == 2)
        #expect(third.categories == ["cs.SE", "cs.CR", "cs.LG"])
        #expect(try parsed.paper("1202.4527").doi == nil)
    }

    @Test func oldStyleIdWithAffiliationsAndLinkInComment() throws {
        let parsed = try parseFixture("atom-astro-ph-0601001.xml")
        let paper = try parsed.paper("astro-ph/0601001")
        #expect(paper.version == 1)
        #expect(paper.title == "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina")
        #expect(paper.authors == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"])
        #expect(paper.categories == ["astro-ph"])
        #expect(paper.journalRef == "ActaAstron.56:1-50,2006")
        #expect(paper.abstract.contains("following Gould & Morgan (2003) by populating"))
        #expect(paper.abstract.contains("spectroscopic-followup limit of V_max<17.5."))
        #expect(paper.codeLinks == ["http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz"])
        #expect(paper.absURL == "https://arxiv.org/abs/astro-ph/0601001")
    }

    @Test func primaryCategoryFirstAndCommentLinks() throws {
        let parsed = try parseFixture("atom-transformer-cs.LG.xml")
        #expect(parsed.papers.map(\.id) == ["2606.13677", "2606.13591", "2606.13568", "2606.13515", "2606.13501"])
        #expect(parsed.notices.count == 1)
        let mana = try parsed.paper("2606.13677")
        #expect(mana.categories == ["cs.RO", "cs.AI", "cs.CV", "cs.LG"])
        #expect(mana.authors == ["Zhao-Heng Yin", "Guanya Shi", "Pieter Abbeel", "C. Karen Liu"])
        #expect(mana.codeLinks == ["https://zhaohengyin.github.io/mana"])
        let gfdit = try parsed.paper("2606.13501")
        #expect(gfdit.categories == ["cs.DC", "cs.LG", "cs.PF"])
        #expect(gfdit.authors.count == 9)
        #expect(gfdit.abstract.contains("throughput by up to 6.01$\\times$, reduces mean latency"))
        #expect(gfdit.abstract.contains("degraded service quality. This paper argues"))   // paragraph breaks become single spaces
    }

    @Test func errorFeedThrowsWithTheAPIMessage() {
        let path = Fixtures.path("atom-error-400.xml")
        let error = sourceError { _ = try parse(path: path) }
        #expect(error?.file == path)
        #expect(error?.reason.contains("incorrect id format for abc") == true)
    }

    @Test func malformedXMLThrows() throws {
        let text = String(decoding: try Fixtures.data("atom-1707.08567.xml"), as: UTF8.self)
        let path = try temporaryFile("cut.xml", String(text.prefix(1500)))
        let error = sourceError { _ = try parse(path: path, as: .atom) }
        #expect(error?.file == path)
        #expect(error?.reason.hasPrefix("malformed XML near line") == true)
    }

    @Test("a feed cut short is an error, not a shorter feed", arguments: [
        ("atom-1707.08567.xml", 300), ("atom-1707.08567.xml", 1500), ("atom-1707.08567.xml", 3990),
        ("atom-query-testing.xml", 12000), ("oai-listrecords-oai_dc.xml", 6000), ("oai-getrecord-arXiv.xml", 2400),
    ])
    func truncatedXMLThrows(name: String, length: Int) throws {
        let path = try temporaryFile("cut-" + name, try Fixtures.data(name).prefix(length))
        let error = sourceError { _ = try parse(path: path) }
        #expect(error?.file == path)
        #expect(error?.reason.hasPrefix("malformed XML near line") == true)
    }

    @Test func doiFromTheDOILinkWhenTheElementIsMissing() throws {
        var text = String(decoding: try Fixtures.data("atom-2016-1111.2011v2.xml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "<arxiv:doi xmlns:arxiv=\"http://arxiv.org/schemas/atom\">10.1103/PhysRevB.85.115117</arxiv:doi>", with: "")
        #expect(!text.contains("<arxiv:doi"))
        let parsed = try parse(path: try temporaryFile("nodoi.xml", text))
        #expect(try parsed.paper("1111.2011").doi == "10.1103/PhysRevB.85.115117")
    }

    @Test func entryWithBadIDIsSkippedOthersKept() throws {
        var text = String(decoding: try Fixtures.data("atom-2016-del-maestro.xml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "<id>http://arxiv.org/abs/1005.5383v1</id>", with: "<id>http://arxiv.org/abs/garbage</id>")
        text = text.replacingOccurrences(of: "<title>A Luttinger Liquid Core Inside Helium-4 Filled Nanopores</title>", with: "<title>  </title>")
        let path = try temporaryFile("damaged.xml", text)
        let parsed = try parse(path: path)
        #expect(parsed.papers.count == 8)
        #expect(parsed.skipped == [
            SkippedRecord(location: RecordLocation(file: path, unit: .entry, number: 1), reason: "paper 1201.4869v1 has no <title>"),
            SkippedRecord(location: RecordLocation(file: path, unit: .entry, number: 4), reason: "\"http://arxiv.org/abs/garbage\" is not an arXiv id"),
        ])
        #expect(parsed.locations.map(\.number) == [2, 3, 5, 6, 7, 8, 9, 10])
    }

    @Test func otherXMLIsNotAFeed() throws {
        let path = try temporaryFile("rss.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>cs.CL</title></channel></rss>")
        let error = sourceError { _ = try parse(path: path, as: .atom) }
        #expect(error?.reason == "not an Atom feed (root element <rss>)")
    }
}
