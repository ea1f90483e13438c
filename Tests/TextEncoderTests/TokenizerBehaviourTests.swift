import Foundation
import Testing
import TextEncoder

/// Properties of the tokenizer that the reference files do not pin: truncation lengths, WordPiece on
/// a toy vocabulary, vocabulary errors, concurrent use.
@Suite struct TokenizerBehaviourTests {
    /// A small vocabulary whose ids are the line numbers below.
    static func toyTokenizer(_ extra: [String], separator: String = "\n") throws -> WordPieceTokenizer {
        let lines = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + extra
        return try WordPieceTokenizer(vocabularyData: Data((lines.joined(separator: separator) + separator).utf8))
    }

    @Test func wordPieceTakesTheLongestMatchFirst() throws {
        // ids:                               5     6      7      8      9      10     11     12
        let tokenizer = try Self.toyTokenizer(["a", "ab", "##bc", "##c", "un", "##aff", "##able", "##b"])
        #expect(tokenizer.encode("abc") == [2, 6, 8, 3], "ab ##c, not a ##bc")
        #expect(tokenizer.encode("unaffable") == [2, 9, 10, 11, 3])
        #expect(tokenizer.encode("abb ab") == [2, 6, 12, 6, 3])
        // "abd": ab matches, then nothing for "d": the whole word is one [UNK], not ab + [UNK].
        #expect(tokenizer.encode("abd a") == [2, 1, 5, 3])
        // Lowercasing and accent stripping happen before the lookup.
        #expect(tokenizer.encode("ÁB") == [2, 6, 3])
        // A punctuation char missing from the vocabulary is an [UNK] of its own.
        #expect(tokenizer.encode("a,a") == [2, 5, 1, 5, 3])
    }

    @Test func wordsOfMoreThanOneHundredCharactersAreUnknown() throws {
        let tokenizer = try Self.toyTokenizer(["a", "##a"])
        let hundred = String(repeating: "a", count: 100)
        #expect(tokenizer.encode(hundred, maxLength: 1000).count == 102)
        #expect(tokenizer.encode(hundred + "a") == [2, 1, 3])
        // The limit counts characters after normalization: 100 "á" are 100 characters, not 200 bytes.
        #expect(tokenizer.encode(String(repeating: "á", count: 100), maxLength: 1000).count == 102)
    }

    @Test func vocabularyLinesMayEndInCRLF() throws {
        let tokenizer = try Self.toyTokenizer(["hello", "world"], separator: "\r\n")
        #expect(tokenizer.encode("Hello WORLD") == [2, 5, 6, 3])
        #expect(tokenizer.id(forToken: "hello") == 5)
    }

    @Test func aRepeatedTokenKeepsItsLastId() throws {
        let tokenizer = try Self.toyTokenizer(["x", "y", "x"])
        #expect(tokenizer.id(forToken: "x") == 7)
        #expect(tokenizer.encode("x y") == [2, 7, 6, 3])
    }

    @Test func unusableVocabulariesThrow() throws {
        #expect(throws: TokenizerError.emptyVocabulary) { try WordPieceTokenizer(vocabularyData: Data()) }
        #expect(throws: TokenizerError.missingSpecialToken("[UNK]")) {
            try WordPieceTokenizer(vocabularyData: Data("[PAD]\n[CLS]\n[SEP]\n[MASK]\n".utf8))
        }
        #expect(throws: TokenizerError.invalidUTF8(line: 2)) {
            try WordPieceTokenizer(vocabularyData: Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]))
        }
        let missing = URL(fileURLWithPath: "/nonexistent/paperboy/vocab.txt")
        #expect(throws: TokenizerError.self) { try WordPieceTokenizer(vocabularyURL: missing) }
    }

    @Test func truncationKeepsThePrefixAndTheSeparator() throws {
        let tokenizer = try TextEncoderFixtures.tokenizer()
        let text = String(repeating: "Self-attention, état de l'art; 変換器 🤗 ", count: 40)
        let full = tokenizer.encode(text, maxLength: .max)
        #expect(full.count > 500, "long enough for every limit below")
        for limit in [3, 4, 5, 17, 128, 255, 256, 257, 500] {
            let ids = tokenizer.encode(text, maxLength: limit)
            #expect(ids == Array(full.prefix(limit - 1)) + [102], "maxLength \(limit)")
        }
        #expect(tokenizer.encode(text).count == 256, "the default is sentence-transformers' 256")
        // Below 2 there is no room for content; the two specials are still emitted.
        #expect(tokenizer.encode(text, maxLength: 2) == [101, 102])
        #expect(tokenizer.encode(text, maxLength: 0) == [101, 102])
        #expect(tokenizer.encode(text, maxLength: -5) == [101, 102])
    }

    @Test func batchPadsToTheLongestTruncatedRow() throws {
        let tokenizer = try TextEncoderFixtures.tokenizer()
        let long = String(repeating: "word ", count: 400)
        let batch = tokenizer.encodeBatch(["short text", long, ""], maxLength: 64)
        #expect(batch.length == 64)
        #expect(batch.lengths == [4, 64, 2])
        #expect(Array(batch.ids(row: 0)) == tokenizer.encode("short text") + Array(repeating: 0, count: 60))
        #expect(Array(batch.mask(row: 2)) == [1, 1] + Array(repeating: 0, count: 62))
        #expect(batch.inputIds.count == 3 * 64 && batch.attentionMask.count == 3 * 64)
    }

    @Test func concurrentEncodingMatchesSerialEncoding() async throws {
        let tokenizer = try TextEncoderFixtures.tokenizer()
        let cases = try TextEncoderFixtures.jsonLines("tokenizer-cases.jsonl", as: TokenizerCase.self)
        let texts = cases.map(\.text)
        let serial = texts.map { tokenizer.encode($0) }
        let parallel = await withTaskGroup(of: (Int, [[Int32]]).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    // Each worker walks the texts from a different start so calls interleave.
                    (worker, texts.indices.map { tokenizer.encode(texts[($0 + worker * 7) % texts.count]) })
                }
            }
            var results: [(Int, [[Int32]])] = []
            for await result in group { results.append(result) }
            return results
        }
        #expect(parallel.count == 8)
        for (worker, rows) in parallel {
            let expected = texts.indices.map { serial[($0 + worker * 7) % texts.count] }
            #expect(rows == expected, "worker \(worker)")
        }
    }
}
