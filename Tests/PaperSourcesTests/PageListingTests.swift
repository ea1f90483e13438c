import Foundation
import Testing
import PaperModels
import PaperSources

/// Fixtures/hf-papers-listing.txt: a page of papers copied as plain text (five header lines, then
/// title / blank line / abstract / blank line for each paper). Counted by hand: 122 papers.
@Suite("Plain page listing")
struct PageListingTests {
    static let firstTitle = "LRP-QViT: Mixed-Precision Vision Transformer Quantization via Layer-wise Relevance Propagation"

    @Test func papersAndHeader() throws {
        let path = Fixtures.path("hf-papers-listing.txt")
        let parsed = try parse(path: path)
        #expect(parsed.format == .listing)
        #expect(parsed.papers.count == 122)
        #expect(parsed.skipped.isEmpty)
        #expect(parsed.papers.first?.title == Self.firstTitle)
        #expect(parsed.papers.first?.abstract.hasPrefix("Vision transformers (ViTs) have demonstrated remarkable performance") == true)
        #expect(parsed.papers.last?.title == "Adaptive Computation Modules: Granular Conditional Computation For Efficient Inference")
        #expect(parsed.locations.first == RecordLocation(file: path, unit: .line, number: 11))
        #expect(parsed.locations.last?.number == 495)
        let titles = Set(parsed.papers.map(\.title))
        for header in ["New", "new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", "Mar 11"] {
            #expect(!titles.contains(header))
        }
        #expect(parsed.papers.allSatisfy { $0.sources == ["listing"] && $0.abstract.count >= 200 && $0.authors.isEmpty && $0.submitted == nil })
    }

    @Test func localIDsAreTitleHashesAndStable() throws {
        let first = try parseFixture("hf-papers-listing.txt")
        let second = try parseFixture("hf-papers-listing.txt")
        #expect(first.papers.allSatisfy { $0.id.hasPrefix("local:") && $0.id.count == 22 })
        #expect(Set(first.papers.map(\.id)).count == 122)
        #expect(first.papers.map(\.id) == second.papers.map(\.id))
        #expect(first.papers.first?.id == "local:c222f6116e136a30")   // FNV-1a of the title key, computed independently
        #expect(first.papers.allSatisfy { $0.id == Paper.localID(title: $0.title) && $0.arxivID == nil })
    }

    @Test func messyCodeLinksAreCleaned() throws {
        let parsed = try parseFixture("hf-papers-listing.txt")
        func links(_ title: String) throws -> [String] {
            try #require(parsed.papers.first { $0.title == title }, "no paper \(title)").codeLinks
        }
        #expect(try links("Strip-MLP: Efficient Token Interaction for Vision MLP") == ["https://github.com/Med-Process/Strip_MLP"])
        #expect(try links("HNeRV: A Hybrid Neural Representation for Videos")
                == ["https://haochen-rye.github.io/HNeRV", "https://github.com/haochen-rye/HNeRV"])
        #expect(try links("Allowing humans to interactively guide machines where to look does not always improve a human-AI team's classification accuracy")
                == ["https://anonymous.4open.science/r/CHMCorrPlusPlus", "http://137.184.82.109:7080"])
        let all = parsed.papers.flatMap(\.codeLinks)
        #expect(all.count == 36)   // 37 URLs in the file, one of them written twice in the same abstract
        #expect(all.allSatisfy { link in
            !link.contains("{") && !link.contains("}") && !link.contains("\\") && !".,;:)/".contains(link.last!)
        })
    }

    @Test func damagedListingReportsOrphans() throws {
        let abstract = String(repeating: "An abstract long enough to be taken for one. ", count: 6)
        let text = "Header\n\nFirst title\n\n\(abstract)\n\nSecond title\n\n\(abstract)\n\nA title without abstract\n"
        let path = try temporaryFile("listing.txt", text)
        let parsed = try parse(path: path)
        #expect(parsed.papers.map(\.title) == ["First title", "Second title"])
        #expect(parsed.skipped == [SkippedRecord(location: RecordLocation(file: path, unit: .line, number: 11),
                                                 reason: "a title with no abstract after it")])
    }

    @Test func listingWithoutPapersThrows() throws {
        let path = try temporaryFile("short.txt", "Just\n\na few\n\nshort lines\n")
        let error = sourceError { _ = try parse(path: path) }
        #expect(error == SourceError(file: path, reason: "no title-and-abstract pair found in this listing"))
    }
}
