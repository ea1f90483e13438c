import Foundation

/// Normalizes runs of non-ASCII scalars into pieces, fast for common text and exact for all text.
///
/// Abstracts are almost all ASCII, and the ASCII path never comes here. For the rest, most scalars
/// (Latin accents, Greek, Cyrillic, dashes and quotes, CJK, Hangul, emoji) have their pieces looked
/// up or computed without Foundation; a run holding anything that may decompose or reorder goes
/// whole through `BertNormalization.pieces(forRun:into:)`, which is the reference behaviour.
enum NonASCIIRuns {
    /// Appends the pieces for `run` (non-ASCII scalars, ASCII controls already removed).
    static func appendPieces(forRun run: [Unicode.Scalar], to pieces: inout [NormalizedPiece]) {
        let mark = pieces.count
        for scalar in run {
            if !appendFast(scalar, to: &pieces) {
                pieces.removeSubrange(mark...)
                BertNormalization.pieces(forRun: run, into: &pieces)
                return
            }
        }
    }

    /// Appends the pieces of one scalar if that is exact without looking at its neighbours;
    /// returns false (possibly after appending some) when the run needs the exact path.
    @inline(__always)
    private static func appendFast(_ scalar: Unicode.Scalar, to pieces: inout [NormalizedPiece]) -> Bool {
        let v = scalar.value
        if v < ScalarTable.upperBound { return ScalarTable.shared.append(v, to: &pieces) }
        if (0xAC00...0xD7A3).contains(v) {
            BertNormalization.appendHangul(v, to: &pieces)
            return true
        }
        if BertNormalization.mayDecompose(v) { return false }
        switch BertNormalization.cleanClass(scalar) {
        case .drop: return true
        case .space: pieces.append(.boundary); return true
        case .cjk: pieces.append(.isolate(scalar)); return true
        case .keep: return !BertNormalization.appendDecomposed(scalar, to: &pieces)
        }
    }
}

/// The pieces of every scalar below U+3000, computed once per process with the exact path.
///
/// Below U+3000 live the scripts most common in paper text after ASCII (accented Latin, Greek,
/// Cyrillic, general punctuation, math symbols). Building costs about 12,000 Foundation NFD calls,
/// paid on the first non-ASCII character the process tokenizes.
struct ScalarTable: Sendable {
    static let lowerBound: UInt32 = 0x80
    static let upperBound: UInt32 = 0x3000
    static let shared = ScalarTable()

    /// For scalar `v`, its pieces are `pieces[starts[i]..<starts[i + 1]]`, `i = v - lowerBound`.
    private let starts: [Int32]
    private let pieces: [NormalizedPiece]
    /// True where the scalar leaves a mark with a combining class, which NFD may reorder against
    /// its neighbours: such runs take the exact path.
    private let reorderable: [Bool]

    private init() {
        var starts: [Int32] = [0]
        var pieces: [NormalizedPiece] = []
        var reorderable: [Bool] = []
        for v in Self.lowerBound..<Self.upperBound {
            var mine: [NormalizedPiece] = []
            if let scalar = Unicode.Scalar(v) {
                BertNormalization.pieces(forRun: CollectionOfOne(scalar), into: &mine)
            }
            let marks = mine.contains { piece in
                switch piece {
                case .append(let s), .isolate(let s): return s.properties.canonicalCombiningClass != .notReordered
                case .boundary: return false
                }
            }
            pieces.append(contentsOf: mine)
            starts.append(Int32(pieces.count))
            reorderable.append(marks)
        }
        self.starts = starts
        self.pieces = pieces
        self.reorderable = reorderable
    }

    /// Appends the pieces of `v` (in `lowerBound..<upperBound`); false if the run needs the exact path.
    @inline(__always)
    func append(_ v: UInt32, to out: inout [NormalizedPiece]) -> Bool {
        guard v >= Self.lowerBound else { return false }
        let i = Int(v - Self.lowerBound)
        if reorderable[i] { return false }
        let lo = Int(starts[i]), hi = Int(starts[i + 1])
        if hi - lo == 1 {
            out.append(pieces[lo])
        } else if hi > lo {
            out.append(contentsOf: pieces[lo..<hi])
        }
        return true
    }
}
