import Testing
import PaperModels

@Suite("ArxivID")
struct ArxivIDTests {
    @Test("accepts every spelling sources use", arguments: [
        // New style, 4 digits (0704–1412) and 5 digits (1501 on).
        ("0704.0001", "0704.0001", nil),
        ("1412.8544", "1412.8544", nil),
        ("1501.00001", "1501.00001", nil),
        ("2503.11677", "2503.11677", nil),
        ("2503.11677v3", "2503.11677", 3),
        ("1111.2011v2", "1111.2011", 2),
        // Old style, with and without subject class and version.
        ("astro-ph/9204001", "astro-ph/9204001", nil),
        ("astro-ph/0601001v1", "astro-ph/0601001", 1),
        ("hep-th/9504118", "hep-th/9504118", nil),
        ("math.AG/0601001", "math/0601001", nil),
        ("math.AG/0601001v2", "math/0601001", 2),
        ("solv-int/9901001", "solv-int/9901001", nil),
        // Prefixes and URLs.
        ("arXiv:2503.11677", "2503.11677", nil),
        ("arXiv:2503.11677v2", "2503.11677", 2),
        ("arxiv:1412.8544", "1412.8544", nil),
        ("oai:arXiv.org:1303.2033", "1303.2033", nil),
        ("oai:arXiv.org:hep-th/9504118", "hep-th/9504118", nil),
        ("http://arxiv.org/abs/1707.08567v1", "1707.08567", 1),
        ("https://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001", 1),
        ("https://arxiv.org/pdf/1707.08567v1", "1707.08567", 1),
        ("https://arxiv.org/pdf/2503.11677v2.pdf", "2503.11677", 2),
        ("http://arxiv.org/abs/1303.2033", "1303.2033", nil),
        ("  2503.11677\n", "2503.11677", nil),
        ("https://arxiv.org/abs/2503.11677v2?context=cs", "2503.11677", 2),
        ("https://arxiv.org/abs/2503.11677/", "2503.11677", nil),
        ("https://arxiv.org/abs/2503.11677#S2", "2503.11677", nil),
        ("arxiv.org/abs/hep-th/9504118", "hep-th/9504118", nil),
        ("ARXIV:2503.11677", "2503.11677", nil),
    ] as [(String, String, Int?)])
    func parses(raw: String, bare: String, version: Int?) throws {
        let id = try #require(ArxivID(raw))
        #expect(id.bare == bare)
        #expect(id.version == version)
    }

    @Test("rejects what is not an arXiv id", arguments: [
        "", "   ", "abc", "1234.5", "0000.0000", "1213.0001", "2500.12345",
        "2503.1167",       // 4 digits after the switch to 5 digits in 1501
        "0704.00001",      // 5 digits before 1501
        "0612.1234",       // new style did not exist before 0704
        "12345.6789", "2503.11677v", "2503.11677v0", "2503.11677.",
        "/0601001", "./0601001", "astro-ph/", "astro-ph/92040", "astro-ph/92040011",
        "Astro-Ph/9204001", "astro-ph/9213001", "local:c222f6116e136a30",
        "https://example.org/page", "https://arxiv.org/abs/", "doi:10.1103/PhysRevD.76.013009",
    ])
    func rejects(raw: String) {
        #expect(ArxivID(raw) == nil)
    }

    @Test func descriptionAndURLs() throws {
        let id = try #require(ArxivID("arXiv:2503.11677v3"))
        #expect(id.description == "2503.11677v3")
        #expect(id.absURL == "https://arxiv.org/abs/2503.11677")
        #expect(id.pdfURL == "https://arxiv.org/pdf/2503.11677")
        let old = try #require(ArxivID("math.AG/0601001"))
        #expect(old.description == "math/0601001")
        #expect(old.absURL == "https://arxiv.org/abs/math/0601001")
    }

    @Test func spellingsOfTheSamePaperAreEqual() throws {
        let a = try #require(ArxivID("http://arxiv.org/abs/1707.08567v1"))
        let b = try #require(ArxivID("arXiv:1707.08567v1"))
        let c = try #require(ArxivID("1707.08567"))
        #expect(a == b)
        #expect(a != c)
        #expect(a.bare == c.bare)
        #expect(Set([a, b, c]).count == 2)
    }
}
