import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `C = alpha · op(A) · op(B) + beta · C` on row-major float matrices: the exact path's products of
/// many rows, and attention on both paths. It uses OpenBLAS's `cblas_sgemm` when the library can be
/// loaded, and a plain Swift loop otherwise (correct, and slow: install Debian's libopenblas0-pthread).
///
/// OpenBLAS is loaded with `dlopen` at run time rather than linked, so that `OPENBLAS_CORETYPE` can
/// be set first: Debian's build mis-detects this CPU family and then runs 4–8 times slower, and a
/// core type the running CPU lacks crashes, so the type is chosen from the CPU's own flags.
public struct MatrixMultiply: Sendable {
    public enum Backend: String, Sendable { case openBLAS, swift }

    /// `cblas_sgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)`.
    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float,
                                      UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32,
                                      Float, UnsafeMutablePointer<Float>?, Int32) -> Void

    public let backend: Backend
    private let sgemm: SGEMM?

    /// The shared instance: OpenBLAS when available.
    public static let shared = MatrixMultiply(preferBLAS: true)

    public init(preferBLAS: Bool) {
        if preferBLAS, let function = Self.loadOpenBLAS() {
            sgemm = function
            backend = .openBLAS
        } else {
            sgemm = nil
            backend = .swift
        }
    }

    /// Row-major `C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C`, with leading dimensions.
    func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
              a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
              beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if let sgemm {
            sgemm(101, transA ? 112 : 111, transB ? 112 : 111, Int32(m), Int32(n), Int32(k), alpha,
                  a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
            return
        }
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let x = transA ? a[p * lda + i] : a[i * lda + p]
                    let y = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += x * y
                }
                c[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }

    private static func loadOpenBLAS() -> SGEMM? {
        if let coreType = coreTypeForThisCPU() { setenv("OPENBLAS_CORETYPE", coreType, 0) }  // 0: a user's choice stands
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL), let symbol = dlsym(handle, "cblas_sgemm") else { continue }
            // One OpenBLAS thread: the encoder runs its own threads over parts of a batch, which
            // keeps both cores busy in the element-wise steps too, where OpenBLAS's idle worker
            // would only spin (a quarter of the time went to sched_yield with its threads).
            if let setThreads = dlsym(handle, "openblas_set_num_threads") {
                unsafeBitCast(setThreads, to: (@convention(c) (Int32) -> Void).self)(1)
            }
            return unsafeBitCast(symbol, to: SGEMM.self)
        }
        return nil
    }

    /// `SkylakeX` only where AVX-512 is present, `Haswell` where AVX2 is, else nil (let OpenBLAS decide).
    static func coreTypeForThisCPU() -> String? {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") { return "SkylakeX" }
        if flags.contains("avx2") && flags.contains("fma") { return "Haswell" }
        return nil
    }
}
