import Foundation
import TestSupport
import Testing

@Suite struct ModelCommandTests {
    @Test func pathFollowsTheFlagThenTheEnvironmentThenTheCache() throws {
        let flagged = try PaperboyProcess.run("model", "path", "--model-dir", "/tmp/a-model", environment: ["PAPERBOY_MODEL_DIR": "/tmp/b-model"])
        #expect(flagged.stdout == "/tmp/a-model\n")
        #expect(flagged.stderr.contains("run `paperboy model fetch`"))
        let fromEnvironment = try PaperboyProcess.run("model", "path", environment: ["PAPERBOY_MODEL_DIR": "/tmp/b-model"])
        #expect(fromEnvironment.stdout == "/tmp/b-model\n")
        let cached = try PaperboyProcess.run("model", "path", environment: ["XDG_CACHE_HOME": "/tmp/cache-home"])
        #expect(cached.stdout == "/tmp/cache-home/paperboy/models/all-MiniLM-L6-v2\n")
        let empty = try PaperboyProcess.run("model", "path", environment: ["PAPERBOY_MODEL_DIR": ""])
        #expect(empty.status == 64)
        #expect(empty.stderr.contains("PAPERBOY_MODEL_DIR is set but empty"))
    }

    @Test func verifyNamesEachBadFileAndTheCommandThatFixesIt() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("not a model".utf8).write(to: dir.appendingPathComponent("config.json"))
        let result = try PaperboyProcess.run("model", "verify", "--model-dir", dir.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("model.safetensors is missing"))
        #expect(result.stderr.contains("config.json is damaged or not the expected version"))
        #expect(result.stderr.contains("run `paperboy model fetch` to fetch it again"))
    }
}
