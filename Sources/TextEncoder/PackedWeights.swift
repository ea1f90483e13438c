import CEncoderKernels

/// The four products of a BERT layer.
enum LinearPart: Int, CaseIterable { case queryKeyValue, attentionOutput, intermediate, output }

/// Every linear layer's weights rearranged once for the products of one path. Query, key and value
/// are one product of 3 × hidden outputs, so their shared input is read (and converted) once.
final class PackedWeights<Packed>: @unchecked Sendable {  // immutable after init; `Packed` is memory it owns
    struct Linear {
        let packed: Packed
        let bias: [Float]
        let inputs: Int
        var outputs: Int { bias.count }
    }

    struct Layer {
        let parts: [Linear]
        subscript(part: LinearPart) -> Linear { parts[part.rawValue] }
    }

    let layers: [Layer]
    private let release: (Packed) -> Void

    /// `pack` gets each product's `[outputs, inputs]` matrix (PyTorch's layout) and its sizes.
    init(_ weights: BertWeights, pack: ([Float], _ outputs: Int, _ inputs: Int) -> Packed, release: @escaping (Packed) -> Void) {
        func linear(_ sources: [BertWeights.Linear]) -> Linear {
            let inputs = sources[0].inputs
            let matrix = sources.flatMap { UnsafeBufferPointer(start: $0.weight.pointer, count: $0.outputs * inputs) }
            let bias = sources.flatMap { UnsafeBufferPointer(start: $0.bias.pointer, count: $0.outputs) }
            return Linear(packed: pack(matrix, bias.count, inputs), bias: bias, inputs: inputs)
        }
        layers = weights.layers.map { layer in Layer(parts: LinearPart.allCases.map { linear(layer[$0]) }) }
        self.release = release
    }

    deinit { for layer in layers { for linear in layer.parts { release(linear.packed) } } }
}

/// The exact path's weights for products of a few rows (a query): float32 in panels of 32 outputs,
/// so the small kernel streams each panel once, contiguously (43 MB). Larger products use the
/// weights in place with BLAS.
typealias FloatPanels = PackedWeights<UnsafeMutableBufferPointer<Float>>

extension FloatPanels {
    convenience init(_ weights: BertWeights) {
        self.init(weights, pack: { matrix, outputs, inputs in
            let panels = UnsafeMutableBufferPointer<Float>.allocate(capacity: (outputs + 31) / 32 * 32 * inputs)
            ek_float_panels_pack(matrix, outputs, inputs, panels.baseAddress!)
            return panels
        }, release: { $0.deallocate() })
    }
}

/// The fast path's weights: bfloat16, packed for `vdpbf16ps` (22 MB), made when first used.
typealias BFloat16Weights = PackedWeights<UnsafeMutablePointer<ek_bf16_weights>>

extension BFloat16Weights {
    convenience init(_ weights: BertWeights) {
        self.init(weights, pack: { matrix, outputs, inputs in
            let packed = UnsafeMutablePointer<ek_bf16_weights>.allocate(capacity: 1)
            guard ek_bf16_weights_pack(matrix, outputs, inputs, packed) == 0 else {
                fatalError("out of memory packing \(outputs)×\(inputs) bfloat16 weights")
            }
            return packed
        }, release: { packed in
            ek_bf16_weights_free(packed)
            packed.deallocate()
        })
    }
}
