import Foundation

/// Builds one segment from any number of documents within a bounded amount of memory: documents
/// go to an in-memory builder, which is written out as a temporary segment whenever it holds
/// `flushPositions` positions; at the end the temporary segments are merged into one.
public final class SegmentBuild {
    private let schema: IndexSchema
    private let directory: String
    private let flushPositions: Int
    private var builder: SegmentBuilder
    private var parts: [String] = []

    /// - Parameter flushPositions: about 12 bytes of memory each while building (32M: ~400 MB).
    public init(schema: IndexSchema, temporaryDirectory: String, flushPositions: Int = 24_000_000) {
        self.schema = schema
        directory = temporaryDirectory
        self.flushPositions = flushPositions
        builder = SegmentBuilder(schema: schema)
    }

    deinit { for part in parts { unlink(part) } }

    public func add(_ document: IndexDocument) throws {
        builder.add(document)
        if builder.positionCount >= flushPositions { try flush() }
    }

    private func flush() throws {
        guard builder.documentCount > 0 else { return }
        let path = (directory as NSString).appendingPathComponent("build-\(getpid())-\(parts.count).part")
        try SegmentBuild.write(builder, to: path)
        parts.append(path)
        builder = SegmentBuilder(schema: schema)
    }

    static func write(_ builder: SegmentBuilder, to path: String) throws {
        try SegmentWriter(schema: builder.schema, columns: builder.columns).write(to: path) { emit in
            try builder.drainTerms(emit)
        }
    }

    /// Writes the segment to `path` (atomically) and removes the temporary ones.
    public func finish(to path: String) throws {
        if parts.isEmpty {
            try SegmentBuild.write(builder, to: path)
            return
        }
        try flush()
        let segments = try parts.map(Segment.init(path:))
        try SegmentMerger(segments: segments, deleted: segments.map { _ in nil }).write(to: path)
        for part in parts { unlink(part) }
        parts.removeAll()
    }
}
