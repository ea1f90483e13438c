import Foundation
import Testing
import TextEncoder

/// A broken safetensors file and the error it must raise.
struct HostileFile: Sendable, CustomTestStringConvertible {
    let label: String
    let data: Data
    /// For `.invalidHeader`, only the case is compared (its text comes from the JSON parser).
    let expected: SafetensorsError

    var testDescription: String { label }

    static func make(_ label: String, _ header: String, _ data: [UInt8] = [], declared: UInt64? = nil,
                     expect expected: SafetensorsError) -> HostileFile {
        HostileFile(label: label, data: SafetensorsBuilder.file(header: header, data: data, declaredLength: declared),
                    expected: expected)
    }

    static func tensor(_ dtype: String, _ shape: String, _ offsets: String) -> String {
        "{\"t\":{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(offsets)]}}"
    }

    static let invalid = SafetensorsError.invalidHeader("")
    static let four = [UInt8](repeating: 1, count: 4)

    static let all: [HostileFile] = [
        HostileFile(label: "empty file", data: Data(), expected: .fileTooSmall(size: 0)),
        HostileFile(label: "seven bytes", data: Data([1, 0, 0, 0, 0, 0, 0]), expected: .fileTooSmall(size: 7)),
        make("length UInt64.max", "{}", declared: .max, expect: .headerTooLarge(declared: .max)),
        make("length over 100 MB", "{}", declared: 100_000_001, expect: .headerTooLarge(declared: 100_000_001)),
        make("length past the end", "{}", declared: 1000, expect: .headerLengthOutOfRange(declared: 1000, available: 2)),
        make("length one past the end", "{}", declared: 3, expect: .headerLengthOutOfRange(declared: 3, available: 2)),
        make("zero length", "{}", declared: 0, expect: invalid),
        make("length one short", "{}", declared: 1, expect: invalid),
        make("length cutting the JSON", tensor("F32", "1", "0,4"), four, declared: 36, expect: invalid),
        make("length swallowing data", tensor("F32", "1", "0,4"), four, declared: 56, expect: invalid),
        make("not JSON", "hello world", expect: invalid),
        make("JSON array", "[]", expect: invalid),
        make("truncated JSON", "{\"t\":{\"dtype\":\"F32\"", expect: invalid),
        HostileFile(label: "not UTF-8", data: Data([2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFE]), expected: invalid),
        make("missing data_offsets", "{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", four, expect: invalid),
        make("string in shape", tensor("F32", "\"a\"", "0,4"), four, expect: invalid),
        make("fractional offset", tensor("F32", "1", "0,4.5"), four, expect: invalid),
        make("boolean offset", tensor("F32", "1", "false,true"), four, expect: invalid),
        make("offset beyond Int64", tensor("F32", "1", "0,1e300"), four, expect: invalid),
        make("non-string metadata", "{\"__metadata__\":{\"a\":1}}", expect: invalid),
        make("deep nesting", String(repeating: "[", count: 100_000), expect: invalid),
        make("nesting inside a shape", tensor("F32", "[[[[[[[[1]]]]]]]]", "0,4"), four, expect: invalid),
        make("offsets past the end", tensor("F32", "2", "0,8"), four,
             expect: .offsetsOutOfRange(tensor: "t", offsets: [0, 8], dataSize: 4)),
        make("negative offset", tensor("F32", "2", "-4,4"), four,
             expect: .offsetsOutOfRange(tensor: "t", offsets: [-4, 4], dataSize: 4)),
        make("begin after end", tensor("F32", "1", "4,0"), four,
             expect: .offsetsOutOfRange(tensor: "t", offsets: [4, 0], dataSize: 4)),
        make("three offsets", tensor("F32", "1", "0,4,4"), four,
             expect: .offsetsOutOfRange(tensor: "t", offsets: [0, 4, 4], dataSize: 4)),
        make("shape larger than bytes", tensor("F32", "2,3", "0,20"), [UInt8](repeating: 0, count: 24),
             expect: .sizeMismatch(tensor: "t", expectedBytes: 24, actualBytes: 20)),
        make("wrong dtype size", tensor("F16", "3", "0,12"), [UInt8](repeating: 0, count: 12),
             expect: .sizeMismatch(tensor: "t", expectedBytes: 6, actualBytes: 12)),
        make("byte count overflows", tensor("F32", "2305843009213693952,2", "0,4"), four,
             expect: .sizeMismatch(tensor: "t", expectedBytes: .max, actualBytes: 4)),
        make("element count overflows", tensor("F32", "4611686018427387904,4", "0,4"), four,
             expect: .invalidShape(tensor: "t", shape: [4_611_686_018_427_387_904, 4])),
        make("negative dimension", tensor("F32", "-1,4", "0,4"), four, expect: .invalidShape(tensor: "t", shape: [-1, 4])),
        make("unknown dtype", tensor("F128", "1", "0,16"), [UInt8](repeating: 0, count: 16),
             expect: .unknownDType(tensor: "t", dtype: "F128")),
        make("overlapping tensors",
             "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
             [UInt8](repeating: 0, count: 12), expect: .overlappingTensors("a", "b")),
        make("overlap hidden behind an empty tensor",
             "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[2,2]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
             [UInt8](repeating: 0, count: 16), expect: .overlappingTensors("a", "c")),
    ]
}

extension HostileFile {
    /// Whether `error` is the expected one; `.invalidHeader` matches by case only.
    func matches(_ error: SafetensorsError) -> Bool {
        if case .invalidHeader = expected, case .invalidHeader = error { return true }
        return error == expected
    }
}
