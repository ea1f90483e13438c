import PaperModels
@testable import PaperViews
import Testing

@Suite("HTML builder")
struct HTMLTests {
    @Test func textAndAttributesAreEscaped() {
        let node = el("a", .href("/x?a=1&b=\"2\"")) { "<b>Tom & 'Jerry'</b>\u{0}\u{1B}" }
        #expect(node.renderHTML() == "<a href=\"/x?a=1&amp;b=&quot;2&quot;\">&lt;b&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;</a>")
    }

    @Test func voidElementsInHTMLSelfClosingInXML() {
        let node = el("p") { el("input", .flag("required"), .init("name", "q")); el("link", .href("h")) }
        #expect(node.renderHTML() == "<p><input required name=\"q\"><link href=\"h\"></p>")
        #expect(node.renderXML() == "<p><input required name=\"q\"/><link href=\"h\"/></p>")
    }

    @Test func snippetsMarkOnlyMatches() {
        let snippet = Snippet(parts: [.init(text: "a <x> ", matched: false), .init(text: "vision", matched: true)])
        #expect(snippet.html == "a &lt;x&gt; <mark>vision</mark>")
    }

    @Test func linksEncodeTheirQueries() {
        #expect(Route.url(Route.search, [("q", "a b&c=\"d\""), ("cat", nil), ("page", "")]) == "/search?q=a%20b%26c%3D%22d%22")
        #expect(Route.paper("astro-ph/9204001") == "/papers/astro-ph/9204001")
        #expect(Route.paper("local:abc") == "/papers/local:abc")
    }

    @Test func onlyWebLinksAreClickable() {
        #expect(SafeURL.isWeb("https://github.com/a/b"))
        #expect(!SafeURL.isWeb("javascript:alert(1)"))
        #expect(!SafeURL.isWeb("JaVaScRiPt:alert(1)"))
        #expect(!SafeURL.isWeb("https://a b"))
    }

    @Test func readableLaTeX() {
        #expect(ReadableText.latex("$\\alpha$-stable \\emph{new} $O(n^{2})$ 50\\% of \\mathcal{L}") == "α-stable new O(n^2) 50% of L")
        #expect(ReadableText.latex("no latex <here>") == "no latex <here>")
        #expect(ReadableText.latex("\\unknown{x} \\") == "\\unknownx \\")
    }
}
