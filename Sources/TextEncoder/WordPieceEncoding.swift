/// The mutable state of one `encode` call: the word being built and the ids emitted so far.
///
/// Words are kept as UTF-8 bytes (what the trie walks) plus their scalar count (what the
/// 100-character limit counts). Emission stops once `capacity` content ids exist, which is exactly
/// truncation, since truncation keeps a prefix.
struct WordPieceEncoding {
    private let vocabulary: WordPieceVocabulary
    private let capacity: Int
    private(set) var ids: [Int32]
    private var word: [UInt8] = []
    private var wordScalars = 0
    private var pieceIds: [Int32] = []

    init(vocabulary: WordPieceVocabulary, capacity: Int, reserve: Int) {
        self.vocabulary = vocabulary
        self.capacity = capacity
        ids = []
        ids.reserveCapacity(Swift.min(capacity, reserve))
        word.reserveCapacity(64)
    }

    var isFull: Bool { ids.count >= capacity }

    @inline(__always)
    mutating func emit(_ id: Int32) {
        if ids.count < capacity { ids.append(id) }
    }

    /// Appends one byte (an ASCII letter or digit, already lowercased) to the current word.
    @inline(__always)
    mutating func appendASCII(_ byte: UInt8) {
        word.append(byte)
        wordScalars += 1
    }

    /// Appends one scalar to the current word.
    @inline(__always)
    mutating func append(_ scalar: Unicode.Scalar) {
        if scalar.isASCII {
            word.append(UInt8(truncatingIfNeeded: scalar.value))
        } else {
            if let encoded = UTF8.encode(scalar) { word.append(contentsOf: encoded) }
        }
        wordScalars += 1
    }

    /// Applies normalized pieces: words grow, punctuation stands alone, whitespace ends words.
    mutating func apply(_ pieces: [NormalizedPiece]) {
        for piece in pieces {
            switch piece {
            case .append(let scalar):
                append(scalar)
            case .isolate(let scalar):
                finishWord()
                append(scalar)
                finishWord()
            case .boundary:
                finishWord()
            }
        }
    }

    /// Ends the current word and emits its WordPiece ids.
    mutating func finishWord() {
        guard wordScalars > 0 else { return }
        defer {
            word.removeAll(keepingCapacity: true)
            wordScalars = 0
        }
        if wordScalars > WordPieceVocabulary.maxCharactersPerWord {
            emit(vocabulary.unknownId)
            return
        }
        if word.count == 1, let id = vocabulary.asciiWordId(word[0]) {
            emit(id)
            return
        }
        // Greedy longest match; a word any part of which cannot be matched is one [UNK].
        let complete = vocabulary.segment(word, into: &pieceIds)
        if complete {
            for id in pieceIds { emit(id) }
        } else {
            emit(vocabulary.unknownId)
        }
    }
}
