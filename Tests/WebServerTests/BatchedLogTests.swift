import Foundation
import Logging
import Testing
@testable import WebServer

@Suite("The server's batched log")
struct BatchedLogTests {
    /// A log writing into a file, and what has reached the file so far.
    struct Piped {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batched-log-\(UUID().uuidString)").path
        let log: BatchedLog
        init() { log = BatchedLog(descriptor: open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)) }
        var logger: Logger { Logger(label: "paperboy") { [log] in log.handler(label: $0) } }
        func written() throws -> String {
            defer { try? FileManager.default.removeItem(atPath: path) }
            return try String(contentsOfFile: path, encoding: .utf8)
        }
    }

    @Test func infoLinesWaitForTheBatchWarningsDoNot() throws {
        let piped = Piped()
        var logger = piped.logger
        logger[metadataKey: "hb.request.id"] = "abc"
        logger.info("GET / 200 0.4 ms", metadata: ["route": "/"])
        logger.warning("disk almost full")  // flushes the line before it too
        logger.info("after the warning")   // still pending: lost unless flushed
        let text = try piped.written()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(" info paperboy: hb.request.id=abc route=/ GET / 200 0.4 ms"))
        #expect(lines[1].hasSuffix(" warning paperboy: hb.request.id=abc disk almost full"))
        #expect(!text.contains("after the warning"))
    }

    @Test func flushWritesEverythingInOrder() throws {
        let piped = Piped()
        let logger = piped.logger
        for i in 0..<5_000 { logger.info("line \(i)") }  // more than one batch of 64 kB
        piped.log.flush()
        let lines = try piped.written().split(separator: "\n")
        #expect(lines.count == 5_000)
        #expect(lines.enumerated().allSatisfy { $0.element.hasSuffix(" line \($0.offset)") })
    }

    @Test func timestampsAreUTCInISO8601() {
        #expect(BatchedLogHandler.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(BatchedLogHandler.timestamp(Date(timeIntervalSince1970: 1_796_000_000.7)) == "2026-11-30T00:53:20Z")
    }
}
