/// The Snowball English ("Porter2") stemmer, as Snowball 3 defines it, on lower-case ASCII
/// bytes: "connections", "connected" and "connecting" all become "connect". It works on bytes
/// rather than Strings because a million-paper build stems every distinct word once and the
/// analyser hands it raw buffers. Words holding anything but `a`–`z` are returned unchanged.
public enum Porter2Stemmer {
    /// The stem of `word` (lower-case ASCII letters; anything else is returned as is).
    public static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        return String(decoding: stem(bytes), as: UTF8.self)
    }

    /// The stem of lower-case ASCII letters.
    public static func stem(_ word: [UInt8]) -> [UInt8] {
        if let exception = exceptions[word] { return exception }
        guard word.count >= 3 else { return word }
        var w = Word(word)
        w.step1a()
        if invariantAfter1a.contains(w.b) { return w.finished() }
        w.step1b()
        w.step1c()
        w.step2()
        w.step3()
        w.step4()
        w.step5()
        return w.finished()
    }

    private static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    private static let exceptions: [[UInt8]: [UInt8]] = {
        var table: [[UInt8]: [UInt8]] = [:]
        for (word, stem) in [("skis", "ski"), ("skies", "sky"), ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
                             ("early", "earli"), ("only", "onli"), ("singly", "singl"), ("sky", "sky"), ("news", "news"),
                             ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes")] {
            table[bytes(word)] = bytes(stem)
        }
        return table
    }()

    /// Snowball 3 keeps these from step 1b on through its `ing`/`eed` special cases; listing
    /// the finished words is the same rule.
    private static let invariantAfter1a: Set<[UInt8]> = Set(
        ["succeed", "proceed", "exceed", "canning", "inning", "earring", "herring", "outing", "evening"].map(bytes))
    /// R1 starts after these prefixes rather than after the first vowel–consonant pair.
    private static let regionPrefixes = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"].map(bytes)

    private static let yUpper = UInt8(ascii: "Y")

    @inline(__always)
    static func isVowel(_ c: UInt8) -> Bool {
        c == 97 || c == 101 || c == 105 || c == 111 || c == 117 || c == 121  // a e i o u y
    }

    /// The word being stemmed, with its regions R1 and R2 (indices from the start, which suffix
    /// changes never move).
    struct Word {
        var b: [UInt8]
        var p1: Int
        var p2: Int
        var foundY = false

        init(_ word: [UInt8]) {
            b = word
            // Initial y, and y after a vowel, are consonants: mark them Y.
            if b[0] == 121 { b[0] = yUpper; foundY = true }
            for i in 1..<b.count where b[i] == 121 && Porter2Stemmer.isVowel(b[i - 1]) {
                b[i] = yUpper
                foundY = true
            }
            p1 = b.count
            p2 = b.count
            var start = 0
            if let prefix = regionPrefixes.filter({ b.starts(with: $0) }).max(by: { $0.count < $1.count }) {
                p1 = prefix.count
                start = p1
            } else if let r = Word.regionStart(b, from: 0) {
                p1 = r
                start = r
            } else {
                return
            }
            p2 = Word.regionStart(b, from: start) ?? b.count
        }

        /// The position after the first non-vowel that follows a vowel, from `from` on.
        static func regionStart(_ b: [UInt8], from: Int) -> Int? {
            var i = from
            while i < b.count, !isVowel(b[i]) { i += 1 }
            while i < b.count, isVowel(b[i]) { i += 1 }
            return i < b.count ? i + 1 : nil
        }

        func finished() -> [UInt8] { foundY ? b.map { $0 == yUpper ? 121 : $0 } : b }

        func ends(_ suffix: [UInt8]) -> Bool { b.count >= suffix.count && b[(b.count - suffix.count)...].elementsEqual(suffix) }

        /// The longest of `suffixes` the word ends with.
        func longestEnding(_ suffixes: [[UInt8]]) -> [UInt8]? {
            suffixes.filter(ends).max { $0.count < $1.count }
        }

        mutating func replace(_ count: Int, with replacement: [UInt8]) {
            b.removeLast(count)
            b.append(contentsOf: replacement)
        }

        func hasVowel(before end: Int) -> Bool { b[0..<max(0, end)].contains(where: isVowel) }

        /// A short syllable ends the first `end` bytes: non-vowel, vowel, non-vowel other than
        /// w, x or Y; or vowel, non-vowel at the very start; or the word part is "past".
        func endsInShortSyllable(_ end: Int) -> Bool {
            if end >= 3, !isVowel(b[end - 1]), !"wxY".utf8.contains(b[end - 1]), isVowel(b[end - 2]), !isVowel(b[end - 3]) { return true }
            if end == 2, !isVowel(b[1]), isVowel(b[0]) { return true }
            return end >= 4 && b[(end - 4)..<end].elementsEqual("past".utf8)
        }

        mutating func step1a() {
            if ends(bytes("sses")) { replace(4, with: bytes("ss")); return }
            if ends(bytes("ied")) || ends(bytes("ies")) { replace(3, with: b.count > 4 ? bytes("i") : bytes("ie")); return }
            if ends(bytes("ss")) || ends(bytes("us")) { return }
            if ends(bytes("s")), b.count >= 3, hasVowel(before: b.count - 2) { b.removeLast() }
        }

        mutating func step1b() {
            guard let suffix = longestEnding(step1bSuffixes) else { return }
            let start = b.count - suffix.count
            if suffix == bytes("eed") || suffix == bytes("eedly") {
                if start >= p1 { replace(suffix.count, with: bytes("ee")) }
                return
            }
            if suffix == bytes("ing"), start == 2, b[1] == 121, !isVowel(b[0]) {
                replace(4, with: bytes("ie"))  // dying → die, lying → lie
                return
            }
            guard hasVowel(before: start) else { return }
            b.removeLast(suffix.count)
            if ends(bytes("at")) || ends(bytes("bl")) || ends(bytes("iz")) {
                b.append(101)
            } else if let last = b.last, b.count >= 2, b[b.count - 2] == last, "bdfgmnprt".utf8.contains(last) {
                if !(b.count == 3 && "aeo".utf8.contains(b[0])) { b.removeLast() }
            } else if p1 == b.count, endsInShortSyllable(b.count) {
                b.append(101)
            }
        }

        mutating func step1c() {
            guard let last = b.last, last == 121 || last == yUpper, b.count > 2, !isVowel(b[b.count - 2]) else { return }
            b[b.count - 1] = 105
        }

        mutating func step2() {
            guard let suffix = longestEnding(step2Rules.keys.map { $0 }), b.count - suffix.count >= p1 else { return }
            let start = b.count - suffix.count
            switch suffix {
            case bytes("ogi"):
                if start > 0, b[start - 1] == 108 { replace(suffix.count, with: bytes("og")) }
            case bytes("li"):
                if start > 0, "cdeghkmnrt".utf8.contains(b[start - 1]) { b.removeLast(2) }
            default:
                replace(suffix.count, with: step2Rules[suffix]!)
            }
        }

        mutating func step3() {
            guard let suffix = longestEnding(step3Rules.keys.map { $0 }), b.count - suffix.count >= p1 else { return }
            if suffix == bytes("ative") {
                if b.count - suffix.count >= p2 { b.removeLast(suffix.count) }
                return
            }
            replace(suffix.count, with: step3Rules[suffix]!)
        }

        mutating func step4() {
            guard let suffix = longestEnding(step4Suffixes), b.count - suffix.count >= p2 else { return }
            let start = b.count - suffix.count
            if suffix == bytes("ion") {
                if start > 0, b[start - 1] == 115 || b[start - 1] == 116 { b.removeLast(3) }
                return
            }
            b.removeLast(suffix.count)
        }

        mutating func step5() {
            guard let last = b.last else { return }
            let start = b.count - 1
            if last == 101 {
                if start >= p2 || (start >= p1 && !endsInShortSyllable(start)) { b.removeLast() }
            } else if last == 108, start >= p2, start > 0, b[start - 1] == 108 {
                b.removeLast()
            }
        }
    }

    private static let step1bSuffixes = ["eed", "eedly", "ed", "edly", "ing", "ingly"].map(bytes)
    private static let step2Rules: [[UInt8]: [UInt8]] = {
        let pairs = [("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("entli", "ent"),
                     ("izer", "ize"), ("ization", "ize"), ("ational", "ate"), ("ation", "ate"), ("ator", "ate"),
                     ("alism", "al"), ("aliti", "al"), ("alli", "al"), ("fulness", "ful"), ("ousli", "ous"),
                     ("ousness", "ous"), ("iveness", "ive"), ("iviti", "ive"), ("biliti", "ble"), ("bli", "ble"),
                     ("ogist", "og"), ("ogi", "og"), ("fulli", "ful"), ("lessli", "less"), ("li", "")]
        return Dictionary(uniqueKeysWithValues: pairs.map { (bytes($0.0), bytes($0.1)) })
    }()
    private static let step3Rules: [[UInt8]: [UInt8]] = {
        let pairs = [("tional", "tion"), ("ational", "ate"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
                     ("ical", "ic"), ("ful", ""), ("ness", ""), ("ative", "")]
        return Dictionary(uniqueKeysWithValues: pairs.map { (bytes($0.0), bytes($0.1)) })
    }()
    private static let step4Suffixes = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
                                        "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"].map(bytes)
}
