import Foundation
import TestSupport
import Testing
import TextEncoder

@Suite struct SafetensorsFileTests {
    static func sample() -> SafetensorsBuilder {
        var builder = SafetensorsBuilder()
        builder.add("weight", floats: [1, -2.5, 0.125, 3e-8, .infinity, -0.0], shape: [2, 3])
        builder.add("bias", floats: [7], shape: [1])
        builder.add("ids", dtype: "I64", shape: [2], bytes: SafetensorsBuilder.littleEndian(Int64(5))
            + SafetensorsBuilder.littleEndian(Int64(-1)))
        return builder
    }

    @Test func readsAValidFile() throws {
        let file = try SafetensorsFile(data: Self.sample().data())
        #expect(file.tensorNames == ["bias", "ids", "weight"])
        #expect(file.metadata == ["format": "pt"])
        let weight = try file.info("weight")
        #expect(weight.dtype == .f32 && weight.shape == [2, 3] && weight.elementCount == 6)
        #expect(weight.dataRange == 0..<24)
        #expect(try file.floats(of: "weight") == [1, -2.5, 0.125, 3e-8, .infinity, -0.0])
        #expect(try file.floats(of: "bias") == [7])
        #expect(try file.rawBytes(of: "ids") == Data([5, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8)))
        #expect(throws: SafetensorsError.notFloatingPoint(tensor: "ids", dtype: .i64)) { try file.floats(of: "ids") }
        #expect(throws: SafetensorsError.tensorNotFound("nope")) { try file.floats(of: "nope") }
    }

    /// A header length that is not a multiple of 4 leaves F32 data unaligned; values must survive.
    @Test func readsUnalignedDataAndPaddedHeaders() throws {
        for padding in 0..<8 {
            var builder = Self.sample()
            builder.headerPadding = padding
            builder.metadata = nil
            let file = try SafetensorsFile(data: builder.data())
            #expect(try file.floats(of: "weight") == [1, -2.5, 0.125, 3e-8, .infinity, -0.0], "padding \(padding)")
            #expect(file.metadata.isEmpty)
        }
    }

    @Test func widensHalfAndBrainFloats() throws {
        var builder = SafetensorsBuilder()
        let half: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3555]
        let brain: [UInt16] = [0x3F80, 0xC040, 0x0000, 0xFF80]
        builder.add("h", dtype: "F16", shape: [7], bytes: half.flatMap { SafetensorsBuilder.littleEndian($0) })
        builder.add("b", dtype: "BF16", shape: [2, 2], bytes: brain.flatMap { SafetensorsBuilder.littleEndian($0) })
        let file = try SafetensorsFile(data: builder.data())
        let h = try file.floats(of: "h")
        #expect(h == [1, -2, 65504, 0x1p-24, -0.0, .infinity, 0.333251953125])
        #expect(h[4].sign == .minus)
        #expect(try file.floats(of: "b") == [1, -3, 0, -.infinity])
    }

    /// Brackets and escaped quotes inside strings are text, not nesting.
    @Test func bracketsInsideStringsAreNotNesting() throws {
        var builder = Self.sample()
        builder.metadata = ["note": "[[[[[[[[[[{{{{{{{{{{ \\\" [[[[[[[[["]
        let file = try SafetensorsFile(data: builder.data())
        #expect(file.metadata["note"] == "[[[[[[[[[[{{{{{{{{{{ \" [[[[[[[[[")
    }

    @Test func emptyTensorsAndEmptyHeadersAreValid() throws {
        var builder = SafetensorsBuilder()
        builder.add("empty", floats: [], shape: [0, 384])
        builder.add("scalar", floats: [2], shape: [])
        let file = try SafetensorsFile(data: builder.data())
        #expect(try file.floats(of: "empty").isEmpty)
        #expect(try file.floats(of: "scalar") == [2])
        #expect(try SafetensorsFile(data: SafetensorsBuilder.file(header: "{}", data: [])).tensors.isEmpty)
    }

    @Test func mapsAFileFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.sample().data().write(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(try file.floats(of: "bias") == [7])
        let missing = url.appendingPathExtension("missing")
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: missing) }
    }

    /// Each broken file throws the named error, never crashes.
    @Test(arguments: HostileFile.all)
    func hostileFilesThrowDescriptiveErrors(_ hostile: HostileFile) throws {
        let error = try #require(throws: SafetensorsError.self) { try SafetensorsFile(data: hostile.data) }
        #expect(hostile.matches(error), "\(hostile.label): got \(error), expected \(hostile.expected)")
        #expect(!error.description.isEmpty)
    }

    /// Every proper prefix of a valid file is truncated: each must throw, none may crash.
    @Test func everyTruncationThrows() throws {
        let data = Self.sample().data()
        for length in 0..<data.count {
            #expect(throws: SafetensorsError.self, "prefix of \(length) bytes") {
                try SafetensorsFile(data: data.prefix(length))
            }
        }
    }

    /// Random byte corruptions either throw or yield tensors that lie inside the file and read back.
    @Test func corruptedBytesNeverCrash() throws {
        let original = [UInt8](Self.sample().data())
        var random = SplitMix64(state: 0x5AFE_7E25)
        var rejected = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            guard let file = try? SafetensorsFile(data: Data(bytes)) else {
                rejected += 1
                continue
            }
            for name in file.tensorNames {
                let info = try file.info(name)
                #expect(try file.rawBytes(of: name).count == info.elementCount * info.dtype.byteSize)
            }
        }
        #expect(rejected > 100, "corruption of the header should usually be caught (\(rejected) of 3000)")
    }
}
