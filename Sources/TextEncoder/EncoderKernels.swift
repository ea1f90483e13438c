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

/// Every linear layer's weights as bfloat16, packed for the fast path once, when it is first used
/// (about 43 MB). Query, key and value are one product of 3 × hidden outputs, so their shared input
/// is converted once and read once.
final class BFloat16Weights: @unchecked Sendable {  // immutable after init
    struct Linear {
        let weights: UnsafeMutablePointer<ek_bf16_weights>
        let bias: [Float]
    }

    struct Layer { let queryKeyValue, attentionOutput, intermediate, output: Linear }

    let layers: [Layer]

    init(_ weights: BertWeights) {
        func pack(_ parts: [BertWeights.Linear]) -> Linear {
            let inputs = parts[0].inputs
            let matrix = parts.flatMap { UnsafeBufferPointer(start: $0.weight.pointer, count: $0.outputs * inputs) }
            let packed = UnsafeMutablePointer<ek_bf16_weights>.allocate(capacity: 1)
            guard ek_bf16_weights_pack(matrix, matrix.count / inputs, inputs, packed) == 0 else {
                fatalError("out of memory packing \(matrix.count / inputs)×\(inputs) bfloat16 weights")
            }
            return Linear(weights: packed, bias: parts.flatMap { UnsafeBufferPointer(start: $0.bias.pointer, count: $0.outputs) })
        }
        layers = weights.layers.map {
            Layer(queryKeyValue: pack([$0.query, $0.key, $0.value]), attentionOutput: pack([$0.attentionOutput]),
                  intermediate: pack([$0.intermediate]), output: pack([$0.output]))
        }
    }

    deinit {
        for linear in layers.flatMap({ [$0.queryKeyValue, $0.attentionOutput, $0.intermediate, $0.output] }) {
            ek_bf16_weights_free(linear.weights)
            linear.weights.deallocate()
        }
    }
}
