import Foundation

/// The BERT uncased WordPiece tokenizer, reproducing the Hugging Face fast tokenizer exactly as
/// sentence-transformers' all-MiniLM-L6-v2 uses it.
///
/// The pipeline: special tokens written in the raw text (`[CLS]`, `[SEP]`, `[MASK]`, `[PAD]`,
/// `[UNK]`, case-sensitive, even inside words) are matched first; the text between them is cleaned
/// (control and format characters dropped, whitespace made a space), CJK ideographs are spaced
/// apart, accents are stripped (NFD, drop Mn), letters are lowercased per character; words split on
/// whitespace and every punctuation character; each word becomes greedy longest-match WordPiece
/// pieces, or one `[UNK]`; the result is `[CLS] … [SEP]`, truncated to `maxLength` ids.
///
/// The value is immutable and `Sendable`: one instance may encode from many threads at once.
public struct WordPieceTokenizer: Sendable {
    /// sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2 (tokenizer.json's 128 is overridden).
    public static let defaultMaxLength = 256

    private let vocabulary: WordPieceVocabulary
    /// The id of `[CLS]`, which starts every sequence.
    public let classifierId: Int32
    /// The id of `[SEP]`, which ends every sequence.
    public let separatorId: Int32
    /// The id of `[PAD]`, which fills batch rows up to the longest.
    public let paddingId: Int32
    /// The id of `[UNK]`.
    public let unknownId: Int32

    /// Loads a BERT `vocab.txt` (one token per line; the line number from 0 is the id).
    ///
    /// - Throws: `TokenizerError` if the file is unreadable, not UTF-8, empty, or lacks one of
    ///   `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`, `[MASK]`.
    public init(vocabularyURL: URL) throws {
        try self.init(vocabulary: WordPieceVocabulary(contentsOf: vocabularyURL))
    }

    /// Loads a vocabulary from the bytes of a `vocab.txt`.
    public init(vocabularyData: Data) throws {
        try self.init(vocabulary: WordPieceVocabulary(data: vocabularyData))
    }

    private init(vocabulary: WordPieceVocabulary) throws {
        self.vocabulary = vocabulary
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary.idsByToken[token] else { throw TokenizerError.missingSpecialToken(token) }
            return id
        }
        classifierId = try id("[CLS]")
        separatorId = try id("[SEP]")
        paddingId = try id("[PAD]")
        unknownId = vocabulary.unknownId
    }

    /// How many tokens the vocabulary holds (30,522 for all-MiniLM-L6-v2).
    public var vocabularySize: Int { vocabulary.tokens.count }

    /// The token string of an id, or nil if out of range.
    public func token(forId id: Int32) -> String? {
        vocabulary.tokens.indices.contains(Int(id)) ? vocabulary.tokens[Int(id)] : nil
    }

    /// The id of a token string, or nil if the vocabulary lacks it.
    public func id(forToken token: String) -> Int32? { vocabulary.idsByToken[token] }

    /// The ids of `[CLS] text [SEP]`, at most `maxLength` of them (at least the two specials).
    ///
    /// Truncation keeps the first `maxLength - 2` content ids, as the reference does, so a word cut at
    /// the limit keeps its first pieces.
    public func encode(_ text: String, maxLength: Int = WordPieceTokenizer.defaultMaxLength) -> [Int32] {
        let capacity = Swift.max(maxLength, 2) - 1
        var state = WordPieceEncoding(vocabulary: vocabulary, capacity: capacity,
                                      reserve: text.utf8.count / 3 + 2)
        state.emit(classifierId)
        var text = text
        // withUTF8 gives contiguous bytes (copying only a bridged, non-native string once).
        text.withUTF8 { bytes in scan(bytes, into: &state) }
        var ids = state.ids
        ids.append(separatorId)
        return ids
    }

    /// Tokenizes texts and pads every row with `[PAD]` to the longest one.
    public func encodeBatch(_ texts: [String],
                            maxLength: Int = WordPieceTokenizer.defaultMaxLength) -> TokenizedBatch {
        TokenizedBatch(rows: texts.map { encode($0, maxLength: maxLength) }, paddingId: paddingId)
    }

    /// The byte loop: ASCII inline, maximal non-ASCII runs through `NonASCIIRuns`.
    private func scan(_ bytes: UnsafeBufferPointer<UInt8>, into state: inout WordPieceEncoding) {
        var runScalars: [Unicode.Scalar] = []
        var pieces: [NormalizedPiece] = []
        var i = 0
        while i < bytes.count, !state.isFull {
            let byte = bytes[i]
            if byte >= 0x80 {
                let end = Self.nonASCIIRunEnd(bytes, from: i)
                Self.decodeScalars(bytes, i..<end, into: &runScalars)
                pieces.removeAll(keepingCapacity: true)
                NonASCIIRuns.appendPieces(forRun: runScalars, to: &pieces)
                state.apply(pieces)
                i = end
                continue
            }
            switch ASCIIClass.of(byte) {
            case .lowercaseLetterOrDigit:
                state.appendASCII(byte)
            case .uppercaseLetter:
                state.appendASCII(byte | 0x20)
            case .whitespace:
                state.finishWord()
            case .dropped:
                break
            case .punctuation:
                state.finishWord()
                if byte == UInt8(ascii: "["), let special = vocabulary.special(at: i, in: bytes) {
                    state.emit(special.id)
                    i += special.length
                    continue
                }
                state.emit(vocabulary.asciiWordId(byte) ?? unknownId)
            }
            i += 1
        }
        state.finishWord()
    }

    /// The end of the non-ASCII run starting at `start`. ASCII control characters inside it do not
    /// end it: clean-text drops them before NFD, so the scalars around them are neighbours.
    @inline(__always)
    private static func nonASCIIRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte < 0x80, ASCIIClass.of(byte) != .dropped { break }
            end += 1
        }
        return end
    }

    /// Decodes valid UTF-8 (a Swift string's bytes) into scalars, skipping ASCII controls.
    @inline(__always)
    private static func decodeScalars(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                      into scalars: inout [Unicode.Scalar]) {
        scalars.removeAll(keepingCapacity: true)
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar.value >= 0x80 { scalars.append(scalar) }
        }
    }
}

/// How the byte loop treats each ASCII byte.
enum ASCIIClass: UInt8 {
    case lowercaseLetterOrDigit, uppercaseLetter, whitespace, dropped, punctuation

    private static let table: [ASCIIClass] = (0..<128).map { (byte: Int) -> ASCIIClass in
        switch byte {
        case 0x61...0x7A, 0x30...0x39: .lowercaseLetterOrDigit
        case 0x41...0x5A: .uppercaseLetter
        // Only tab, LF, CR and space: VT, FF and the other controls are dropped, not spaces.
        case 0x09, 0x0A, 0x0D, 0x20: .whitespace
        case 0x00...0x1F, 0x7F: .dropped
        default: .punctuation
        }
    }

    @inline(__always)
    static func of(_ byte: UInt8) -> ASCIIClass { table[Int(byte & 0x7F)] }
}
