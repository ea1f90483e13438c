import Foundation
import Testing
import TextEncoder

/// Where the real model lives, if the environment says (outside the suite: a suite's traits cannot
/// refer to the suite itself).
let realModelDirectory = ProcessInfo.processInfo.environment["PAPERBOY_TEST_MODEL_DIR"]

/// The real all-MiniLM-L6-v2 weights (90 MB, not in the repository), when
/// `PAPERBOY_TEST_MODEL_DIR` names a directory holding its `model.safetensors`.
@Suite(.enabled(if: realModelDirectory != nil, "set PAPERBOY_TEST_MODEL_DIR to the model directory"))
struct RealModelHeaderTests {
    static func model() throws -> SafetensorsFile {
        let directory = try #require(realModelDirectory)
        return try SafetensorsFile(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent("model.safetensors"))
    }

    @Test func headerDescribesMiniLM() throws {
        let file = try Self.model()
        #expect(file.metadata["format"] == "pt")
        let words = try file.info("embeddings.word_embeddings.weight")
        #expect(words.dtype == .f32 && words.shape == [30522, 384])
        #expect(try file.info("embeddings.position_embeddings.weight").shape == [512, 384])
        #expect(try file.info("embeddings.token_type_embeddings.weight").shape == [2, 384])
        let layers = Set(file.tensorNames.compactMap { name -> Int? in
            let parts = name.split(separator: ".")
            return parts.count > 2 && parts[0] == "encoder" && parts[1] == "layer" ? Int(parts[2]) : nil
        })
        #expect(layers == Set(0..<6))
        for layer in 0..<6 {
            let prefix = "encoder.layer.\(layer)."
            #expect(file.tensorNames.filter { $0.hasPrefix(prefix) }.count == 16, "layer \(layer)")
            for part in ["query", "key", "value"] {
                #expect(try file.info(prefix + "attention.self.\(part).weight").shape == [384, 384])
            }
            #expect(try file.info(prefix + "intermediate.dense.weight").shape == [1536, 384])
            #expect(try file.info(prefix + "output.dense.weight").shape == [384, 1536])
        }
    }

    @Test func tensorsReadBackFromTheMapping() throws {
        let file = try Self.model()
        // position_ids is 0, 1, …, 511 as little-endian Int64: a check that offsets point at the right bytes.
        let positions = try file.withRawBytes(of: "embeddings.position_ids") { raw in
            (0..<512).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self) }
        }
        #expect(positions == (0..<512).map { Int64($0) })
        let gamma = try file.floats(of: "embeddings.LayerNorm.weight")
        #expect(gamma.count == 384 && gamma.allSatisfy(\.isFinite))
        let words = try file.floats(of: "embeddings.word_embeddings.weight")
        #expect(words.count == 30522 * 384 && words.allSatisfy(\.isFinite))
    }
}
