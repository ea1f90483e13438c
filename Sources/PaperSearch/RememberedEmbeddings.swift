import Foundation

/// An encoder that remembers the vectors of the texts it embedded last. Queries repeat — a
/// popular search, the next page of results, a feed reader polling a saved search — and each
/// costs the encoder about 10 ms of CPU, most of a hybrid search's time.
///
/// Two generations of entries stand in for a least-recently-used list: a text found in the older
/// generation moves to the newer one, and when the newer one is full the older is dropped. Every
/// lookup is O(1), and the entries used since the last turnover always survive it.
public final class RememberedEmbeddings: TextEmbedding, @unchecked Sendable {
    private let base: any TextEmbedding
    private let generationSize: Int
    private let lock = NSLock()
    // Guarded by `lock`.
    private var newer: [String: [Float]] = [:]
    private var older: [String: [Float]] = [:]

    /// Remembers up to `capacity` texts (at least the last `capacity / 2` used).
    public init(_ base: any TextEmbedding, capacity: Int = 2_048) {
        self.base = base
        generationSize = max(1, capacity / 2)
    }

    public var modelName: String { base.modelName }

    public func embed(_ texts: [String]) -> [[Float]] {
        var vectors = lock.withLock { texts.map(recall) }
        let missing = Array(Set(texts.indices.filter { vectors[$0] == nil }.map { texts[$0] }))
        guard !missing.isEmpty else { return vectors.compactMap { $0 } }
        // The encoder runs outside the lock: other searches go on meanwhile.
        let computed = Dictionary(uniqueKeysWithValues: zip(missing, base.embed(missing)))
        lock.withLock { for (text, vector) in computed { remember(text, vector) } }
        for index in texts.indices where vectors[index] == nil { vectors[index] = computed[texts[index]] }
        return vectors.compactMap { $0 }
    }

    private func recall(_ text: String) -> [Float]? {
        if let vector = newer[text] { return vector }
        guard let vector = older.removeValue(forKey: text) else { return nil }
        remember(text, vector)
        return vector
    }

    private func remember(_ text: String, _ vector: [Float]) {
        if newer.count >= generationSize {
            older = newer
            newer = [:]
        }
        newer[text] = vector
    }
}
