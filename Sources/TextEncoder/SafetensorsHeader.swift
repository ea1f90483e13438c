import Foundation

/// Parses and validates the header of a safetensors file, without trusting any number in it.
///
/// Layout: 8-byte little-endian header length `N`, `N` bytes of JSON (an object mapping tensor names
/// to `{dtype, shape, data_offsets}`, plus an optional `__metadata__` string map), then the data
/// section, which `data_offsets` index.
struct SafetensorsHeader {
    /// The format's limit (the reference implementation's `MAX_HEADER_SIZE`): a larger declared
    /// length is rejected before anything is read.
    static let maxHeaderLength: UInt64 = 100_000_000

    let tensors: [String: SafetensorsTensorInfo]
    let metadata: [String: String]
    /// The offset of the data section in the file.
    let dataStart: Int

    init(parsing bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count >= 8 else { throw SafetensorsError.fileTooSmall(size: bytes.count) }
        var declared: UInt64 = 0
        for k in (0..<8).reversed() { declared = declared << 8 | UInt64(bytes[k]) }
        let available = bytes.count - 8
        guard declared <= Self.maxHeaderLength else { throw SafetensorsError.headerTooLarge(declared: declared) }
        guard declared <= UInt64(available) else {
            throw SafetensorsError.headerLengthOutOfRange(declared: declared, available: available)
        }
        let headerLength = Int(declared)
        let json = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<8 + headerLength]))
        dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart

        try Self.checkNesting(json)
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: json)
        } catch let error as SafetensorsError {
            throw error
        } catch {
            throw SafetensorsError.invalidHeader(Self.describe(error))
        }
        var tensors: [String: SafetensorsTensorInfo] = [:]
        // In name order, so a file with several faults always reports the same one.
        for (name, entry) in raw.tensors.sorted(by: { $0.key < $1.key }) {
            tensors[name] = try Self.validate(name: name, entry: entry, dataSize: dataSize)
        }
        // Sorted by start, each tensor must begin at or after the previous one's end. Empty tensors
        // own no bytes, so they cannot overlap anything (and must not hide an overlap between others).
        let ordered = tensors.values.filter { !$0.dataRange.isEmpty }
            .sorted { ($0.dataRange.lowerBound, $0.name) < ($1.dataRange.lowerBound, $1.name) }
        for (previous, next) in zip(ordered, ordered.dropFirst())
        where next.dataRange.lowerBound < previous.dataRange.upperBound {
            throw SafetensorsError.overlappingTensors(previous.name, next.name)
        }
        self.tensors = tensors
        metadata = raw.metadata
    }

    /// A valid header nests three levels deep (object, tensor entry, shape). Deeper input is refused
    /// before parsing, so no JSON parser's recursion depth is ever at stake.
    static let maxNestingDepth = 8

    private static func checkNesting(_ json: Data) throws {
        var depth = 0
        var inString = false, escaped = false
        for byte in json {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxNestingDepth {
                    throw SafetensorsError.invalidHeader("JSON nested deeper than \(maxNestingDepth) levels")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
    }

    private static func validate(name: String, entry: RawEntry, dataSize: Int) throws -> SafetensorsTensorInfo {
        guard let dtype = SafetensorsDType(rawValue: entry.dtype) else {
            throw SafetensorsError.unknownDType(tensor: name, dtype: entry.dtype)
        }
        var elements = 1
        for dimension in entry.shape {
            guard dimension >= 0 else { throw SafetensorsError.invalidShape(tensor: name, shape: entry.shape) }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw SafetensorsError.invalidShape(tensor: name, shape: entry.shape) }
            elements = product
        }
        let offsets = entry.dataOffsets
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize else {
            throw SafetensorsError.offsetsOutOfRange(tensor: name, offsets: offsets, dataSize: dataSize)
        }
        let (expected, overflow) = elements.multipliedReportingOverflow(by: dtype.byteSize)
        let actual = offsets[1] - offsets[0]
        guard !overflow, expected == actual else {
            throw SafetensorsError.sizeMismatch(tensor: name, expectedBytes: overflow ? Int.max : expected,
                                                actualBytes: actual)
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: entry.shape, dataRange: offsets[0]..<offsets[1])
    }

    private static func describe(_ error: Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: "not valid JSON (\(context.debugDescription))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .keyNotFound(_, let context)?:
            "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "\(error)"
        }
    }
}

/// The header as JSON gives it, before validation.
private struct RawHeader: Decodable {
    var tensors: [String: RawEntry] = [:]
    var metadata: [String: String] = [:]

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
            }
        }
    }
}

private struct RawEntry: Decodable {
    let dtype: String
    let shape: [Int]
    let dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape
        case dataOffsets = "data_offsets"
    }
}
