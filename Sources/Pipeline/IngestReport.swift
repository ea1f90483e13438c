import Foundation
import PaperSources

/// What an ingest run did, per file and in total.
public struct IngestReport: Sendable, Equatable {
    public var files: [FileReport] = []
    /// Papers the keyword index took as they were written (nil without an index to keep in step).
    public var keywordIndexed: Int?
    /// The index's last commit and merges after the last paper was stored.
    public var keywordIndexFinishSeconds: Double?

    public var read: Int { files.reduce(0) { $0 + $1.read } }
    public var inserted: Int { files.reduce(0) { $0 + $1.inserted } }
    public var updated: Int { files.reduce(0) { $0 + $1.updated } }
    public var unchanged: Int { files.reduce(0) { $0 + $1.unchanged } }
    public var skipped: Int { files.reduce(0) { $0 + $1.skipped } }
    public var failedFiles: [FileReport] { files.filter { $0.failure != nil } }

    /// Everything was read and stored: no skipped record, no unreadable file.
    public var isClean: Bool { skipped == 0 && failedFiles.isEmpty }

    /// `read 6,634 · new 6,600 · updated 20 · unchanged 14 · skipped 0`
    public var summary: String {
        "read \(read) · new \(inserted) · updated \(updated) · unchanged \(unchanged) · skipped \(skipped)"
            + (failedFiles.isEmpty ? "" : " · unreadable files \(failedFiles.count)")
    }
}

/// One input's part of an ingest run.
public struct FileReport: Sendable, Equatable {
    public var name: String
    public var format: PaperFormat?
    /// Records read (papers and skipped records).
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var skipped = 0
    /// Informational messages from the source (e.g. an OAI-PMH resumption token).
    public var notices: [String] = []
    /// Why the file could not be read (to the end), if it could not.
    public var failure: String?

    public init(name: String) { self.name = name }
}

/// Progress of a running ingest, for a progress bar.
public struct IngestProgress: Sendable {
    public var file: String
    public var bytesRead: Int64
    public var totalBytes: Int64?
    /// Papers stored so far in this file.
    public var records: Int

    public init(file: String, bytesRead: Int64, totalBytes: Int64?, records: Int) {
        self.file = file
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.records = records
    }
}
