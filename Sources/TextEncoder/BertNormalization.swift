import Foundation

/// One step of the normalized, pre-tokenized text, as the tokenizer consumes it.
enum NormalizedPiece: Equatable, Sendable {
    /// The scalar continues the current word.
    case append(Unicode.Scalar)
    /// The scalar is a word of its own (punctuation, or a CJK ideograph).
    case isolate(Unicode.Scalar)
    /// A word ends here (whitespace).
    case boundary
}

/// The character rules of Hugging Face's `BertNormalizer` + `BertPreTokenizer` for non-ASCII text.
///
/// The order is the library's: clean text (drop control/format chars, whitespace → space), put spaces
/// around CJK ideographs, NFD, drop non-spacing marks, lowercase per char; then split on whitespace
/// and isolate punctuation.
///
/// Version quirks, measured against tokenizers 0.23.3: the general-category tables it uses (for
/// control/format, punctuation and non-spacing marks) are Unicode 8.0. A scalar assigned after 8.0 is
/// therefore never dropped, never punctuation and never stripped (e.g. U+2E43 or U+1E95E, punctuation
/// today, stay inside words; U+0890, a format char since Unicode 14, is kept). Unassigned scalars are
/// kept too. Seven older scalars changed category since 8.0 (`category8`). Whitespace and
/// lowercasing follow current Unicode (Rust's `char` methods).
enum BertNormalization {
    /// What clean-text and the CJK step do with one raw scalar.
    enum CleanClass { case drop, space, cjk, keep }

    static func cleanClass(_ s: Unicode.Scalar) -> CleanClass {
        let v = s.value
        if v == 0x9 || v == 0xA || v == 0xD { return .space }
        if v == 0 || v == 0xFFFD || isOther(s) { return .drop }
        if s.properties.isWhitespace { return .space }
        if isCJK(v) { return .cjk }
        return .keep
    }

    /// True if the scalar was assigned in Unicode 8.0, the version of the library's category tables.
    @inline(__always)
    static func inUnicode8(_ s: Unicode.Scalar) -> Bool {
        guard let age = s.properties.age else { return false }
        return age.major < 8 || (age.major == 8 && age.minor == 0)
    }

    /// The general category as of Unicode 8.0 for a scalar assigned by then: today's, except for the
    /// seven whose category changed since (found by sweeping every scalar against the library).
    @inline(__always)
    static func category8(_ s: Unicode.Scalar) -> Unicode.GeneralCategory {
        switch s.value {
        case 0x166D, 0x111C9: .otherPunctuation  // Canadian syllabics chi sign (now So), Sharada sandhi mark (now Mn)
        case 0x1734, 0x1171E: .nonspacingMark    // Hanunoo pamudpod, Ahom medial ra (now Mc)
        case 0x1885, 0x1886: .otherLetter        // Mongolian ali gali baluda (now Mn)
        case 0xA9BD: .spacingMark                // Javanese keret (now Mn)
        default: s.properties.generalCategory
        }
    }

    /// Cc, Cf, Co, Cs as of Unicode 8.0 (Cn is *not* dropped: unassigned scalars have no table entry).
    static func isOther(_ s: Unicode.Scalar) -> Bool {
        switch category8(s) {
        case .control, .format, .privateUse, .surrogate: return inUnicode8(s)
        default: return false
        }
    }

    /// BERT punctuation: every ASCII symbol, plus Unicode P* as of Unicode 8.0 (not Sc/Sm/So).
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch category8(s) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return inUnicode8(s)
        default:
            return false
        }
    }

    /// Mn as of Unicode 8.0: what accent stripping removes after NFD.
    static func isStrippedMark(_ s: Unicode.Scalar) -> Bool {
        category8(s) == .nonspacingMark && inUnicode8(s)
    }

    /// The ideograph ranges of the library's `is_chinese_char`, including its 0x2B920 lower bound
    /// (BERT's Python original says 0x2B820; U+2B820…U+2B91F are not split here).
    @inline(__always)
    static func isCJK(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x20000...0x2A6DF).contains(v) || (0x2A700...0x2B73F).contains(v)
            || (0x2B740...0x2B81F).contains(v) || (0x2B920...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }

    /// Strips, lowercases and classifies one scalar of the cleaned, NFD-decomposed text.
    ///
    /// Returns true if it produced a word scalar with a non-zero combining class, i.e. one whose
    /// position NFD's canonical reordering could have changed (callers then use `pieces(forRun:)`).
    @discardableResult
    static func appendDecomposed(_ s: Unicode.Scalar, to pieces: inout [NormalizedPiece]) -> Bool {
        if isStrippedMark(s) { return false }
        if !s.properties.changesWhenLowercased { return appendFinal(s, to: &pieces) }
        var reorderable = false
        for lower in s.properties.lowercaseMapping.unicodeScalars {
            if appendFinal(lower, to: &pieces) { reorderable = true }
        }
        return reorderable
    }

    @inline(__always)
    private static func appendFinal(_ s: Unicode.Scalar, to pieces: inout [NormalizedPiece]) -> Bool {
        if s.properties.isWhitespace {
            pieces.append(.boundary)
            return false
        }
        pieces.append(isPunctuation(s) ? .isolate(s) : .append(s))
        return s.properties.canonicalCombiningClass != .notReordered
    }

    /// The exact pipeline for a run of non-ASCII scalars, with Foundation's NFD over the whole run
    /// (so canonical reordering across scalars is right). Slow; used for uncommon scalars.
    static func pieces(forRun run: some Sequence<Unicode.Scalar>, into pieces: inout [NormalizedPiece]) {
        var cleaned = String.UnicodeScalarView()
        for s in run {
            switch cleanClass(s) {
            case .drop: continue
            case .space: cleaned.append(" ")
            case .cjk: cleaned.append(" "); cleaned.append(s); cleaned.append(" ")
            case .keep: cleaned.append(s)
            }
        }
        for s in String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars {
            appendDecomposed(s, to: &pieces)
        }
    }

    /// Hangul syllables decompose algorithmically (Unicode §3.12) into conjoining jamo, which are
    /// letters without case or marks: no Foundation call needed.
    @inline(__always)
    static func appendHangul(_ v: UInt32, to pieces: inout [NormalizedPiece]) {
        let index = v - 0xAC00
        let leading = 0x1100 + index / 588
        let vowel = 0x1161 + (index % 588) / 28
        let trailing = index % 28
        if let scalar = Unicode.Scalar(leading) { pieces.append(.append(scalar)) }
        if let scalar = Unicode.Scalar(vowel) { pieces.append(.append(scalar)) }
        if trailing != 0, let scalar = Unicode.Scalar(0x11A7 + trailing) { pieces.append(.append(scalar)) }
    }

    /// Blocks at or above U+3000 that hold scalars with canonical decompositions (kana with voicing
    /// marks, compatibility ideographs, Hebrew presentation forms, and the supplementary scripts and
    /// musical symbols): these go through Foundation. Hangul is handled by `appendHangul`.
    @inline(__always)
    static func mayDecompose(_ v: UInt32) -> Bool {
        (0x3040...0x30FF).contains(v) || (0xF900...0xFB4F).contains(v)
            || (0x10000...0x1EFFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
