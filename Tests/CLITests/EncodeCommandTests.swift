import Foundation
import TestSupport
import Testing

@Suite struct EncodeCommandTests {
    static let model = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]

    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func writesOneUnitVectorPerLineInOrder() throws {
        let input = Data("{\"text\": \"sparse attention for long documents\"}\n{\"text\": \"\"}\n{\"text\": \"量子 computing\"}\n".utf8)
        let result = try PaperboyProcess.run("encode", "--jsonl", "--batch-size", "2", environment: ["PAPERBOY_MODEL_DIR": Self.model ?? ""], stdin: input)
        #expect(result.status == 0)
        let vectors = try result.stdout.split(separator: "\n").map { try JSONDecoder().decode([Float].self, from: Data($0.utf8)) }
        #expect(vectors.count == 3)
        for vector in vectors {
            #expect(vector.count == 384)
            #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-4)
        }
        // The same text alone gives the same vector as inside a batch.
        let alone = try PaperboyProcess.run("encode", environment: ["PAPERBOY_MODEL_DIR": Self.model ?? ""],
                                            stdin: Data("sparse attention for long documents\n".utf8))
        let single = try JSONDecoder().decode([Float].self, from: Data(alone.stdout.utf8))
        #expect(zip(single, vectors[0]).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test(.enabled(if: model != nil, "needs the model that scripts/test.sh fetches"))
    func aBadJSONLineIsNamed() throws {
        let result = try PaperboyProcess.run("encode", "--jsonl", environment: ["PAPERBOY_MODEL_DIR": Self.model ?? ""],
                                             stdin: Data("{\"text\": \"ok\"}\n{\"txt\": 1}\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2: not a JSON object with a \"text\" string"))
    }

    @Test func withoutAModelItSaysWhichCommandFixesIt() throws {
        let result = try PaperboyProcess.run("encode", "--model-dir", "/nonexistent/model", stdin: Data("x\n".utf8))
        #expect(result.status == 1)
        #expect(result.stderr.contains("run `paperboy model fetch`"))
    }
}
