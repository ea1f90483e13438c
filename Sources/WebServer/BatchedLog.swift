import Foundation
import Logging
import Synchronization

/// The server's own log: one line per event, written to a file descriptor (standard error) in
/// batches rather than one system call per line.
///
/// Why not swift-log's `StreamLogHandler`: it flushes every line and formats its timestamp with
/// `strftime` and its metadata anew, which took a tenth of the CPU of a cached page at full
/// load. Here a request's line costs a copy into memory; the batch goes out when it reaches
/// 64 kB, when `flush()` is called (every 200 ms while the server runs, and when it stops), and
/// at once for warnings and errors, which someone may be waiting to read.
final class BatchedLog: Sendable {
    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held while a batch is written, so that batches reach the descriptor in order.
    private let writing = Mutex<Void>(())
    static let batchBytes = 64 * 1_024

    init(descriptor: Int32 = STDERR_FILENO) { self.descriptor = descriptor }

    func append(_ line: String, urgent: Bool) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line.utf8)
            buffer.append(UInt8(ascii: "\n"))
            return buffer.count >= Self.batchBytes
        }
        if full || urgent { flush() }
    }

    /// Writes what is pending. A log that cannot be written is dropped: logging must never stop
    /// the server.
    func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { buffer in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            batch.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    /// A handler for `Logger(label:factory:)` that writes to this log.
    func handler(label: String) -> BatchedLogHandler { BatchedLogHandler(label: label, log: self) }
}

/// A swift-log handler writing `2026-11-29T16:45:51Z info label: key=value … message` lines to a
/// `BatchedLog`.
struct BatchedLogHandler: LogHandler {
    let label: String
    let log: BatchedLog
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        var text = Self.timestamp(Date()) + " \(level) \(label):"
        let all = explicit.map { metadata.merging($0) { $1 } } ?? metadata
        for key in all.keys.sorted() { text += " \(key)=\(all[key]!)" }
        text += " \(message)"
        log.append(text, urgent: level >= .warning)
    }

    /// UTC to the second, in ISO 8601, without a formatter (`DateFormatter` and `strftime` cost
    /// more than the rest of a request's line).
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
