import Foundation
import PaperModels
import PaperSearch
import PaperSources
import PaperStore

/// The ingest use case: read inputs in any supported format, store their papers without
/// duplicates, and report every record that had to be skipped.
///
/// Papers are written in batches, one transaction each: a run killed at any moment leaves the
/// database consistent, and running it again completes the work (upserts are idempotent).
public struct Ingester {
    public var database: AppDatabase
    /// The keyword engine's index, kept in step as papers are written (see `IngestIndexFeed`).
    public var keywordIndex: PaperKeywordIndex?
    public var batchSize: Int
    /// Called for each skipped record as soon as it is found (for the error stream).
    public var onSkipped: (SkippedRecord) -> Void
    /// Called after each batch.
    public var onProgress: (IngestProgress) -> Void

    public init(database: AppDatabase, keywordIndex: PaperKeywordIndex? = nil, batchSize: Int = 1_000, onSkipped: @escaping (SkippedRecord) -> Void = { _ in },
                onProgress: @escaping (IngestProgress) -> Void = { _ in }) {
        self.database = database
        self.keywordIndex = keywordIndex
        self.batchSize = batchSize
        self.onSkipped = onSkipped
        self.onProgress = onProgress
    }

    /// Ingests each path (`-` is standard input), detecting its format unless `format` is given.
    /// Unreadable or unparseable inputs are reported in the result, not thrown; only database
    /// errors are thrown (nothing more can be stored then).
    public func ingest(paths: [String], format: PaperFormat? = nil) throws -> IngestReport {
        var report = IngestReport()
        // The index is derived: when it cannot follow (damaged, say), the papers are stored all the
        // same, and the catch-up after the ingest (`PaperKeywordIndex.refresh`) says what is wrong.
        let feed = keywordIndex.flatMap { try? IngestIndexFeed(index: $0) }
        for path in paths { report.files.append(try ingest(path: path, format: format, feed: feed)) }
        if let feed {
            let start = Date()
            report.keywordIndexed = try? feed.finish()
            report.keywordIndexFinishSeconds = Date().timeIntervalSince(start)
        }
        return report
    }

    /// Ingests one input; see `ingest(paths:format:)`.
    public func ingest(path: String, format: PaperFormat? = nil) throws -> FileReport {
        try ingest(paths: [path], format: format).files[0]
    }

    private func ingest(path: String, format: PaperFormat?, feed: IngestIndexFeed?) throws -> FileReport {
        var file = FileReport(name: path == "-" ? "<stdin>" : path)
        var batch: [Paper] = []
        var reader: InputReader?
        let writer = try BatchWriter(database: database, feed: feed)
        func flush() throws {
            guard !batch.isEmpty else { return }
            try writer.submit(batch)
            batch.removeAll(keepingCapacity: true)
            // Records stored, not read: the writer may be up to four batches behind the parser.
            if let reader { onProgress(IngestProgress(file: file.name, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, records: writer.written)) }
        }
        do {
            let input = try InputReader(path: path)
            reader = input
            guard let detected = try format ?? PaperFormat.detect(try input.peek()) else {
                throw SourceError(file: input.name, reason: "unrecognised format; name one with --format (\(PaperFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            file.format = detected
            try detected.parse(input) { item in
                switch item {
                case .paper(let paper, _):
                    file.read += 1
                    batch.append(paper)
                    if batch.count >= batchSize { try flush() }
                case .skipped(let skipped):
                    file.read += 1
                    file.skipped += 1
                    onSkipped(skipped)
                case .notice(let message):
                    file.notices.append(message)
                }
            }
        } catch let error as SourceError {
            file.failure = error.reason
        }
        // Papers read before a failure (a truncated file, say) are good records: keep them.
        try flush()
        let counts = try writer.finish()
        (file.inserted, file.updated, file.unchanged) = (counts.inserted, counts.updated, counts.unchanged)
        return file
    }
}
