/// Why a `.safetensors` file was rejected or a tensor could not be read.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or mapped.
    case unreadable(path: String, reason: String)
    /// The file is shorter than the 8-byte header length.
    case fileTooSmall(size: Int)
    /// The declared header length runs past the end of the file.
    case headerLengthOutOfRange(declared: UInt64, available: Int)
    /// The declared header length exceeds the format's 100 MB limit.
    case headerTooLarge(declared: UInt64)
    /// The header is not a JSON object of the expected form.
    case invalidHeader(String)
    /// A tensor names a dtype this reader does not know.
    case unknownDType(tensor: String, dtype: String)
    /// A tensor's shape has a negative dimension or an element count that overflows.
    case invalidShape(tensor: String, shape: [Int])
    /// A tensor's `data_offsets` are not `[begin, end]` with `0 ≤ begin ≤ end ≤` the data size.
    case offsetsOutOfRange(tensor: String, offsets: [Int], dataSize: Int)
    /// A tensor's byte count disagrees with dtype × shape.
    case sizeMismatch(tensor: String, expectedBytes: Int, actualBytes: Int)
    /// Two tensors share bytes.
    case overlappingTensors(String, String)
    /// No tensor has this name.
    case tensorNotFound(String)
    /// The tensor's dtype cannot be converted to `Float`.
    case notFloatingPoint(tensor: String, dtype: SafetensorsDType)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot map \(path): \(reason)"
        case .fileTooSmall(let size): "safetensors file too small (\(size) bytes) to hold a header length"
        case .headerLengthOutOfRange(let declared, let available):
            "safetensors header length \(declared) exceeds the \(available) bytes after it (truncated or corrupt file)"
        case .headerTooLarge(let declared): "safetensors header length \(declared) exceeds the 100 MB limit"
        case .invalidHeader(let reason): "invalid safetensors header: \(reason)"
        case .unknownDType(let tensor, let dtype): "tensor \(tensor) has unknown dtype \(dtype)"
        case .invalidShape(let tensor, let shape): "tensor \(tensor) has invalid shape \(shape)"
        case .offsetsOutOfRange(let tensor, let offsets, let dataSize):
            "tensor \(tensor) has data_offsets \(offsets) outside the \(dataSize)-byte data section"
        case .sizeMismatch(let tensor, let expected, let actual):
            "tensor \(tensor) spans \(actual) bytes but its dtype and shape need \(expected)"
        case .overlappingTensors(let a, let b): "tensors \(a) and \(b) overlap"
        case .tensorNotFound(let name): "no tensor named \(name)"
        case .notFloatingPoint(let tensor, let dtype): "tensor \(tensor) has dtype \(dtype.rawValue), not a float type"
        }
    }
}

/// The element types of the safetensors format.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    case bool = "BOOL", u8 = "U8", i8 = "I8", f8e5m2 = "F8_E5M2", f8e4m3 = "F8_E4M3"
    case i16 = "I16", u16 = "U16", f16 = "F16", bf16 = "BF16"
    case i32 = "I32", u32 = "U32", f32 = "F32"
    case i64 = "I64", u64 = "U64", f64 = "F64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3: 1
        case .i16, .u16, .f16, .bf16: 2
        case .i32, .u32, .f32: 4
        case .i64, .u64, .f64: 8
        }
    }
}

/// Where one tensor lives in a safetensors file, as validated from its header.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    /// The tensor's name, e.g. `embeddings.word_embeddings.weight`.
    public let name: String
    /// Its element type.
    public let dtype: SafetensorsDType
    /// Its dimensions, outermost first (empty for a scalar).
    public let shape: [Int]
    /// Its bytes, relative to the start of the data section (after the header).
    public let dataRange: Range<Int>

    /// The number of elements (the product of `shape`).
    public var elementCount: Int { shape.reduce(1, *) }
    /// The number of bytes.
    public var byteCount: Int { dataRange.count }
}
