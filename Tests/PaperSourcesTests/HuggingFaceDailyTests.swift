import Foundation
import Testing
import PaperModels
import PaperSources

@Suite("Hugging Face daily papers JSON")
struct HuggingFaceDailyTests {
    @Test func juneFile() throws {
        let path = Fixtures.path("sotawhat_hf_daily_papers_2026-06.json")
        let parsed = try parse(path: path)
        #expect(parsed.format == .hf)
        #expect(parsed.papers.count == 30)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.locations.map(\.number) == Array(1...30))
        #expect(parsed.locations.allSatisfy { $0.unit == .record && $0.file == path })
        #expect(parsed.papers.allSatisfy { $0.sources == ["hf"] && $0.community.featuredOn == "2026-06-12" && $0.version == nil })

        let msa = try parsed.paper("2606.13392")
        #expect(msa.title == "MiniMax Sparse Attention")
        #expect(msa.authors.count == 11)
        #expect(Array(msa.authors.prefix(3)) == ["Xunhao Lai", "Weiqi Xu", "Yufeng Yang"])
        #expect(msa.community.upvotes == 103)
        #expect(msa.community.githubRepo == "https://github.com/MiniMax-AI/MSA")
        #expect(msa.community.githubStars == 251)
        #expect(msa.community.organization == "MiniMax")
        #expect(msa.community.submitter == "Ryanlee")
        #expect(msa.community.keywords.count == 9)
        #expect(msa.community.keywords.first == "sparse attention")
        #expect(msa.submitted == instant("2026-06-11T00:00:00Z"))   // paper.publishedAt
        #expect(msa.feedDay == "2026-06-12")                        // submittedOnDailyAt
        #expect(msa.codeLinks == ["https://github.com/MiniMax-AI/MSA", "https://huggingface.co/MiniMaxAI/MiniMax-M3"])

        let first = try parsed.paper("2606.00467")
        #expect(first.title == "On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance")
        #expect(first.authors == ["Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez"])
        #expect(first.community.upvotes == 0)
        #expect(first.community.githubRepo == nil)
        #expect(first.community.githubStars == nil)
        #expect(first.community.organization == "California institute of technology")
        #expect(first.community.keywords.count == 14)
        #expect(first.community.keywords.last == "embedding cosine similarity")
        #expect(first.submitted == instant("2026-05-30T00:00:00Z"))
        #expect(first.codeLinks.isEmpty)
        #expect(first.categories.isEmpty)
    }

    @Test func linksFromRepoProjectPageAndAbstractAreCleanedAndUnited() throws {
        let parsed = try parseFixture("sotawhat_hf_daily_papers_2026-06.json")
        // projectPage ".../1D-Fusion-Project-Page/" and the same URL in the summary are one link.
        #expect(try parsed.paper("2606.12303").codeLinks == ["https://zju-xyc.github.io/1D-Fusion-Project-Page"])
        #expect(try parsed.paper("2606.08103").codeLinks == ["https://github.com/enlighten0707/Geometric_Primary_Structure",
                                                              "https://enlighten0707.github.io/gps"])
        #expect(try parsed.paper("2606.13174").codeLinks == ["https://github.com/YujunZhou/tellonce", "https://github.com/YujunZhou/TRACE_exp"])
        #expect(try parsed.paper("2606.13120").codeLinks == ["https://huggingface.co/datasets/Krystalan/EvoBrowseComp"])
    }

    @Test func julyFile() throws {
        let parsed = try parseFixture("allnewsai_hf_daily_papers_2026-07.json")
        #expect(parsed.papers.map(\.id) == ["2607.23193", "2607.27958", "2607.28582", "2607.28308", "2607.16922"])
        let sigma = try parsed.paper("2607.27958")
        #expect(sigma.title == "Σ-Mem: An Online Reliability Memory for LLM-based Multi-Agent Systems")
        #expect(sigma.authors == ["Peilin Feng", "Suorong Yang", "Soujanya Poria"])
        #expect(sigma.community.upvotes == 11)
        #expect(sigma.community.githubRepo == "https://github.com/declare-lab/sigma-mem")
        #expect(sigma.community.githubStars == 1)
        #expect(sigma.community.organization == "Nanyang Technological University")
        #expect(sigma.community.submitter == "Suorong Yang")
        #expect(sigma.community.keywords.isEmpty)   // this file has no ai_keywords
        #expect(sigma.community.featuredOn == "2026-07-31")
        #expect(sigma.submitted == instant("2026-07-30T00:00:00Z"))

        let omni = try parsed.paper("2607.23193")
        #expect(omni.community.organization == nil)
        #expect(omni.community.githubStars == 3)
        #expect(omni.authors == ["Jinsen Su", "Yongdong Luo", "Yuexiao Ma", "Yibo Hu", "Meiguang Jin", "Xiaowu Zheng"])
        #expect(omni.codeLinks == ["https://github.com/MAC-AutoML/OmniScope"])
        #expect(try parsed.paper("2607.16922").submitted == instant("2026-07-18T00:00:00Z"))
        #expect(try parsed.paper("2607.28582").codeLinks == ["https://umd-huang-lab.github.io/beta-opsd"])
    }

    @Test func malformedEntriesAreSkippedOthersKept() throws {
        let json = """
        [
          {"paper": {"id": "2607.27958", "title": "Σ-Mem", "upvotes": 11, "publishedAt": "2026-07-30T00:00:00.000Z"}},
          {"paper": {"id": "2607.28582", "title": "β-OPSD", "upvotes": "many"}},
          {"paper": {"title": "no id"}},
          {"paper": {"id": "not-an-id", "title": "bad id"}},
          {"paper": {"id": "2607.28308", "title": "  "}},
          {"paper": {"id": "2607.16922", "title": "Pedestrian Archetypes Extension"}, "submittedBy": {"fullname": "S M Jubaer"}}
        ]
        """
        let path = try temporaryFile("hf.json", json)
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.id) == ["2607.27958", "2607.16922"])
        #expect(parsed.locations.map(\.number) == [1, 6])
        #expect(parsed.skipped.map(\.location.number) == [2, 3, 4, 5])
        #expect(parsed.skipped.allSatisfy { $0.location.file == path && $0.location.unit == .record })
        #expect(parsed.skipped.map(\.reason) == [
            "wrong type at paper.upvotes", "missing \"id\"", "\"not-an-id\" is not an arXiv id", "paper 2607.28308 has no title",
        ])
        #expect(try parsed.paper("2607.16922").community.submitter == "S M Jubaer")
    }

    @Test func notAnArrayThrows() throws {
        let path = try temporaryFile("cut.json", "[{\"paper\": {\"id\": \"2607.27958\", \"title\": \"Σ-Mem\"}}, {\"paper\": ")
        let error = sourceError { _ = try parse(path: path) }
        #expect(error?.file == path)
        #expect(error?.reason.hasPrefix("not a Hugging Face daily-papers JSON array") == true)
    }
}
