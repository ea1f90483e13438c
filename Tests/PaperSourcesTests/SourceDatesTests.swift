import Foundation
import Testing
import PaperModels
import PaperSources

/// The date formats of every source, checked through public parse results: a JSONL record's
/// `versions[].created` is read as RFC 2822 and its `first_listed` as ISO 8601.
@Suite("Source dates")
struct SourceDatesTests {
    static func submitted(created: String? = nil, firstListed: String? = nil) throws -> Date? {
        var record: [String: Any] = ["id": "0704.0001", "title": "A title"]
        if let created { record["versions"] = [["version": "v1", "created": created]] }
        if let firstListed { record["first_listed"] = firstListed }
        let line = try JSONSerialization.data(withJSONObject: record)
        let parsed = try parse(path: try temporaryFile("dates.jsonl", line + Data("\n".utf8)), as: .jsonl)
        #expect(parsed.skipped.isEmpty)
        return try #require(parsed.papers.first).submitted
    }

    @Test("RFC 2822 as arXiv writes it", arguments: [
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02T19:18:42Z"),
        ("2 Apr 2007 19:18:42 GMT", "2007-04-02T19:18:42Z"),          // without weekday
        ("Fri, 17 Mar 23 00:31:14 GMT", "2023-03-17T00:31:14Z"),       // two-digit year
        ("Wed, 29 Mar 95 05:13:29 GMT", "1995-03-29T05:13:29Z"),
        ("Fri,  3 Mar 23 01:36:02 GMT", "2023-03-03T01:36:02Z"),       // padded day, as in listing e-mails
        ("Thu, 29 Feb 2024 23:59:59 GMT", "2024-02-29T23:59:59Z"),
        ("Mon, 2 Apr 2007 14:18:42 -0500", "2007-04-02T19:18:42Z"),    // numeric zone
        ("Mon, 2 Apr 2007 21:18:42 +0200", "2007-04-02T19:18:42Z"),
        ("Mon, 2 Apr 2007 19:18:42 +0000", "2007-04-02T19:18:42Z"),
        ("Mon, 2 Apr 2007 19:18 GMT", "2007-04-02T19:18:00Z"),
        ("2 April 2007", "2007-04-02T00:00:00Z"),
    ])
    func rfc2822(text: String, expected: String) throws {
        #expect(try Self.submitted(created: text) == instant(expected))
    }

    @Test("ISO 8601 as the APIs write it", arguments: [
        ("2007-04-02", "2007-04-02T00:00:00Z"),
        ("2007-04-02T19:18:42Z", "2007-04-02T19:18:42Z"),
        ("2026-07-28T00:00:00.000Z", "2026-07-28T00:00:00Z"),           // Hugging Face, with fraction
        ("2026-07-31T16:45:27.391Z", "2026-07-31T16:45:27Z"),
        ("2007-04-02 19:18:42", "2007-04-02T19:18:42Z"),
        ("2016-10-09T00:00:00-04:00", "2016-10-09T04:00:00Z"),          // offset, as in the 2016 feed header
        ("2007-04-02T21:18:42+02:00", "2007-04-02T19:18:42Z"),
        ("2007-04-02T19:18:42.5+00:00", "2007-04-02T19:18:42Z"),
    ])
    func iso8601(text: String, expected: String) throws {
        #expect(try Self.submitted(firstListed: text) == instant(expected))
    }

    @Test("impossible or garbled dates are no date", arguments: [
        "Mon, 31 Apr 2007 19:18:42 GMT", "Thu, 29 Feb 2023 10:00:00 GMT", "Mon, 2 Foo 2007 19:18:42 GMT",
        "Mon, 2 Apr 2007 25:18:42 GMT", "Mon, 2 Apr 2007 19:61:42 GMT", "Mon, 2 Apr 2007 19h18 GMT",
        "", "yesterday", "2007-04-02T19:18:42Z",
    ])
    func badRFC2822(text: String) throws {
        #expect(try Self.submitted(created: text) == nil)
    }

    @Test("garbled ISO dates are no date", arguments: [
        "2007-02-30", "2007-13-01", "2007-4-2", "2007-04-02T19:18", "2007-04-02X19:18:42Z", "20070402", "Mon, 2 Apr 2007",
        "2007-04-02T19:18:42+5", "2007-04-02T19:18:42Zjunk",
    ])
    func badISO(text: String) throws {
        #expect(try Self.submitted(firstListed: text) == nil)
    }

    @Test func datesInEveryFormatAgree() throws {
        // 0704.0001's first version, as three sources write it.
        let kaggle = try parseFixture("kaggle-first200.jsonl").paper("0704.0001")
        let abs = try parseFixture("abs/arxiv_0704.0001.abs").paper("0704.0001")
        let raw = try parseFixture("oai-listrecords-arXivRaw.xml").paper("0704.0001")
        #expect(kaggle.submitted == instant("2007-04-02T19:18:42Z"))
        #expect(abs.versions == kaggle.versions)
        #expect(raw.versions == kaggle.versions)
    }
}
