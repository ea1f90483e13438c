import Foundation

/// Background merging, size-tiered: the smallest few segments are written as one without holding
/// up commits or queries, then swapped in by a commit of its own. A crash before the swap leaves
/// the previous commit as it was; the half-written or unswapped file is removed at the next open.
extension IndexDirectory {
    /// A merged segment written but not yet part of the index: `completeMerge(_:)` swaps it in.
    /// Dropped without that, its file goes.
    public final class PendingMerge: @unchecked Sendable {
        let name: String
        /// The merged segments' entries in the commit the merge started from.
        let inputs: [CommitPoint.Entry]
        /// Their deleted-document bits then (what the merged segment already leaves out).
        let deletedAtStart: [[UInt64]?]
        fileprivate weak var directory: IndexDirectory?
        fileprivate var settled = false

        init(name: String, inputs: [CommitPoint.Entry], deletedAtStart: [[UInt64]?], directory: IndexDirectory) {
            (self.name, self.inputs, self.deletedAtStart, self.directory) = (name, inputs, deletedAtStart, directory)
        }

        deinit { if !settled { directory?.abandon(name) } }
    }

    /// Runs one merge if there are more than `maxSegments` segments; returns whether it did.
    /// Meant for a background thread or task, e.g. `while try index.merge() {}` after commits.
    @discardableResult
    public func merge() throws -> Bool {
        guard let pending = try prepareMerge() else { return false }
        return try completeMerge(pending)
    }

    /// Writes the smallest `mergeWidth` segments (their live documents) as one new segment, or
    /// returns nil when there are not too many segments, another merge is under way, or the
    /// merged segment would hold more than `maxDocuments`. Commits may go on meanwhile.
    public func prepareMerge(maxDocuments: Int = .max) throws -> PendingMerge? {
        let name = "merge-\(UInt32.random(in: 0...UInt32.max)).kwseg"
        let claimed: (CommitPoint, IndexSnapshot)? = lock.withLock {
            guard merging.isEmpty, commitPoint.segments.count > Self.maxSegments else { return nil }
            merging.insert(name)
            return (commitPoint, current)
        }
        guard let (start, snapshot) = claimed else { return nil }
        let order = snapshot.segments.indices.sorted { snapshot.segments[$0].documentCount < snapshot.segments[$1].documentCount }
        let chosen = Array(order.prefix(Self.mergeWidth)).sorted()
        guard chosen.reduce(0, { $0 + snapshot.segments[$1].documentCount }) <= maxDocuments else {
            lock.withLock { _ = merging.remove(name) }
            return nil
        }
        let pending = PendingMerge(name: name, inputs: chosen.map { start.segments[$0] }, deletedAtStart: chosen.map { snapshot.deleted[$0] },
                                   directory: self)
        do {
            try SegmentMerger(segments: chosen.map { snapshot.segments[$0] }, deleted: pending.deletedAtStart).write(to: file(name))
        } catch {
            pending.settled = true
            abandon(name)
            throw error
        }
        return pending
    }

    /// Swaps a prepared merge in: one commit naming the merged segment instead of its inputs,
    /// with the documents deleted from them since the merge began deleted from it too. Returns
    /// false (and drops the merge) when the inputs are gone meanwhile (`replaceAll`).
    public func completeMerge(_ pending: PendingMerge) throws -> Bool {
        defer {
            pending.settled = true
            abandon(pending.name)
        }
        writer.lock()
        defer { writer.unlock() }
        var next = lock.withLock { commitPoint }
        let snapshot = lock.withLock { current }
        let positions = pending.inputs.map { input in next.segments.firstIndex { $0.segment == input.segment } }
        guard positions.allSatisfy({ $0 != nil }) else { return false }
        // Deleted since the merge began: by key, since the merged segment numbers documents anew.
        var gone = Set<Int64>()
        for (input, position) in zip(pending.inputs.indices, positions.map { $0! }) where next.segments[position].deletions != pending.inputs[input].deletions {
            let segment = snapshot.segments[position]
            let before = pending.deletedAtStart[input], now = snapshot.deleted[position]
            for doc in 0..<segment.documentCount where Self.isSet(now, doc) && !Self.isSet(before, doc) { gone.insert(segment.key(doc)) }
        }
        next.generation += 1
        var entry = CommitPoint.Entry(segment: pending.name)
        if !gone.isEmpty {
            let merged = try Segment(path: file(pending.name))
            var bits = [UInt64](repeating: 0, count: (merged.documentCount + 63) / 64)
            for doc in 0..<merged.documentCount where gone.contains(merged.key(doc)) { bits[doc >> 6] |= 1 << UInt64(doc & 63) }
            let name = "\((pending.name as NSString).deletingPathExtension).del-\(next.generation)"
            try DeletionFile.write(bits, documentCount: merged.documentCount, to: file(name))
            entry.deletions = name
        }
        let merged = Set(pending.inputs.map(\.segment))
        next.segments = next.segments.filter { !merged.contains($0.segment) } + [entry]
        try publish(next)
        return true
    }

    /// Forgets a merge in flight; its file goes unless a commit names it.
    func abandon(_ name: String) {
        let referenced = lock.withLock {
            merging.remove(name)
            return commitPoint.segments.contains { $0.segment == name }
        }
        if !referenced { unlink(file(name)) }
    }

    static func isSet(_ bits: [UInt64]?, _ doc: Int) -> Bool {
        guard let bits else { return false }
        return bits[doc >> 6] & (1 << UInt64(doc & 63)) != 0
    }
}
