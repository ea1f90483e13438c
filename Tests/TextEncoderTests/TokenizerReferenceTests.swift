import Foundation
import Testing
import TextEncoder

/// The tokenizer against ids made by the reference (Hugging Face tokenizers 0.23.3 through
/// sentence-transformers 6.2.0, see ../shared/fixtures/minilm/README.md).
@Suite struct TokenizerReferenceTests {
    @Test func vocabularyIsTheModelsOwnFile() throws {
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let data = try Data(contentsOf: TextEncoderFixtures.url("vocab.txt"))
        // sha256 of vocab.txt from model-info.json.
        #expect(SHA256.hex(data) == "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3")
        let tokenizer = try TextEncoderFixtures.tokenizer()
        #expect(tokenizer.vocabularySize == 30522)
        #expect([tokenizer.paddingId, tokenizer.unknownId, tokenizer.classifierId, tokenizer.separatorId]
            == [0, 100, 101, 102])
        #expect(tokenizer.id(forToken: "[MASK]") == 103)
        #expect(tokenizer.token(forId: 7592) == "hello")
        #expect(tokenizer.token(forId: 30522) == nil)
        #expect(tokenizer.token(forId: -1) == nil)
    }

    /// Every case of tokenizer-cases.jsonl: ids equal `input_ids` exactly.
    @Test func everyReferenceCaseMatches() throws {
        try expectAllMatch(file: "tokenizer-cases.jsonl", expectedCount: 67)
    }

    /// The fixture's own token strings name the same ids through our vocabulary, so the ids above
    /// are compared with the vocabulary the reference used.
    @Test func referenceTokensMapToReferenceIds() throws {
        let tokenizer = try TextEncoderFixtures.tokenizer()
        for item in try TextEncoderFixtures.jsonLines("tokenizer-cases.jsonl", as: TokenizerCase.self) {
            let tokens = try #require(item.tokens)
            #expect(tokens.map { tokenizer.id(forToken: $0) } == item.inputIds.map { Optional($0) },
                    "case \(item.name)")
            #expect(item.attentionMask == Array(repeating: 1, count: item.inputIds.count), "case \(item.name)")
            #expect(item.tokenTypeIds == Array(repeating: 0, count: item.inputIds.count), "case \(item.name)")
        }
    }

    /// tokenizer-batch.json: four texts as one batch, right-padded with [PAD] = 0, mask 0.
    @Test func batchMatchesReferencePadding() throws {
        struct Batch: Decodable {
            let texts: [String]
            let input_ids: [[Int32]]
            let attention_mask: [[Int32]]
        }
        let data = try Data(contentsOf: TextEncoderFixtures.url("tokenizer-batch.json"))
        let reference = try JSONDecoder().decode(Batch.self, from: data)
        let tokenizer = try TextEncoderFixtures.tokenizer()
        let batch = tokenizer.encodeBatch(reference.texts)
        #expect(batch.count == 4)
        #expect(batch.length == 25)
        #expect(batch.lengths == [4, 2, 5, 25])
        for row in 0..<reference.texts.count {
            #expect(Array(batch.ids(row: row)) == reference.input_ids[row], "row \(row)")
            #expect(Array(batch.mask(row: row)) == reference.attention_mask[row], "row \(row)")
        }
        #expect(batch.inputIds == reference.input_ids.flatMap { $0 })
        #expect(batch.attentionMask == reference.attention_mask.flatMap { $0 })
    }

    @Test func emptyBatchHasNoRows() throws {
        let batch = try TextEncoderFixtures.tokenizer().encodeBatch([])
        #expect(batch.count == 0 && batch.length == 0 && batch.inputIds.isEmpty && batch.attentionMask.isEmpty)
    }
}

/// Encodes every case of a reference file and records, per failing case, its name and the first
/// differing position. Also checks how many cases the file holds, so a truncated copy fails.
func expectAllMatch(file: String, expectedCount: Int,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
    let tokenizer = try TextEncoderFixtures.tokenizer()
    let cases = try TextEncoderFixtures.jsonLines(file, as: TokenizerCase.self)
    #expect(cases.count == expectedCount, "\(file) holds \(cases.count) cases", sourceLocation: sourceLocation)
    var failing = 0
    for item in cases {
        let ids = tokenizer.encode(item.text)
        if let difference = firstDifference(actual: ids, expected: item.inputIds, tokenizer: tokenizer) {
            failing += 1
            Issue.record("\(file), case \(item.name): \(difference)", sourceLocation: sourceLocation)
        }
    }
    #expect(failing == 0, "\(failing) of \(cases.count) cases of \(file) differ", sourceLocation: sourceLocation)
}
