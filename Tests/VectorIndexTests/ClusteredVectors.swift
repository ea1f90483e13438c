import Foundation
import TestSupport
import VectorIndex

/// Seeded unit vectors in Gaussian clusters around random unit centres, like the anchors' set
/// (../shared/anchors/gen_vectors.py), small enough for a test.
struct ClusteredVectors {
    let dimension: Int
    let count: Int
    /// `count × dimension` floats, row after row.
    let vectors: [Float]
    /// Queries drawn from the same clusters, row after row.
    let queries: [[Float]]

    init(count: Int, dimension: Int = 384, clusters: Int = 20, queries: Int = 50, sigma: Float = 0.05, seed: UInt64 = 7) {
        var random = SplitMix64(state: seed)
        func gaussian() -> Float {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random), v = Double.random(in: 0..<1, using: &random)
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let centres = (0..<clusters).map { _ in Self.normalized((0..<dimension).map { _ in gaussian() }) }
        func draw() -> [Float] {
            let centre = centres[Int(random.next() % UInt64(clusters))]
            return Self.normalized(centre.map { $0 + sigma * gaussian() })
        }
        self.dimension = dimension
        self.count = count
        vectors = (0..<count).flatMap { _ in draw() }
        self.queries = (0..<queries).map { _ in draw() }
    }

    var ids: [Int64] { (0..<Int64(count)).map { $0 * 10 + 3 } }  // not row numbers, to catch mix-ups

    func row(_ i: Int) -> [Float] { Array(vectors[i * dimension ..< (i + 1) * dimension]) }

    static func normalized(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// Of the exact top k, the share the approximate results found, over all queries.
    static func recall(_ approximate: [[VectorHit]], _ exact: [[VectorHit]]) -> Double {
        let found = zip(approximate, exact).map { Set($0.map(\.id)).intersection($1.map(\.id)).count }.reduce(0, +)
        return Double(found) / Double(exact.map(\.count).reduce(0, +))
    }
}
