import Foundation
import PaperModels
import PaperSources

/// Times the arXiv JSON Lines parser alone (lines → papers, no database): the input is read and
/// decompressed into memory first, then parsed `passes` times as `paperboy ingest` parses it (on
/// every core). CPU time is the figure to compare, since wall time depends on what else runs.
/// The digest pass (untimed) hashes every paper and skip message, so that two builds can be shown
/// to give exactly the same results.
public struct ParseBenchmark {
    public var path: String
    public var passes: Int
    public var digest: Bool

    public init(path: String, passes: Int = 1, digest: Bool = false) {
        self.path = path
        self.passes = passes
        self.digest = digest
    }

    /// One parsing pass's figures; the best pass (least user CPU) is reported.
    public struct Result: Codable, Sendable {
        public var file: String
        public var lines: Int
        public var papers: Int
        public var skipped: Int
        public var user_cpu_s: Double
        public var system_cpu_s: Double
        public var wall_s: Double
        public var lines_per_cpu_s: Int
        public var lines_per_wall_s: Int
        /// A hash of every paper (as JSON) and every skip message, in order; nil without --digest.
        public var digest: String?
    }

    public func run() throws -> Result {
        let bytes = try InputReader(path: path).readAll()
        var best: Result?
        for _ in 0..<max(1, passes) {
            var papers = 0, skipped = 0
            let before = CPUTimes.now()
            try ArxivJSONLinesParser().parse(try InputReader(name: path, bytes: bytes)) { item in
                switch item {
                case .paper: papers += 1
                case .skipped: skipped += 1
                case .notice: break
                }
            }
            let used = CPUTimes.now() - before
            let lines = papers + skipped
            let result = Result(file: path, lines: lines, papers: papers, skipped: skipped,
                                user_cpu_s: rounded(used.user), system_cpu_s: rounded(used.system), wall_s: rounded(used.wall),
                                lines_per_cpu_s: Int(Double(lines) / max(used.user + used.system, 1e-9)),
                                lines_per_wall_s: Int(Double(lines) / max(used.wall, 1e-9)))
            if best.map({ result.user_cpu_s < $0.user_cpu_s }) ?? true { best = result }
        }
        var result = best!
        if digest { result.digest = try digestOfResults(bytes) }
        return result
    }

    private func digestOfResults(_ bytes: [UInt8]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash = FNV1a()
        try ArxivJSONLinesParser().parse(try InputReader(name: path, bytes: bytes)) { item in
            switch item {
            case .paper(let paper, let location):
                hash.add(Array(location.description.utf8))
                hash.add(Array(try encoder.encode(paper)))
            case .skipped(let record): hash.add(Array(record.description.utf8))
            case .notice(let text): hash.add(Array(text.utf8))
            }
        }
        return String(hash.value, radix: 16)
    }

    private func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

/// A 64-bit FNV-1a hash over a stream of byte strings, each closed with a separator byte.
private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes + [0] {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
    }
}

/// This process's CPU time (all threads) and the wall clock.
private struct CPUTimes {
    var user: Double
    var system: Double
    var wall: Double

    static func now() -> CPUTimes {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return CPUTimes(user: seconds(usage.ru_utime), system: seconds(usage.ru_stime),
                        wall: Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
    }

    static func - (a: CPUTimes, b: CPUTimes) -> CPUTimes {
        CPUTimes(user: a.user - b.user, system: a.system - b.system, wall: a.wall - b.wall)
    }
}
