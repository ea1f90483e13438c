import CEncoderKernels

/// The C kernels (target CEncoderKernels) of one instruction-set level: portable, AVX-512, or
/// AVX-512 with BF16 for the bfloat16 products.
struct EncoderKernels: @unchecked Sendable {  // points at a constant C table
    let table: UnsafePointer<ek_kernels>

    /// The fastest level the running CPU supports.
    static let best = EncoderKernels(level: ek_best_level())!
    /// Plain C for any CPU: the fallback, and the reference the tests hold the others to.
    static let portable = EncoderKernels(level: Int32(EK_PORTABLE))!

    /// nil when this CPU cannot run `level`.
    init?(level: Int32) {
        guard let table = ek_kernels_for(level) else { return nil }
        self.table = table
    }

    var name: String { String(cString: table.pointee.name) }
}
