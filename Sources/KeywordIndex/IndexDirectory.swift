import Foundation

/// A live index in a directory: immutable segments, a deletion file per segment that lost
/// documents, and a commit point (`COMMIT`, JSON) naming them, replaced atomically (written
/// beside, fsynced, renamed). A crash at any moment leaves the last commit readable; files no
/// commit names are removed at the next open. Updates are a deletion plus a new segment. Merges
/// are apart from commits: when there are too many segments, `merge()` (run by the owner on a
/// background thread) writes the smallest few as one while commits and queries go on, then swaps
/// it in with a commit of its own.
public final class IndexDirectory: @unchecked Sendable {
    public let path: String
    public let schema: IndexSchema
    /// Guards `commitPoint`, `current` and `merging` (held briefly).
    let lock = NSLock()
    /// One writer at a time: a commit, or a merge's swap (not its writing).
    let writer = NSLock()
    var commitPoint: CommitPoint
    var current: IndexSnapshot
    /// The file of the merge being written (one at a time): not yet named by a commit, yet not to
    /// be removed.
    var merging: Set<String> = []

    /// More segments than this, and `merge()` has work: the smallest few become one.
    public static let maxSegments = 8
    /// How many of the smallest segments one merge combines.
    public static let mergeWidth = 4

    struct CommitPoint: Codable {
        struct Entry: Codable {
            var segment: String
            var deletions: String?
        }
        var generation = 0
        var segments: [Entry] = []
        var userData: [String: String] = [:]
    }

    /// Opens the index at `path` (created empty when missing).
    public init(path: String, schema: IndexSchema) throws {
        self.path = path
        self.schema = schema
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let commitFile = (path as NSString).appendingPathComponent("COMMIT")
        if let data = FileManager.default.contents(atPath: commitFile) {
            guard let decoded = try? JSONDecoder().decode(CommitPoint.self, from: data) else {
                throw KeywordIndexError.damaged(path: commitFile, reason: "unreadable commit point")
            }
            commitPoint = decoded
        } else {
            commitPoint = CommitPoint()
        }
        current = try Self.open(commitPoint, in: path, schema: schema)
        removeUnreferencedFiles()
    }

    /// What queries read now.
    public var snapshot: IndexSnapshot { lock.withLock { current } }

    /// What the last commit recorded besides the index (e.g. how far a source was indexed).
    public var userData: [String: String] { lock.withLock { commitPoint.userData } }

    /// The snapshot `commit` names. Segments already open in `reusing` are taken as they are:
    /// opening one maps it again and checks the CRC of the whole file, which made every commit
    /// of a catch-up read the entire index (and map it twice) at a million papers.
    static func open(_ commit: CommitPoint, in path: String, schema: IndexSchema, reusing open: [Segment] = []) throws -> IndexSnapshot {
        let opened = Dictionary(open.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var segments: [Segment] = []
        var deleted: [[UInt64]?] = []
        for entry in commit.segments {
            let segmentPath = (path as NSString).appendingPathComponent(entry.segment)
            let segment = try opened[segmentPath] ?? Segment(path: segmentPath)
            guard segment.schema == schema else { throw KeywordIndexError.schemaMismatch(path: segment.path) }
            segments.append(segment)
            deleted.append(try entry.deletions.map { try DeletionFile.read((path as NSString).appendingPathComponent($0), documentCount: segment.documentCount) })
        }
        return IndexSnapshot(segments: segments, deleted: deleted)
    }

    /// Adds `documents` (replacing any with the same keys), deletes `keys`, and commits with
    /// `userData`. One writer at a time; queries go on reading the previous snapshot meanwhile.
    public func commit(adding documents: [IndexDocument], deleting keys: Set<Int64> = [], userData: [String: String]) throws {
        var build: SegmentBuild?
        if !documents.isEmpty {
            let filling = SegmentBuild(schema: schema, temporaryDirectory: path, threads: 1)
            for document in documents { try filling.add(document) }
            build = filling
        }
        try commit(build, deleting: keys.union(documents.map(\.key)), userData: userData)
    }

    /// Commits the documents added to `build` as one new segment, deletes `keys` from the older
    /// segments (they must include every key in `build`, so that it replaces those documents), and
    /// records `userData`. A bulk writer fills the build as its documents come, within the build's
    /// bounded memory, instead of holding them all for `commit(adding:)`.
    public func commit(_ build: SegmentBuild?, deleting keys: Set<Int64>, userData: [String: String]) throws {
        writer.lock()
        defer { writer.unlock() }
        var next = lock.withLock { commitPoint }
        let old = snapshot
        next.generation += 1
        var deleted = old.deleted
        if !keys.isEmpty {
            for (s, segment) in old.segments.enumerated() {
                var bits = deleted[s] ?? [UInt64](repeating: 0, count: (segment.documentCount + 63) / 64)
                var changed = false
                for doc in 0..<segment.documentCount where keys.contains(segment.key(doc)) && bits[doc >> 6] & (1 << UInt64(doc & 63)) == 0 {
                    bits[doc >> 6] |= 1 << UInt64(doc & 63)
                    changed = true
                }
                guard changed else { continue }
                let name = "\((next.segments[s].segment as NSString).deletingPathExtension).del-\(next.generation)"
                try DeletionFile.write(bits, documentCount: segment.documentCount, to: file(name))
                next.segments[s].deletions = name
                deleted[s] = bits
            }
        }
        if let build {
            let name = "seg-\(next.generation).kwseg"
            try build.finish(to: file(name))
            next.segments.append(.init(segment: name))
        }
        next.userData = userData
        try publish(next)
    }

    /// Replaces everything with the segments `build` writes (through `SegmentBuild`), then commits.
    public func replaceAll(userData: [String: String], _ fill: (SegmentBuild) throws -> Void) throws {
        writer.lock()
        defer { writer.unlock() }
        var next = lock.withLock { commitPoint }
        next.generation += 1
        let build = SegmentBuild(schema: schema, temporaryDirectory: path)
        try fill(build)
        let paths = try build.finishSegments(prefix: file("seg-\(next.generation)"))
        next.segments = paths.map { .init(segment: ($0 as NSString).lastPathComponent) }
        next.userData = userData
        try publish(next)
    }

    func publish(_ next: CommitPoint) throws {
        let snapshot = try Self.open(next, in: path, schema: schema, reusing: self.snapshot.segments)
        let sink = try FileSink(path: file("COMMIT"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try sink.append(Array(try encoder.encode(next)))
        try sink.commit()
        lock.withLock {
            commitPoint = next
            current = snapshot
        }
        removeUnreferencedFiles()
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Segments and deletion files the commit point does not name (older generations, or left
    /// by a crash before a commit) go; open snapshots keep their mappings until released.
    private func removeUnreferencedFiles() {
        let referenced = lock.withLock { Set(commitPoint.segments.flatMap { [$0.segment] + ($0.deletions.map { [$0] } ?? []) } + ["COMMIT"]) }
        let inFlight = lock.withLock { merging }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        where !referenced.contains(name) && !inFlight.contains(where: name.hasPrefix) {
            if name.hasSuffix(".kwseg") || name.contains(".del-") || name.hasSuffix(".part") || name.contains(".tmp-") { unlink(file(name)) }
        }
    }
}
