import Foundation
import Pipeline

/// A one-line progress bar on standard error (only when it is a terminal): file, percentage when
/// the size is known, records per second and the remaining time.
final class ProgressBar {
    private let enabled = Terminal.stderrIsTerminal
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ progress: IngestProgress) {
        guard enabled, Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(progress.records) / elapsed
        var line = "\(URL(fileURLWithPath: progress.file).lastPathComponent)  \(progress.records) records  \(Int(rate))/s"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
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
