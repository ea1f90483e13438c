import Testing
@testable import VectorIndex
import TestSupport

/// The C inner products against a double-precision sum, at every tail length the vector loops
/// have (the AVX-512 build masks its last 16 lanes, the others finish with scalar steps).
@Suite struct KernelTests {
    private func reference(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test func dotMatchesADoubleSumAtEveryLength() {
        var random = SplitMix64(state: 11)
        for n in Array(0...70) + [383, 384, 385, 768] {
            let a = (0..<n).map { _ in Float.random(in: -1...1, using: &random) }, b = (0..<n).map { _ in Float.random(in: -1...1, using: &random) }
            let got = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in dot(pa.baseAddress!, pb.baseAddress!, n) } }
            #expect(abs(Double(got) - reference(a, b)) <= 1e-5 * max(1, Double(n)), "n = \(n)")
        }
    }

    @Test func dot4AgreesWithFourDots() {
        var random = SplitMix64(state: 12)
        for n in [1, 7, 16, 17, 33, 384] {
            let vectors = (0..<5).map { _ in (0..<n).map { _ in Float.random(in: -1...1, using: &random) } }
            let p = vectors.map { v in let buffer = UnsafeMutablePointer<Float>.allocate(capacity: n); buffer.initialize(from: v, count: n); return buffer }
            defer { p.forEach { $0.deallocate() } }
            let four = dot4(p[0], p[1], p[2], p[3], p[4], n)
            for i in 0..<4 {
                #expect(abs(Double(four[i]) - reference(vectors[0], vectors[i + 1])) <= 1e-5 * Double(n), "n = \(n), vector \(i)")
            }
        }
    }

    @Test func theKernelsInUseAreNamed() {
        #expect(["avx512", "avx2", "portable"].contains(vectorKernelsName))
    }
}
