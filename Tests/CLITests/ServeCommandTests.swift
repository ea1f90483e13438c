import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import TestSupport
import Testing

/// `paperboy serve` as a user starts it: a new database is loaded with the demo papers, the site
/// answers over HTTP, and SIGTERM or SIGINT stop it cleanly (exit status 0).
@Suite(.serialized) struct ServeCommandTests {
    /// Collects what the server prints, as it prints it.
    final class Output: Sendable {
        let text = Mutex("")
        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var value: String { text.withLock { $0 } }
    }

    /// Starts the server on a free port (with `arguments` besides, and offline: no harvest) and
    /// waits for it to listen; returns the process, its output and the port.
    static func start(db: String, _ arguments: [String] = []) throws -> (Process, Output, Int) {
        let output = Output(), pipe = Pipe()
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        let process = try PaperboyProcess.start(["serve", "--db", db, "--port", "0", "--base-url", "https://papers.example.org/", "--no-harvest"] + arguments,
                                                stdout: pipe, stderr: pipe)
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, process.isRunning {
            if let line = output.value.split(separator: "\n").first(where: { $0.contains("Server started and listening on") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                return (process, output, port)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw CancellationError()
    }

    /// Stops a server a test started: SIGTERM, then SIGKILL if it has not exited within 10 s, so
    /// that no test leaves a server behind.
    static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    static func get(_ port: Int, _ path: String) async throws -> (Int, String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Papers ingested by another process while the site runs are found by its next search: the
    /// keyword index is shared, and the site takes in the other process's commit before its own.
    @Test func findsPapersAnotherProcessIngestedWhileServing() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("paperboy.sqlite").path
        #expect(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("daily-corpus-40.jsonl")).status == 0)
        let (process, _, port) = try Self.start(db: db)
        defer { Self.stop(process) }
        let before = try await Self.get(port, "/api/papers/search?mode=keyword&q=prosthetic+PRIMA")
        #expect(before.0 == 200 && before.1.contains("2503.11677"))
        #expect(try await !Self.get(port, "/api/papers/search?mode=keyword&q=diphoton+Tevatron").1.contains("0704.0001"))
        #expect(try PaperboyProcess.run("ingest", "--db", db, Fixtures.path("kaggle-first200.jsonl")).status == 0)
        // A URL the site has not answered yet (its answers are reused for a few seconds).
        let after = try await Self.get(port, "/api/papers/search?mode=keyword&q=diphoton+tevatron")
        #expect(after.0 == 200 && after.1.contains("0704.0001"))
        #expect(try await Self.get(port, "/api/papers/search?mode=keyword&q=PRIMA+prosthetic").1.contains("2503.11677"))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func servesTheDemoAndStopsCleanly(signal: Int32) async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (process, output, port) = try Self.start(db: directory.appendingPathComponent("paperboy.sqlite").path)
        defer { Self.stop(process) }  // when an expectation below throws
        #expect(output.value.contains("Empty database: ingesting the bundled demo papers"))
        #expect(output.value.contains("Demo papers ingested: read 6791"))
        #expect(!output.value.contains("Harvesting on a schedule"))  // --no-harvest
        let (status, health) = try await Self.get(port, "/healthz")
        #expect(status == 200 && health.contains("\"papers\":6770"))
        let (pageStatus, page) = try await Self.get(port, "/")
        #expect(pageStatus == 200 && page.contains("<h1>Papers of 2026-07-"))
        let (_, atom) = try await Self.get(port, "/papers.atom")
        #expect(atom.contains("<id>https://papers.example.org/papers.atom</id>"))
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still running 15 s after signal \(signal)")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(!output.value.contains("Fatal error"))
    }

    @Test(arguments: [["--port", "70000"], ["--base-url", "ftp://example.org"], ["--host", "bad host"]])
    func rejectsBadSettings(arguments: [String]) throws {
        let result = try PaperboyProcess.run("serve", "--db", "/tmp/unused-\(UUID().uuidString).sqlite", arguments[0], arguments[1])
        #expect(result.status == 64)
        #expect(result.stderr.contains(arguments[0]))
    }
}

@Suite struct UsersCommandTests {
    @Test func grantAdminCreatesOrPromotesTheAccount() throws {
        let db = try Fixtures.temporaryDirectory().appendingPathComponent("paperboy.sqlite").path
        let granted = try PaperboyProcess.run("users", "grant-admin", "--db", db, "Editor@Example.org")
        #expect(granted.status == 0 && granted.stdout == "editor@example.org is an admin.\n")
        #expect(try PaperboyProcess.run("users", "grant-admin", "--db", db, "editor@example.org").status == 0)
        let bad = try PaperboyProcess.run("users", "grant-admin", "--db", db, "not an address")
        #expect(bad.status == 64 && bad.stderr.contains("is not an e-mail address"))
    }
}
