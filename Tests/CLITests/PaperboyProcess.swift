import Foundation
import Testing

/// Runs the built `paperboy` executable, as a user would, and captures what it prints.
struct PaperboyProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable sits beside the test bundle in the build products directory.
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        return products.appendingPathComponent("paperboy")
    }()

    static func start(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                      stdout: Pipe = Pipe(), stderr: Pipe = Pipe()) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PAPERBOY_DB"] = nil
        // Hermetic: no model unless a test names one (the per-user cache may hold the real one).
        env["PAPERBOY_MODEL_DIR"] = nil
        env["XDG_CACHE_HOME"] = "/nonexistent/paperboy-test-cache"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = stdout
        process.standardError = stderr
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        return process
    }

    @discardableResult
    static func run(_ arguments: String..., environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        try run(arguments, environment: environment, stdin: stdin)
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws -> Result {
        let out = Pipe(), err = Pipe()
        let process = try start(arguments, environment: environment, stdin: stdin, stdout: out, stderr: err)
        // Read before waiting, so that a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let result = Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"), "crashed: \(result.stderr)")
        return result
    }
}
