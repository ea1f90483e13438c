import Foundation
import Pipeline

/// A one-line progress bar on standard error (only when it is a terminal): what is being done,
/// percentage when the total is known, items per second and the remaining time.
final class ProgressBar {
    private let enabled = Terminal.stderrIsTerminal
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ progress: IngestProgress) {
        let fraction = progress.totalBytes.flatMap { $0 > 0 ? Double(progress.bytesRead) / Double($0) : nil }
        update(label: URL(fileURLWithPath: progress.file).lastPathComponent, count: progress.records, unit: "records", fraction: fraction)
    }

    /// Redraws the bar (at most ten times a second): `count` items done, `fraction` of the whole when known.
    func update(label: String, count: Int, unit: String, fraction: Double?) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(count) / elapsed
        var line = "\(label)  \(count) \(unit)  \(rate >= 100 ? String(Int(rate)) : String(format: "%.1f", rate))/s"
        if let fraction {
            let fraction = min(1, max(0, fraction))
            let width = 24
            let filled = Int(fraction * Double(width))
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            line = "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%  " + line
                + "  \(Self.duration(remaining)) left"
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the bar so that the summary starts on a clean line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
