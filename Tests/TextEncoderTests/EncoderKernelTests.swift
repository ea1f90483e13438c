import CEncoderKernels
import Foundation
import Testing
import TestSupport
@testable import TextEncoder

/// The C kernels at every level this CPU runs (portable always; AVX-512 and BF16 where present)
/// against plain Swift references with libm's erff and expf.
@Suite struct EncoderKernelTests {
    static let levels = (Int32(EK_PORTABLE)...Int32(EK_AVX512_BF16)).filter { EncoderKernels(level: $0) != nil }

    static func randoms(_ count: Int, _ generator: inout SplitMix64, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &generator) }
    }

    @Test(arguments: levels) func geluIsTheErfGELU(level: Int32) throws {
        let kernels = try #require(EncoderKernels(level: level)).table.pointee
        var x = stride(from: Float(-9), through: 9, by: 0.01).map { $0 }
        let expected = x.map { 0.5 * $0 * (1 + erff($0 / Float(2).squareRoot())) }
        kernels.gelu(&x, x.count)
        for (got, want) in zip(x, expected) { #expect(abs(got - want) <= 3e-7 * max(1, abs(want)), "\(got) vs \(want)") }
    }

    @Test(arguments: levels) func softmaxMatchesExpf(level: Int32) throws {
        let kernels = try #require(EncoderKernels(level: level)).table.pointee
        var generator = SplitMix64(state: 7)
        let (rows, cols, scale) = (5, 37, Float(0.17))
        var s = Self.randoms(rows * cols, &generator, in: -60...60)
        var expected = s
        for r in 0..<rows {
            let row = expected[(r * cols)..<((r + 1) * cols)], top = row.max()!
            let e = row.map { expf(($0 - top) * scale) }, sum = e.reduce(0, +)
            for c in 0..<cols { expected[r * cols + c] = e[c] / sum }
        }
        kernels.softmax_rows(&s, rows, cols, scale)
        for (got, want) in zip(s, expected) { #expect(abs(got - want) <= 1e-6 * max(want, 1e-3)) }
    }

    @Test(arguments: levels) func residualLayerNormMatchesTheDefinition(level: Int32) throws {
        let kernels = try #require(EncoderKernels(level: level)).table.pointee
        var generator = SplitMix64(state: 11)
        let (rows, cols) = (3, 29)
        var x = Self.randoms(rows * cols, &generator, in: -4...4)
        let residual = Self.randoms(rows * cols, &generator), gamma = Self.randoms(cols, &generator), beta = Self.randoms(cols, &generator)
        var expected = [Float]()
        for r in 0..<rows {
            let row = (0..<cols).map { x[r * cols + $0] + residual[r * cols + $0] }
            let mean = row.reduce(0, +) / Float(cols)
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(cols)
            expected += (0..<cols).map { (row[$0] - mean) / (variance + 1e-12).squareRoot() * gamma[$0] + beta[$0] }
        }
        kernels.residual_layer_norm(&x, residual, gamma, beta, rows, cols, 1e-12)
        for (got, want) in zip(x, expected) { #expect(abs(got - want) <= 2e-6 * max(1, abs(want))) }
    }

    /// Every row count up to past the 12-row tile, a last panel of fewer than 32 outputs, an input
    /// stride wider than k, and a column range that starts at a later panel (how a query's
    /// product is split over the cores).
    @Test(arguments: levels) func smallProductMatchesTheNaiveOne(level: Int32) throws {
        let kernels = try #require(EncoderKernels(level: level)).table.pointee
        var generator = SplitMix64(state: 3)
        let (n, k, ldx) = (70, 53, 60)
        let w = Self.randoms(n * k, &generator)
        var panels = [Float](repeating: .nan, count: (n + 31) / 32 * 32 * k)
        ek_float_panels_pack(w, n, k, &panels)
        for m in 1...13 {
            let x = Self.randoms(m * ldx, &generator)
            var y = [Float](repeating: .nan, count: m * n)
            kernels.sgemm_small(m, 32, k, x, ldx, panels, &y, n)
            panels.withUnsafeBufferPointer { kernels.sgemm_small(m, n - 32, k, x, ldx, $0.baseAddress! + 32 * k, &y[32], n) }
            for i in 0..<m {
                for j in 0..<n {
                    let want = (0..<k).reduce(Float(0)) { $0 + x[i * ldx + $1] * w[j * k + $1] }
                    #expect(abs(y[i * n + j] - want) <= 1e-4, "m \(m) (\(i), \(j))")
                }
            }
        }
    }

    /// The bfloat16 product: at every level the same sums of the same rounded operands (up to the
    /// order of float32 additions), and within bfloat16 rounding of the float32 product. Sizes that
    /// are not multiples of the 64-output and 2-input blocks exercise the padding.
    @Test func bfloat16ProductsAgreeAcrossLevelsAndWithFloat32() throws {
        var generator = SplitMix64(state: 5)
        let (m, n, k) = (13, 70, 51)
        let w = Self.randoms(n * k, &generator), bias = Self.randoms(n, &generator)
        let x = Self.randoms(m * k, &generator, in: -3...3)
        var packed = ek_bf16_weights()
        #expect(ek_bf16_weights_pack(w, n, k, &packed) == 0)
        defer { ek_bf16_weights_free(&packed) }
        #expect(packed.n_padded == 128 && packed.k_padded == 52)
        let results = try Self.levels.map { level -> [Float] in
            let kernels = try #require(EncoderKernels(level: level)).table.pointee
            var a = [UInt16](repeating: 0xFFFF, count: m * packed.k_padded)
            var y = [Float](repeating: .nan, count: m * n)
            kernels.to_bf16_rows(x, m, k, k, &a, packed.k_padded)
            #expect(a.enumerated().allSatisfy { $0.offset % packed.k_padded < k || $0.element == 0 }, "padding is zero")
            kernels.gemm_bf16(m, a, packed.k_padded, &packed, bias, &y, n)
            return y
        }
        for y in results.dropFirst() {
            for (a, b) in zip(results[0], y) { #expect(abs(a - b) <= 1e-4 * max(1, abs(a))) }
        }
        for i in 0..<m {
            for j in 0..<n {
                let exact = (0..<k).reduce(bias[j]) { $0 + x[i * k + $1] * w[j * k + $1] }
                let magnitude = (0..<k).reduce(Float(0)) { $0 + abs(x[i * k + $1] * w[j * k + $1]) }
                // Each operand is within 2^-9 of itself, so each product within 2^-8.
                let error = abs(results[0][i * n + j] - exact), bound: Float = magnitude / 256 + 1e-5
                #expect(error <= bound, "(\(i), \(j))")
            }
        }
    }

    @Test func roundingToBFloat16IsToNearestEven() throws {
        let kernels = EncoderKernels.best.table.pointee
        let step: Float = 0x1p-8  // half a bfloat16 step at 1
        let values: [Float] = [1, 1 + step, 1 + step + 0x1p-20, 1 + 3 * step, -2.5, 0]
        let expected: [Float] = [1, 1, 1 + 2 * step, 1 + 4 * step, -2.5, 0]
        var out = [UInt16](repeating: 0, count: values.count)
        kernels.to_bf16_rows(values, 1, values.count, values.count, &out, values.count)
        let widened = out.map { Float(bitPattern: UInt32($0) << 16) }
        #expect(widened == expected)
    }

    @Test func theBestLevelFollowsTheCPUFlags() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let avx512 = ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        let expected = avx512 ? (flags.contains("avx512_bf16") ? "avx512-bf16" : "avx512") : "portable"
        #expect(EncoderKernels.best.name == expected)
    }
}
