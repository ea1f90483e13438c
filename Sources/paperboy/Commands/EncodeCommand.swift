import AppBootstrap
import ArgumentParser
import Foundation
import TextEncoder

struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Turn texts into sentence embeddings (all-MiniLM-L6-v2, 384 numbers each).",
        discussion: """
            Reads texts from FILE (or standard input), one per line, or with --jsonl one JSON object \
            per line with a "text" field, and writes one JSON array of 384 floats per line, in the \
            same order: unit vectors, as sentence-transformers makes them (texts are cut at 256 \
            tokens). Needs the model: `paperboy model fetch`.
            """)

    @OptionGroup var model: ModelCommand.Options

    @Option(help: "Texts encoded together (larger: faster in bulk, more memory).")
    var batchSize = 32

    @Flag(help: "Read JSON Lines with a \"text\" field instead of plain lines.")
    var jsonl = false

    @Flag(help: "The fast path for bulk work: bfloat16 linear layers, faster; cosine ≥ 0.999 with the exact vectors.")
    var fast = false

    @Argument(help: "The input file (default: standard input).")
    var file: String?

    func validate() throws {
        guard (1...1024).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 1024") }
    }

    func run() throws {
        let encoder = try model.loadEncoder()
        let data: Data
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let texts = try readTexts(data)
        let output = FileHandle.standardOutput
        for start in stride(from: 0, to: texts.count, by: batchSize) {
            let vectors = encoder.encode(Array(texts[start..<min(texts.count, start + batchSize)]), batchSize: batchSize,
                                         precision: fast ? .fast : .exact)
            let lines = vectors.map { "[" + $0.map { String($0) }.joined(separator: ",") + "]\n" }.joined()
            output.write(Data(lines.utf8))
        }
    }

    private func readTexts(_ data: Data) throws -> [String] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        guard jsonl else { return lines }
        struct Line: Decodable { var text: String }
        let decoder = JSONDecoder()
        return try lines.enumerated().map { number, line in
            do { return try decoder.decode(Line.self, from: Data(line.utf8)).text } catch {
                throw CommandFailure("line \(number + 1): not a JSON object with a \"text\" string")
            }
        }
    }
}
