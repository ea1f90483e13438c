import Foundation

/// Writes small safetensors files for tests, valid or deliberately broken.
struct SafetensorsBuilder {
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
    }

    var tensors: [Tensor] = []
    var metadata: [String: String]? = ["format": "pt"]
    /// Spaces appended to the JSON, as writers do to align the data section.
    var headerPadding = 0

    mutating func add(_ name: String, floats: [Float], shape: [Int]) {
        tensors.append(Tensor(name: name, dtype: "F32", shape: shape,
                              bytes: floats.flatMap { Self.littleEndian($0.bitPattern) }))
    }

    mutating func add(_ name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
        tensors.append(Tensor(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// The header JSON with consecutive offsets, in insertion order.
    func headerJSON() -> String {
        var entries: [String] = []
        if let metadata {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for tensor in tensors {
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
            offset += tensor.bytes.count
        }
        return "{" + entries.joined(separator: ",") + "}" + String(repeating: " ", count: headerPadding)
    }

    func data() -> Data {
        Self.file(header: headerJSON(), data: tensors.flatMap(\.bytes))
    }

    /// A file from a raw header string and data bytes; `declaredLength` overrides the true length.
    static func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        let json = Array(header.utf8)
        return Data(littleEndian(declaredLength ?? UInt64(json.count)) + json + data)
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
