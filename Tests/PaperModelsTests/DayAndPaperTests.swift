import Foundation
import Testing
import PaperModels

@Suite("Day")
struct DayTests {
    @Test func stringOfAnyInstantOfTheUTCDay() {
        #expect(Day.string(Date(timeIntervalSince1970: 0)) == "1970-01-01")
        #expect(Day.string(Date(timeIntervalSince1970: 1_795_910_400)) == "2026-11-29")
        #expect(Day.string(Date(timeIntervalSince1970: 1_795_996_799)) == "2026-11-29")
        #expect(Day.string(Date(timeIntervalSince1970: 1_795_996_800)) == "2026-11-30")
        #expect(Day.string(Date(timeIntervalSince1970: 1_709_164_800)) == "2024-02-29")
    }

    @Test func dateIsMidnightUTC() {
        #expect(Day.date("2026-11-29") == Date(timeIntervalSince1970: 1_795_910_400))
        #expect(Day.date("2024-02-29") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(Day.date("1970-01-01") == Date(timeIntervalSince1970: 0))
    }

    @Test("rejects anything but a real YYYY-MM-DD day", arguments: [
        "", "2026-11", "2026-11-29T00:00:00Z", "2026-13-01", "2026-00-10", "2026-02-30", "2025-02-29",
        "2026-1-05", "26-01-05", "2026--01-05", "2026-01--05", "+202-01-05", "2026-+1-05", "2026-01-+5",
        " 2026-01-05", "2026-01-05 ", "2026/01/05", "abcd-ef-gh",
        // digits that are not ASCII, and a digit with a combining mark: read on bytes, not characters
        "２０２６-01-05", "2026-0١-05", "2026-01-0\u{301}5", "2026-01-05\u{301}",
    ])
    func rejects(text: String) {
        #expect(Day.date(text) == nil)
    }

    @Test func roundTrip() throws {
        for text in ["2007-04-02", "1992-04-01", "2026-12-31", "2000-02-29"] {
            #expect(Day.string(try #require(Day.date(text))) == text)
        }
    }
}

@Suite("Paper")
struct PaperTests {
    @Test func arxivLinks() {
        let paper = Paper(id: "astro-ph/0601001", title: "t", abstract: "", categories: ["astro-ph", "gr-qc"])
        #expect(paper.arxivID?.bare == "astro-ph/0601001")
        #expect(paper.absURL == "https://arxiv.org/abs/astro-ph/0601001")
        #expect(paper.pdfURL == "https://arxiv.org/pdf/astro-ph/0601001")
        #expect(paper.primaryCategory == "astro-ph")
        let local = Paper(id: Paper.localID(title: "HNeRV"), title: "HNeRV", abstract: "")
        #expect(local.arxivID == nil)
        #expect(local.absURL == nil)
        #expect(local.primaryCategory == nil)
    }

    @Test func feedDayPrefersTheFeaturedDay() {
        let submitted = Date(timeIntervalSince1970: 1_795_996_799)   // 2026-11-29T23:59:59Z
        var paper = Paper(id: "2611.00001", title: "t", abstract: "", submitted: submitted)
        #expect(paper.feedDay == "2026-11-29")
        paper.community.featuredOn = "2026-12-01"
        #expect(paper.feedDay == "2026-12-01")
        #expect(Paper(id: "x", title: "t", abstract: "").feedDay == nil)
    }

    @Test func codableRoundTrip() throws {
        let paper = Paper(id: "0704.0001", version: 2, title: "T", abstract: "A", authors: ["C. Balázs"], categories: ["hep-ph"],
                          submitted: Date(timeIntervalSince1970: 1_175_541_522), updated: Date(timeIntervalSince1970: 1_185_307_827),
                          versions: [PaperVersion(number: 1, date: Date(timeIntervalSince1970: 1_175_541_522)), PaperVersion(number: 2, date: nil)],
                          comments: "c", journalRef: "j", doi: "d", license: "l", codeLinks: ["https://github.com/a/b"],
                          community: Community(upvotes: 1, githubRepo: "r", githubStars: 2, submitter: "s", organization: "o",
                                               keywords: ["k"], featuredOn: "2007-04-03"),
                          sources: ["kaggle"])
        let decoded = try JSONDecoder().decode(Paper.self, from: JSONEncoder().encode(paper))
        #expect(decoded == paper)
    }
}

@Suite("Day arithmetic against Foundation's calendar") struct DayCalendarTests {
    /// Every 7th day from 1600 to 2400 (leap centuries included) formats as Foundation's
    /// Gregorian UTC calendar says, and parses back to the same instant.
    @Test func agreesWithCalendarOverEightCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let start = try #require(Day.date("1600-01-01"))
        for step in stride(from: 0, to: 292_000, by: 7) {
            let date = start.addingTimeInterval(Double(step) * 86_400 + 3_723)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            #expect(Day.string(date) == expected)
            #expect(Day.date(expected) == calendar.date(from: parts))
        }
    }
}
