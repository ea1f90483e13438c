import Foundation
import Synchronization

/// Turns text into index terms, the same way for documents and for queries: words are maximal
/// runs of letters, digits and combining marks; they are lower-cased and stripped of accents
/// ("Schrödinger" → "schrodinger"), and words of plain ASCII letters are stemmed with Porter2
/// ("networks" → "network"). No word is dropped, so phrases keep their function words. ASCII text
/// (nearly all of arXiv) takes a byte-level path that allocates nothing per word.
///
/// Exact forms: where a word differs from its stem, the word itself is indexed too, marked by a
/// leading `=` that no word can start with: "running" is indexed as `run` and `=running`. Exact
/// terms keep frequencies but no positions (an exact phrase is the phrase of its stems in a
/// document holding its exact words), which keeps the index small. A word the stemmer leaves as
/// it is ("shoe") has no exact term of its own: its exact form is its stem, which its inflections
/// share ("shoes" → `shoe`). So exact search tells apart the forms the stemmer changes.
public enum Analyzer {
    /// Starts an exact-form term.
    static let exactMarker = UInt8(ascii: "=")

    /// Longer "words" (base64, hashes, long formulas run together) are not indexed.
    public static let maxWordBytes = 64

    /// The index terms of `text`, in order (a query's words, a phrase's words).
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachWord(text) { word in
            terms.append(String(decoding: stem(Array(word)), as: UTF8.self))
        }
        return terms
    }

    /// The marked exact-form term of a folded word, nil when the word is its own stem.
    static func exactTerm(_ word: [UInt8]) -> [UInt8]? {
        stem(word) == word ? nil : exactTerm(unstemmed: word)
    }

    /// The marked exact-form term of a folded word known to differ from its stem.
    static func exactTerm(unstemmed word: [UInt8]) -> [UInt8] { [exactMarker] + word }

    /// Whether an index term is an exact form (and so has no positions).
    static func isExact(_ term: some Collection<UInt8>) -> Bool { term.first == exactMarker }

    /// The folded words of `text` (lower case, no accents, not stemmed): what prefix searches
    /// compare with, and what the snippet maker looks for.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachWord(text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// The stem of one folded word (Porter2 for words of ASCII letters, the word itself otherwise).
    static func stem(_ word: [UInt8]) -> [UInt8] {
        word.allSatisfy({ $0 >= 97 && $0 <= 122 }) ? Porter2Stemmer.stem(word) : word
    }

    /// Calls `body` with every folded word of `text`, in order.
    static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxWordBytes) { buffer in
                var length = 0
                var overlong = false
                var i = 0
                func flush() {
                    if length > 0, !overlong { body(UnsafeBufferPointer(rebasing: buffer[0..<length])) }
                    length = 0
                    overlong = false
                }
                while i < utf8.count {
                    let byte = utf8[i]
                    if byte < 0x80 {
                        i += 1
                        let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
                        if (lower >= 97 && lower <= 122) || (byte >= 48 && byte <= 57) {
                            if length < maxWordBytes { buffer[length] = lower; length += 1 } else { overlong = true }
                        } else {
                            flush()
                        }
                        continue
                    }
                    // A non-ASCII run: fold the whole run of word characters it belongs to.
                    var end = i
                    while end < utf8.count, utf8[end] >= 0x80 { end += 1 }
                    for unit in foldedRun(UnsafeBufferPointer(rebasing: utf8[i..<end])) {
                        if unit == wordBreak {
                            flush()
                        } else if length < maxWordBytes {
                            buffer[length] = unit
                            length += 1
                        } else {
                            overlong = true
                        }
                    }
                    i = end
                }
                flush()
            }
        }
    }

    /// In a folded run, stands for a character that is not part of a word (no word holds a NUL).
    private static let wordBreak: UInt8 = 0

    /// The UTF-8 of a non-ASCII run folded (`fold`), its characters that are not word characters
    /// written as `wordBreak`. Short runs are remembered by their bytes: folding goes through
    /// Foundation, and took 1.5% of a million-paper ingest's CPU time, while text repeats the
    /// same few accented letters (`ü` in Müller, `é` in Hervé) over and over.
    static func foldedRun(_ run: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard run.count < 8 else { return folding(run) }
        var key = UInt64(run.count) << 56  // the length, then the bytes
        for (index, byte) in run.enumerated() { key |= UInt64(byte) << (8 * index) }
        if let known = foldedRuns.withLock({ $0[key] }) { return known }
        let folded = folding(run)
        foldedRuns.withLock { if $0.count < maxFoldedRuns { $0[key] = folded } }
        return folded
    }

    private static let foldedRuns = Mutex<[UInt64: [UInt8]]>([:])
    /// Bounds the memory of `foldedRuns` (a few hundred kilobytes at most); later runs are folded each time.
    private static let maxFoldedRuns = 8_192

    private static func folding(_ run: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in fold(String(decoding: run, as: UTF8.self)).unicodeScalars {
            if isWordScalar(scalar) { out += String(scalar).utf8 } else { out.append(wordBreak) }
        }
        return out
    }

    /// Lower case without accents: canonical decomposition, combining marks dropped.
    static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }
}
