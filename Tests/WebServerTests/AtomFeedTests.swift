import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The Atom feeds, read back with an XML parser and checked against RFC 4287's required elements.
@Suite("Atom feeds")
struct AtomFeedTests {
    /// What a feed reader would see: the feed's own elements and each entry's.
    final class AtomReader: NSObject, XMLParserDelegate {
        struct Entry { var fields: [String: String] = [:]; var links: [[String: String]] = []; var authors = 0 }
        var feedFields: [String: String] = [:]
        var root: String?
        var entries: [Entry] = []
        private var path: [String] = []
        private var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            if root == nil { root = name + "|" + (attributes["xmlns"] ?? "") }
            if name == "entry" { entries.append(Entry()) }
            if name == "link", path.last == "entry" { entries[entries.count - 1].links.append(attributes) }
            if name == "author", path.last == "entry" { entries[entries.count - 1].authors += 1 }
            path.append(name)
            text = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            path.removeLast()
            if path.last == "entry" { entries[entries.count - 1].fields[name] = text }
            if path.last == "feed" { feedFields[name] = text }
        }
    }

    static func read(_ body: String) throws -> AtomReader {
        let reader = AtomReader()
        let parser = XMLParser(data: Data(body.utf8))
        parser.delegate = reader
        #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        return reader
    }

    @Test("every feed is well-formed Atom with the required elements", arguments: [
        ("/papers.atom?date=2026-06-12", 31), ("/papers.atom?week=2026-W24&cat=cs.CV", 1), ("/trending.atom?window=day", 31),
        ("/search.atom?q=quantization", -1),
    ])
    func feeds(uri: String, count: Int) async throws {
        try await TestSite.withClient { client in
            let response = try await client.get(uri)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
            let feed = try Self.read(response.body)
            #expect(feed.root == "feed|http://www.w3.org/2005/Atom")
            for field in ["id", "title", "updated"] { #expect(feed.feedFields[field]?.isEmpty == false, "feed \(field)") }
            #expect(feed.feedFields["id"]?.hasPrefix(TestSite.baseURL) == true)
            if count >= 0 { #expect(feed.entries.count == count) } else { #expect(!feed.entries.isEmpty) }
            let rfc3339 = Date.ISO8601FormatStyle()
            for entry in feed.entries {
                #expect(entry.fields["id"]?.hasPrefix(TestSite.baseURL + "/papers/") == true)
                #expect(entry.fields["title"]?.isEmpty == false)
                #expect(entry.fields["updated"].flatMap { try? rfc3339.parse($0) } != nil)
                #expect(entry.links.contains { $0["rel"] == "alternate" && $0["href"] == entry.fields["id"] })
            }
        }
    }

    @Test func hostileTextSurvivesAsText() async throws {
        try await TestSite.withClient { client in
            let feed = try Self.read(try await client.get("/search.atom?q=quantization+cat:cs.CV").body)
            let entry = try #require(feed.entries.first { $0.fields["id"]?.hasSuffix("/papers/2606.99999") == true })
            #expect(entry.fields["title"] == "<script>alert('t')</script> & \"Ünïcode\" α ")
            #expect(entry.fields["summary"]?.hasPrefix("<img src=x onerror=alert(1)> ]]> &amp; </summary>") == true)
            #expect(entry.authors == 2)
        }
    }
}
