import Foundation

/// A memory-mapped `.safetensors` file whose header has been validated.
///
/// Opening maps the file (pages load on first touch, so opening a 90 MB model is fast) and checks
/// every number in the header against the file: the header length, each tensor's dtype, shape and
/// `data_offsets` (inside the data section, matching dtype × shape, not overlapping). A truncated,
/// empty or hostile file throws a `SafetensorsError`; nothing in it can make the reader crash.
///
/// Multi-byte values are read as little-endian, the format's byte order, which is the host's on
/// every platform this package targets.
public struct SafetensorsFile: Sendable {
    /// The tensors, by name.
    public let tensors: [String: SafetensorsTensorInfo]
    /// The optional `__metadata__` string map (e.g. `{"format": "pt"}`).
    public let metadata: [String: String]
    private let bytes: Data
    private let dataStart: Int

    /// Maps and validates the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafetensorsError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data)
    }

    /// Validates safetensors bytes already in memory (tests and small files).
    public init(data: Data) throws {
        let header = try data.withUnsafeBytes { try SafetensorsHeader(parsing: $0) }
        tensors = header.tensors
        metadata = header.metadata
        dataStart = header.dataStart
        bytes = data
    }

    /// The tensor names, sorted.
    public var tensorNames: [String] { tensors.keys.sorted() }

    /// The validated description of a tensor.
    public func info(_ name: String) throws -> SafetensorsTensorInfo {
        guard let info = tensors[name] else { throw SafetensorsError.tensorNotFound(name) }
        return info
    }

    /// Calls `body` with the tensor's raw bytes, in place in the mapping (no copy). The pointer is
    /// valid only inside `body`, and need not be aligned for the element type.
    public func withRawBytes<R>(of name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let info = try info(name)
        // Validation guarantees dataStart + dataRange lies inside the bytes.
        let range = dataStart + info.dataRange.lowerBound ..< dataStart + info.dataRange.upperBound
        return try bytes.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[range])) }
    }

    /// Where the tensor's bytes are in the mapping, for as long as this value (which holds the
    /// mapping) lives; nil for an empty tensor. The bytes of an immutable `Data` never move, so the
    /// address stays valid after `withUnsafeBytes` returns.
    func mappedAddress(of name: String) throws -> UnsafeRawPointer? {
        try withRawBytes(of: name) { $0.count > 0 ? $0.baseAddress : nil }
    }

    /// A copy of the tensor's raw bytes.
    public func rawBytes(of name: String) throws -> Data {
        try withRawBytes(of: name) { Data($0) }
    }

    /// The tensor's elements as `Float`: F32 as stored, F16 and BF16 widened exactly.
    ///
    /// - Throws: `SafetensorsError.notFloatingPoint` for other dtypes.
    public func floats(of name: String) throws -> [Float] {
        let info = try info(name)
        let count = info.elementCount
        switch info.dtype {
        case .f32:
            return try withRawBytes(of: name) { raw in
                [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                    // copyMemory tolerates an unaligned source, which the format allows.
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
                    initialized = count
                }
            }
        case .f16, .bf16:
            let isBrain = info.dtype == .bf16
            return try withRawBytes(of: name) { raw in
                (0..<count).map { i in
                    let bits = UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8
                    return isBrain ? Float(bitPattern: UInt32(bits) << 16) : Self.widenHalf(bits)
                }
            }
        default:
            throw SafetensorsError.notFloatingPoint(tensor: name, dtype: info.dtype)
        }
    }

    /// IEEE binary16 → binary32, by bits (Float16 is unavailable on some targets the package
    /// declares, e.g. Intel macOS).
    static func widenHalf(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24, exact in Float.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        default:
            return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
        }
    }
}
