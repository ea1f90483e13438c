import Foundation

/// Builds one segment from any number of documents within a bounded amount of memory, on several
/// threads: documents go in batches to workers, each with an in-memory builder that is written
/// out as a temporary segment whenever it holds `flushPositions` positions; at the end the
/// temporary segments are merged into one. Documents keep their keys, not their order.
public final class SegmentBuild {
    private let schema: IndexSchema
    private let workers: [Worker]
    private var batch: [IndexDocument] = []
    private var nextWorker = 0
    private static let batchSize = 512

    /// - Parameters:
    ///   - flushPositions: per worker; a few bytes of memory each while building (`bench keyword`
    ///     at 200,000 papers, two workers: 227 MB at the peak; 490 MB when postings were arrays
    ///     of integers, about 12 bytes a position).
    ///   - threads: workers analysing and inverting documents at the same time.
    public init(schema: IndexSchema, temporaryDirectory: String, flushPositions: Int = 16_000_000, threads: Int = 2) {
        self.schema = schema
        workers = (0..<max(1, threads)).map {
            Worker(schema: schema, directory: temporaryDirectory, name: "build-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\($0)",
                   flushPositions: flushPositions)
        }
        batch.reserveCapacity(Self.batchSize)
    }

    /// Queues one document (handed to a worker in batches).
    public func add(_ document: IndexDocument) throws {
        batch.append(document)
        if batch.count == Self.batchSize { try submit() }
    }

    private func submit() throws {
        guard !batch.isEmpty else { return }
        try workers[nextWorker].submit(batch)
        nextWorker = (nextWorker + 1) % workers.count
        batch.removeAll(keepingCapacity: true)
    }

    /// Writes one segment to `path` (atomically) and removes the temporary ones.
    public func finish(to path: String) throws {
        try submit()
        let parts = try workers.flatMap { try $0.finish() }
        try Self.combine(parts, into: path, schema: schema)
    }

    /// Writes one segment per thread, `prefix-0.kwseg`, `prefix-1.kwseg`…, each thread merging
    /// its own temporary segments at the same time; returns their paths. Faster than `finish(to:)`
    /// on several cores, for an index that holds several segments anyway.
    public func finishSegments(prefix: String) throws -> [String] {
        try submit()
        let group = DispatchGroup()
        let results = workers.enumerated().map { i, worker in
            worker.combine(into: "\(prefix)-\(i).kwseg", group: group)
        }
        group.wait()
        return try results.compactMap { try $0.get() }
    }

    /// Merges temporary segments into one at `path` (renaming when there is only one) and removes them.
    static func combine(_ parts: [String], into path: String, schema: IndexSchema) throws {
        if parts.count == 1 {
            guard rename(parts[0], path) == 0 else { throw KeywordIndexError.io("cannot rename \(parts[0]) to \(path)") }
            syncDirectory(of: path)
            return
        }
        defer { for part in parts { unlink(part) } }
        if parts.isEmpty {
            try write(SegmentBuilder(schema: schema), to: path)
            return
        }
        let segments = try parts.map(Segment.init(path:))
        try SegmentMerger(segments: segments, deleted: segments.map { _ in nil }).write(to: path)
    }

    static func write(_ builder: SegmentBuilder, to path: String) throws {
        try SegmentWriter(schema: builder.schema, columns: builder.columns).write(to: path) { sink in
            try builder.drainTerms(sink.add)
        }
    }

    /// Hands the memory of a flushed builder back to the system: its many growing buffers,
    /// freed, otherwise stay with the allocator in pieces that the next builder's differently
    /// sized ones do not reuse, and a long build's memory grew with every flush.
    static func returnFreedMemory() {
        // glibc's `malloc_trim` (not in the Swift Glibc module), looked up by name.
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let trim = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") { _ = unsafeBitCast(trim, to: Trim.self)(0) }
        #endif
    }

    /// One thread's builder and the temporary segments it wrote. Its state is touched only on its
    /// serial queue; the semaphore keeps at most a few batches waiting, so memory stays bounded.
    private final class Worker: @unchecked Sendable {
        private let schema: IndexSchema
        private let directory: String
        private let name: String
        private let flushPositions: Int
        private let queue: DispatchQueue
        private let slots = DispatchSemaphore(value: 8)
        private var builder: SegmentBuilder
        private var parts: [String] = []
        private var failure: Error?

        init(schema: IndexSchema, directory: String, name: String, flushPositions: Int) {
            self.schema = schema
            self.directory = directory
            self.name = name
            self.flushPositions = flushPositions
            queue = DispatchQueue(label: name)
            builder = SegmentBuilder(schema: schema)
        }

        deinit { for part in parts { unlink(part) } }

        func submit(_ documents: [IndexDocument]) throws {
            slots.wait()
            queue.async {
                defer { self.slots.signal() }
                guard self.failure == nil else { return }
                for document in documents { self.builder.add(document) }
                if self.builder.positionCount >= self.flushPositions {
                    do { try self.flush() } catch { self.failure = error }
                }
            }
        }

        private func flush() throws {
            guard builder.documentCount > 0 else { return }
            let path = (directory as NSString).appendingPathComponent("\(name)-\(parts.count).part")
            try SegmentBuild.write(builder, to: path)
            parts.append(path)
            builder = SegmentBuilder(schema: schema)
            SegmentBuild.returnFreedMemory()
        }

        /// On the worker's thread: its parts merged into `path` (nil when it got no documents).
        final class Outcome: @unchecked Sendable {
            var result: Result<String?, Error> = .success(nil)
            func get() throws -> String? { try result.get() }
        }

        func combine(into path: String, group: DispatchGroup) -> Outcome {
            let outcome = Outcome()
            queue.async(group: group) {
                outcome.result = Result {
                    if let failure = self.failure { throw failure }
                    try self.flush()
                    defer { self.parts.removeAll() }
                    if self.parts.isEmpty { return nil }
                    try SegmentBuild.combine(self.parts, into: path, schema: self.schema)
                    return path
                }
            }
            return outcome
        }

        /// Waits for the queued batches, writes what is left, and hands over the parts.
        func finish() throws -> [String] {
            try queue.sync {
                if let failure { throw failure }
                try flush()
                defer { parts.removeAll() }
                return parts
            }
        }
    }
}
