import Testing
import PaperModels

/// The messy sentences are copied verbatim from abstracts in
/// Tests/PaperSourcesTests/Fixtures/hf-papers-listing.txt (PageListingTests checks them end to end).
@Suite("CodeLinks")
struct CodeLinksTests {
    @Test func latexEscapedDuplicateInBraces() {
        let text = "The source codes will be available at~https://github.com/Med-Process/Strip_MLP{https://github.com/Med-Process/Strip\\_MLP."
        #expect(CodeLinks.extract(from: text) == ["https://github.com/Med-Process/Strip_MLP"])
    }

    @Test func linkTextsGluedToTheURL() {
        let text = "We release code and data on https://anonymous.4open.science/r/CHMCorrPlusPlus/{github}. Our interface are available http://137.184.82.109:7080/{here}."
        #expect(CodeLinks.extract(from: text) == [
            "https://anonymous.4open.science/r/CHMCorrPlusPlus",
            "http://137.184.82.109:7080",
        ])
    }

    @Test func trailingCommaAndFullStop() {
        let text = "We provide project page at https://haochen-rye.github.io/HNeRV, and Code at https://github.com/haochen-rye/HNeRV"
        #expect(CodeLinks.extract(from: text) == ["https://haochen-rye.github.io/HNeRV", "https://github.com/haochen-rye/HNeRV"])
        #expect(CodeLinks.extract(from: "The source codes are at: https://github.com/WongKinYiu/yolov9.")
                == ["https://github.com/WongKinYiu/yolov9"])
        #expect(CodeLinks.extract(from: "Code is available at https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB.")
                == ["https://github.com/mindspore-lab/models/tree/master/research/huawei-noah/SLAB"])
        #expect(CodeLinks.extract(from: "Project page: https://raphael-painter.github.io/.") == ["https://raphael-painter.github.io"])
    }

    @Test func twoLinksWithoutPunctuationBetween() {
        let text = "TensorFlow code and models are available at https://github.com/google-research/deeplab2 A PyTorch re-implementation is also available at https://github.com/bytedance/kmax-deeplab"
        #expect(CodeLinks.extract(from: text) == ["https://github.com/google-research/deeplab2", "https://github.com/bytedance/kmax-deeplab"])
    }

    @Test func deduplicatesAcrossTextsInOrder() {
        let abstract = "Code: https://github.com/SAP/toolsense. See also https://example.org/docs/"
        let comments = "Code at https://github.com/SAP/toolsense and\n  https://huggingface.co/datasets/SAP/toolsense"
        #expect(CodeLinks.extract(from: abstract, nil, comments) == [
            "https://github.com/SAP/toolsense",
            "https://example.org/docs",
            "https://huggingface.co/datasets/SAP/toolsense",
        ])
        #expect(CodeLinks.extract(from: nil, nil) == [])
        #expect(CodeLinks.extract(from: "no links here, only github and a url-less sentence.") == [])
    }

    @Test func wrappersAndParentheses() {
        #expect(CodeLinks.extract(from: "code: \\url{https://github.com/a-b/c\\_d}.") == ["https://github.com/a-b/c_d"])
        #expect(CodeLinks.extract(from: "(code: https://github.com/ml-jku/hopfield-layers)") == ["https://github.com/ml-jku/hopfield-layers"])
        #expect(CodeLinks.extract(from: "see https://en.wikipedia.org/wiki/Mercury_(planet).") == ["https://en.wikipedia.org/wiki/Mercury_(planet)"])
        #expect(CodeLinks.extract(from: "<https://github.com/a/b>") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "\"https://github.com/a/b\",") == ["https://github.com/a/b"])
    }

    @Test func typographicPunctuationAroundLinks() {
        #expect(CodeLinks.extract(from: "code at \u{201C}https://github.com/a/b\u{201D}.") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "代码见https://github.com/a/b。") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "(see https://github.com/a/b\u{2019}s README)") == ["https://github.com/a/b"])
    }

    @Test func bareHostLinksGetAScheme() {
        #expect(CodeLinks.extract(from: "Code: github.com/qiuzh20/RMoE.") == ["https://github.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "Code: www.github.com/qiuzh20/RMoE.") == ["https://www.github.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "at https://github.com/a/b and github.com/a/b") == ["https://github.com/a/b"])
        #expect(CodeLinks.extract(from: "Code: GitHub.com/qiuzh20/RMoE") == ["https://GitHub.com/qiuzh20/RMoE"])
        #expect(CodeLinks.extract(from: "Code: HTTPS://GITHUB.COM/A/B.") == ["HTTPS://GITHUB.COM/A/B"])
    }

    @Test func rejectsLinksWithoutAHost() {
        #expect(CodeLinks.extract(from: "the https:// scheme and http:// too") == [])
        #expect(CodeLinks.extract(from: "served on http://localhost:8080/") == [])
    }

    @Test func repositoryHosts() {
        #expect(CodeLinks.isRepository("https://github.com/haochen-rye/HNeRV"))
        #expect(CodeLinks.isRepository("https://gitlab.com/group/project"))
        #expect(CodeLinks.isRepository("https://huggingface.co/spaces/Jiaqi-hkust/Robust-U1"))
        #expect(CodeLinks.isRepository("https://www.github.com/qiuzh20/RMoE"))
        #expect(CodeLinks.isRepository("https://bitbucket.org/a/b"))
        #expect(CodeLinks.isRepository("https://codeberg.org/a/b"))
        #expect(CodeLinks.isRepository("https://GitHub.com/A/B"))
        #expect(!CodeLinks.isRepository("https://haochen-rye.github.io/HNeRV"))
        #expect(!CodeLinks.isRepository("https://anonymous.4open.science/r/CHMCorrPlusPlus"))
        #expect(!CodeLinks.isRepository("http://137.184.82.109:7080"))
        #expect(!CodeLinks.isRepository("https://notgithub.com/a/b"))
        #expect(!CodeLinks.isRepository("github.com/a/b"))
        #expect(!CodeLinks.isRepository("not a url"))
    }
}
