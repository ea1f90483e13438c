import Foundation
import Testing
import PaperModels
import PaperSources

@Suite("OAI-PMH pages")
struct OAIPMHTests {
    @Test func getRecordInArXivFormat() throws {
        let parsed = try parseFixture("oai-getrecord-arXiv.xml")
        #expect(parsed.format == .oai)
        #expect(parsed.papers.count == 1)
        #expect(parsed.notices.isEmpty)
        let paper = try parsed.paper("1412.8544")
        #expect(paper.title == "A Kochen-Specker system has at least 22 vectors (extended abstract)")
        #expect(paper.authors == ["Sander Uijlen", "Bas Westerbaan"])
        #expect(paper.categories == ["cs.DM"])
        #expect(paper.comments == "In Proceedings QPL 2014, arXiv:1412.8102")
        #expect(paper.journalRef == "EPTCS 172, 2014, pp. 154-164")
        #expect(paper.doi == "10.4204/EPTCS.172.11")
        #expect(paper.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(paper.submitted == instant("2014-12-29T00:00:00Z"))
        #expect(paper.updated == instant("2014-12-29T00:00:00Z"))
        #expect(paper.abstract.hasPrefix("At the heart of the Conway-Kochen Free Will theorem and Kochen and Specker's argument"))
        #expect(paper.abstract.contains("deciding embeddability. Continuing their effort"))
        #expect(paper.abstract.hasSuffix("to improve the lower bound to 22."))
        #expect(paper.sources == ["oai-pmh"])
        #expect(parsed.locations.first == RecordLocation(file: Fixtures.path("oai-getrecord-arXiv.xml"), unit: .record, number: 1))
    }

    @Test func listRecordsInArXivFormat() throws {
        let parsed = try parseFixture("oai-listrecords-arXiv.xml")
        #expect(parsed.papers.map(\.id) == ["1412.8544", "hep-th/9504118"])
        let old = try parsed.paper("hep-th/9504118")
        #expect(old.title == "Discrete Mathematics and Physics on the Planck-Scale")
        #expect(old.authors == ["M. Requardt"])
        #expect(old.categories == ["hep-th"])
        #expect(old.comments == "21 pages, Latex")
        #expect(old.submitted == instant("1995-04-24T00:00:00Z"))
        #expect(old.abstract.contains("in form of a '{\\it cellular network}' consisting of cells"))
        #expect(old.abstract.contains("the \"strength\" of the bonds"))
        #expect(parsed.notices.isEmpty)
    }

    @Test func dublinCore() throws {
        let path = Fixtures.path("oai-listrecords-oai_dc.xml")
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["1303.2033", "2401.14034", "2401.14036", "2401.14038", "2401.14040"])
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.notices == ["\(path): resumption token 6960524|1001 (list continues from cursor 0 of 1162)"])

        let first = try parsed.paper("1303.2033")
        #expect(first.title == "Extended Fourier analysis of signals")
        #expect(first.authors == ["Vilnis Liepins"])
        #expect(first.comments == "32 pages, 9 figures")
        #expect(first.abstract.hasPrefix("This summary of the doctoral thesis is created to emphasize"))
        #expect(first.abstract.hasSuffix("nowadays EDFT application could be considered as a real alternative."))
        #expect(first.submitted == instant("2013-03-08T00:00:00Z"))
        #expect(first.updated == instant("2024-01-23T00:00:00Z"))
        #expect(first.sources == ["oai-pmh"])

        #expect(try parsed.paper("2401.14034").authors == ["Chuankun Li", "Shuai Li", "Yanbo Gao", "Ping Chen", "Jian Li", "Wanqing Li"])
        #expect(try parsed.paper("2401.14034").comments == nil)
        #expect(try parsed.paper("2401.14038").authors == ["Hai-Xin Zhang", "Dong Huang"])
        let last = try parsed.paper("2401.14040")
        #expect(last.title == "(Chat)GPT v BERT: Dawn of Justice for Semantic Change Detection")
        #expect(last.authors == ["Francesco Periti", "Haim Dubossarsky", "Nina Tahmasebi"])
        #expect(last.comments == "Accepted to the Findings of EACL 2024")
        #expect(last.submitted == instant("2024-01-25T00:00:00Z"))
    }

    /// Fixtures/oai-listrecords-arXivRaw.xml is hand-written (see the comment in the file).
    @Test func arXivRawVersionsWithDates() throws {
        let path = Fixtures.path("oai-listrecords-arXivRaw.xml")
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["0704.0001", "0704.0002"])
        // An empty resumptionToken ends the list; a deleted record is news, not a malformed one.
        #expect(parsed.notices == ["\(path) record 3: oai:arXiv.org:0704.9999 was deleted at the source; nothing stored"])
        #expect(parsed.skipped.isEmpty)
        let paper = try parsed.paper("0704.0001")
        #expect(paper.version == 2)
        #expect(paper.versions == [PaperVersion(number: 1, date: instant("2007-04-02T19:18:42Z")),
                                   PaperVersion(number: 2, date: instant("2007-07-24T20:10:27Z"))])
        #expect(paper.submitted == instant("2007-04-02T19:18:42Z"))
        #expect(paper.updated == instant("2007-07-24T20:10:27Z"))
        #expect(paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(paper.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(paper.community.submitter == "Pavel Nadolsky")
        #expect(paper.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(paper.doi == "10.1103/PhysRevD.76.013009")
        #expect(paper.license == nil)
        let second = try parsed.paper("0704.0002")
        #expect(second.authors == ["Ileana Streinu", "Louis Theran"])
        #expect(second.categories == ["math.CO", "cs.CG"])
        #expect(second.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(second.updated == instant("2008-12-13T17:26:00Z"))
    }

    @Test func protocolErrorThrows() throws {
        let page = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
        <responseDate>2026-11-29T06:00:00Z</responseDate>
        <request verb="ListRecords">http://export.arxiv.org/oai2</request>
        <error code="badResumptionToken">The value of the resumptionToken argument is invalid or expired.</error>
        </OAI-PMH>
        """
        let path = try temporaryFile("error.xml", page)
        let error = sourceError { _ = try parse(path: path) }
        #expect(error?.file == path)
        #expect(error?.reason == "the OAI-PMH server answered badResumptionToken: The value of the resumptionToken argument is invalid or expired.")
    }

    @Test func noRecordsMatchIsANotice() throws {
        let page = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
        <responseDate>2026-11-29T06:00:00Z</responseDate>
        <request verb="ListRecords" from="2030-01-01" metadataPrefix="arXiv">http://export.arxiv.org/oai2</request>
        <error code="noRecordsMatch">The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.</error>
        </OAI-PMH>
        """
        let path = try temporaryFile("empty.xml", page)
        let parsed = try parse(path: path)
        #expect(parsed.papers.isEmpty)
        #expect(parsed.notices == ["\(path): no records match the request"])
    }

    @Test func recordWithoutTitleIsSkipped() throws {
        var text = String(decoding: try Fixtures.data("oai-listrecords-arXiv.xml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "<title>Discrete Mathematics and Physics on the Planck-Scale</title>", with: "")
        let path = try temporaryFile("notitle.xml", text)
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["1412.8544"])
        #expect(parsed.skipped == [SkippedRecord(location: RecordLocation(file: path, unit: .record, number: 2),
                                                 reason: "paper hep-th/9504118 has no title")])
    }
}
