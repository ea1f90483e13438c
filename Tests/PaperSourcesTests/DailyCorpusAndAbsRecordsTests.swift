import Foundation
import Testing
import PaperModels
import PaperSources

@Suite("Daily-arXiv corpus and converted .abs records (JSONL)")
struct DailyCorpusAndAbsRecordsTests {
    @Test func dailyCorpus() throws {
        let parsed = try parseFixture("daily-corpus-40.jsonl")
        #expect(parsed.format == .jsonl)
        #expect(parsed.papers.count == 40)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.papers.first?.id == "2503.11677")
        #expect(parsed.papers.last?.id == "2503.12015")
        // Every record of this file was first listed on 2025-03-18 and carries no version list.
        #expect(parsed.papers.allSatisfy { $0.submitted == instant("2025-03-18T00:00:00Z") && $0.versions.isEmpty && $0.version == nil })

        let first = try parsed.paper("2503.11677")
        #expect(first.title == "Simulation of prosthetic vision with PRIMA system and enhancement of face representation")
        #expect(first.authors == ["Jungyeon Park", "Anna Kochnev Goldstein", "Yueming Zhou", "Nathan Jensen", "Daniel Palanker"])
        #expect(first.categories == ["cs.HC", "cs.CV"])
        #expect(first.comments == nil)
        #expect(first.updated == nil)
        #expect(first.abstract.hasPrefix("Objective. Patients implanted with the PRIMA photovoltaic subretinal prosthesis in geographic atrophy"))

        #expect(try parsed.paper("2503.11742").authors.first == "Moreno D'Incà")
        #expect(try parsed.paper("2503.11742").comments == "Work in progress")
        let iris = try parsed.paper("2503.11930")
        #expect(iris.comments == "for associated iris database, see https://huggingface.co/datasets/fatdove/Iris_Database")
        #expect(iris.codeLinks == ["https://huggingface.co/datasets/fatdove/Iris_Database"])
        #expect(try parsed.paper("2503.11806").codeLinks == ["https://www.projectaria.com/scenescript"])
        #expect(try parsed.paper("2503.12014").codeLinks == ["https://zs1314.github.io/DMSR"])
    }

    @Test func dailyCorpusCategoriesAreArxivCategoriesOnly() throws {
        // The corpus lists the MSC and ACM classes of 2503.11954 among its categories.
        let paper = try parseFixture("daily-corpus-40.jsonl").paper("2503.11954")
        #expect(paper.categories == ["eess.IV", "cs.AI", "cs.CV", "cs.IT", "cs.LG", "math.IT"])
        #expect(paper.comments == "11 pages, 13 figures, Submitted to IEEE Transactions on Communications (Under Review)")
    }

    @Test func absRecords() throws {
        let parsed = try parseFixture("abs-records-40.jsonl")
        #expect(parsed.papers.count == 40)
        #expect(parsed.skipped.isEmpty)
        #expect(Array(parsed.papers.prefix(3).map(\.id)) == ["acc-phys/9411001", "acc-phys/9411002", "acc-phys/9411003"])

        let first = try parsed.paper("acc-phys/9411001")
        #expect(first.title == "Symplectic Computation of Lyapunov Exponents")
        #expect(first.authors == ["Salman Habib", "Robert D. Ryne"])
        #expect(first.categories == ["acc-phys", "physics.acc-ph"])
        #expect(first.comments == "12 pages, uuencoded PostScript (figures included)")
        #expect(first.versions == [PaperVersion(number: 1, date: instant("1994-11-01T18:57:48Z"))])
        #expect(first.community.submitter == "Salman Habib")

        #expect(try parsed.paper("acc-phys/9411002").authors == ["Patrick L. Nash"])
        #expect(try parsed.paper("0704.0025").authors == ["A. S. Mishchenko", "N. Nagaosa"])
        #expect(try parsed.paper("0704.0024").authors == ["A.A. Serga", "M. Kostylev", "B. Hillebrands"])

        let revised = try parsed.paper("ao-sci/9502001")
        #expect(revised.version == 4)
        #expect(revised.submitted == instant("1995-02-08T20:23:11Z"))
        #expect(revised.updated == instant("1995-03-10T22:40:57Z"))
        #expect(revised.codeLinks == ["http://www.gfdl.gov/~smg/pointers/geo_physics_abstracts/GB.html"])

        let kaggleTwin = try parsed.paper("0704.0001")
        #expect(kaggleTwin.journalRef == "Phys.Rev.D76:013009,2007")   // written `journal_ref` in this file
        #expect(kaggleTwin.doi == "10.1103/PhysRevD.76.013009")
        #expect(kaggleTwin.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(try parsed.paper("acc-phys/9503001").doi == "10.1016/0168-9002(96)88028-4")
    }
}
