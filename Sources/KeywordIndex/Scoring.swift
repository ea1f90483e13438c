import Foundation

/// BM25F as the index computes it everywhere (building block maxima, scoring, and the tests'
/// exhaustive scorer), so that an upper bound and a score can never disagree by rounding:
/// a document's pseudo-frequency is Σ_f weight_f · tf_f / (1 − b_f + b_f · len_f / avglen_f), saturated
/// once as tf · (k1 + 1) / (k1 + tf), times the term's idf over the whole index.
public enum BM25F {
    /// The per-field factor weight / (1 − b + b · len / avg) that multiplies a term frequency.
    @inline(__always)
    public static func norm(length: UInt32, average: Float, weight: Float, b: Float) -> Float {
        weight / (1 - b + b * Float(length) / max(average, 1e-6))
    }

    @inline(__always)
    public static func saturate(_ tf: Float, k1: Float) -> Float { tf * (k1 + 1) / (k1 + tf) }

    /// Robertson–Spärck Jones idf, never negative.
    public static func idf(documentFrequency df: Int, documentCount n: Int) -> Float {
        Float(log(1 + (Double(n) - Double(df) + 0.5) / (Double(df) + 0.5)))
    }
}
