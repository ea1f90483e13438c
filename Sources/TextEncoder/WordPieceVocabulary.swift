import Foundation

/// Why a vocabulary could not be loaded.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableVocabulary(path: String, reason: String)
    /// A line is not valid UTF-8.
    case invalidUTF8(line: Int)
    /// The file holds no tokens.
    case emptyVocabulary
    /// A special token the BERT template needs is missing.
    case missingSpecialToken(String)

    public var description: String {
        switch self {
        case .unreadableVocabulary(let path, let reason): "cannot read vocabulary \(path): \(reason)"
        case .invalidUTF8(let line): "vocabulary line \(line) is not valid UTF-8"
        case .emptyVocabulary: "the vocabulary file holds no tokens"
        case .missingSpecialToken(let token): "the vocabulary lacks the special token \(token)"
        }
    }
}

/// A BERT `vocab.txt`: one token per line, the line number (from 0) is the id.
struct WordPieceVocabulary: Sendable {
    /// Hugging Face's `max_input_chars_per_word`: longer words become one [UNK].
    static let maxCharactersPerWord = 100

    let trie: VocabularyTrie
    let tokens: [String]
    let idsByToken: [String: Int32]
    let unknownId: Int32
    /// Special tokens matched in raw text before normalization, as (UTF-8 bytes, id).
    let specials: [(bytes: [UInt8], id: Int32)]
    /// Ids of one-character ASCII words (every ASCII punctuation char is one), -1 if absent.
    private let asciiIds: [Int32]

    init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError.unreadableVocabulary(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data)
    }

    init(data: Data) throws {
        var tokens: [String] = []
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A final newline ends the last line; it does not start an empty token.
        if lines.last?.isEmpty == true { lines.removeLast() }
        tokens.reserveCapacity(lines.count)
        for (number, line) in lines.enumerated() {
            // Like the library's `trim_end`: trailing blanks and a CR are not part of the token.
            var end = line.endIndex
            while end > line.startIndex, [0x20, 0x09, 0x0D].contains(line[end - 1]) { end -= 1 }
            guard let token = String(validating: line[line.startIndex..<end], as: UTF8.self) else {
                throw TokenizerError.invalidUTF8(line: number + 1)
            }
            tokens.append(token)
        }
        guard !tokens.isEmpty else { throw TokenizerError.emptyVocabulary }

        // A repeated token keeps its last id, as the library's vocabulary map does.
        var idsByToken: [String: Int32] = [:]
        idsByToken.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where !token.isEmpty {
            idsByToken[token] = Int32(id)
        }
        func special(_ name: String) throws -> Int32 {
            guard let id = idsByToken[name] else { throw TokenizerError.missingSpecialToken(name) }
            return id
        }
        unknownId = try special("[UNK]")
        specials = try ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]"].map { (bytes: Array($0.utf8), id: try special($0)) }
        trie = VocabularyTrie(tokens: idsByToken.map { (bytes: Array($0.key.utf8), id: $0.value) })
        asciiIds = (0..<128).map { byte in
            idsByToken[String(UnicodeScalar(UInt8(byte)))] ?? -1
        }
        self.tokens = tokens
        self.idsByToken = idsByToken
    }

    /// The id of the one-byte ASCII word `byte`, or nil (then the word is [UNK] or not a word).
    @inline(__always)
    func asciiWordId(_ byte: UInt8) -> Int32? {
        guard byte < 0x80 else { return nil }
        let id = asciiIds[Int(byte)]
        return id >= 0 ? id : nil
    }

    /// Splits a word into greedy longest-match pieces (`##` after the first) and appends their ids
    /// to `ids` (cleared first). Returns false when some position has no match (the word is [UNK]).
    func segment(_ word: [UInt8], into ids: inout [Int32]) -> Bool {
        ids.removeAll(keepingCapacity: true)
        return word.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                guard let match = trie.longestMatch(in: bytes, from: start, continuation: start > 0) else {
                    return false
                }
                ids.append(match.id)
                start = match.end
            }
            return true
        }
    }

    /// The id of the special token starting at `bytes[i]` (which is `[`) and its byte length.
    @inline(__always)
    func special(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, length: Int)? {
        for special in specials where i + special.bytes.count <= bytes.count {
            var k = 1
            while k < special.bytes.count, bytes[i + k] == special.bytes[k] { k += 1 }
            if k == special.bytes.count { return (special.id, k) }
        }
        return nil
    }
}
