import Foundation
import TestSupport
import Testing

/// A real browser on the running site: Debian's chromium, headless (installed by scripts/setup.sh),
/// loads the pages a person opens, and the tests read the DOM it built. Screenshots at phone and
/// desktop widths are saved beside the build products (`browser-*.png`), for a person to look at.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs headless chromium with `arguments` on `url`; returns what it printed on stdout.
    static func browse(_ url: String, _ arguments: [String]) throws -> String {
        let browser = try #require(chromium, "chromium is missing: scripts/setup.sh installs it")
        let profile = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"] + arguments + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func pagesAsABrowserBuildsThem() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, _, port) = try ServeCommandTests.start(db: directory.appendingPathComponent("paperboy.sqlite").path)
        defer { ServeCommandTests.stop(server) }
        let base = "http://127.0.0.1:\(port)"
        let feed = try Self.browse(base + "/", ["--dump-dom"])
        #expect(feed.contains("<h1>Papers of 2026-07-"))
        #expect(feed.contains("<ol class=\"papers\""))
        let paperID = try #require(feed.components(separatedBy: "<h2><a href=\"/papers/").dropFirst().first?.prefix { $0 != "\"" })
        let paper = try Self.browse(base + "/papers/\(paperID)", ["--dump-dom"])
        #expect(paper.contains("<h2>Abstract</h2>") && paper.contains("href=\"https://arxiv.org/pdf/\(paperID)\""))
        #expect(paper.contains("Sign in to upvote"))
        let search = try Self.browse(base + "/search?q=vision+transformer", ["--dump-dom"])
        #expect(search.contains("<mark>"))
        let signIn = try Self.browse(base + "/signin", ["--dump-dom"])
        #expect(signIn.contains("type=\"email\"") && signIn.contains("Send me a sign-in link"))

        let products = PaperboyProcess.executable.deletingLastPathComponent()
        for (name, size) in [("phone", "412,915"), ("desktop", "1280,900")] {
            let file = products.appendingPathComponent("browser-feed-\(name).png")
            try? FileManager.default.removeItem(at: file)
            _ = try Self.browse(base + "/", ["--screenshot=\(file.path)", "--window-size=\(size)", "--hide-scrollbars"])
            let png = try Data(contentsOf: file)
            #expect(png.count > 10_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name) screenshot")
        }
    }

    /// Sign-in and an upvote with the keyboard only (scripts/browser-keyboard.py drives chromium
    /// over the DevTools protocol: Tab to a control, type, Enter).
    @Test func keyboardOnlySignInAndUpvote() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (server, log, port) = try ServeCommandTests.start(db: directory.appendingPathComponent("paperboy.sqlite").path)
        defer { ServeCommandTests.stop(server) }
        let base = "http://127.0.0.1:\(port)"
        let (_, top) = try await ServeCommandTests.get(port, "/api/daily_papers?limit=1")
        let paperID = try #require(top.components(separatedBy: "\"id\":\"").dropFirst().first?.prefix { $0 != "\"" })
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/browser-keyboard.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, try #require(Self.chromium), base, String(paperID), "keys@example.org"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The script's lines as they come (a blocking read: it answers within seconds or exits).
        var lines: [String] = [], pending = ""
        while case let data = output.fileHandleForReading.availableData, !data.isEmpty {
            pending += String(decoding: data, as: UTF8.self)
            while let end = pending.firstIndex(of: "\n") {
                let line = String(pending[..<end])
                pending = String(pending[pending.index(after: end)...])
                lines.append(line)
                guard line == "link?" else { continue }
                try await Task.sleep(for: .milliseconds(300))
                // The link names the public address (--base-url); the browser reaches the server on loopback.
                let link = log.value.components(separatedBy: "sign-in link for keys@example.org: https://papers.example.org").last?
                    .prefix { !$0.isWhitespace } ?? ""
                input.fileHandleForWriting.write(Data((base + link + "\n").utf8))
            }
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(lines)")
        let result = try #require(lines.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        let before = try #require(result["before"] as? String), after = try #require(result["after"] as? String)
        #expect(before.hasPrefix("▲ Upvote · ") && after.hasPrefix("▲ Upvoted · "))
        #expect(Int(after.split(separator: " ").last ?? "") == Int(before.split(separator: " ").last ?? "").map { $0 + 1 })
    }
}
