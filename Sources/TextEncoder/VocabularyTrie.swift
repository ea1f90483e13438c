/// A byte trie over the WordPiece vocabulary.
///
/// WordPiece wants, at each position of a word, the *longest* vocabulary entry that starts there
/// (Hugging Face tries every end position from the longest down and keeps the first hit). Walking a
/// trie finds that longest prefix in one pass over the bytes, instead of building and hashing up to
/// `n` candidate strings per position. Continuation pieces (`##…`) are found by starting the walk at
/// the node reached by `##`.
///
/// Since every vocabulary entry and every word is valid UTF-8, a byte-level match always ends on a
/// scalar boundary, so no boundary check is needed.
struct VocabularyTrie: Sendable {
    /// Per node: the id of the token ending here, or -1.
    private var tokenIds: [Int32] = []
    /// Per node: the index of its first edge in `edgeLabels` / `edgeTargets`.
    private var firstEdge: [Int32] = []
    /// Per node: how many edges it has (they are contiguous and sorted by label).
    private var edgeCounts: [Int32] = []
    private var edgeLabels: [UInt8] = []
    private var edgeTargets: [Int32] = []
    /// Dense child tables for the two start nodes, which have hundreds of children.
    private var rootChildren = [Int32](repeating: -1, count: 256)
    private var continuationChildren = [Int32](repeating: -1, count: 256)

    /// Builds the trie from token bytes and ids. Tokens must be distinct and non-empty.
    init(tokens: [(bytes: [UInt8], id: Int32)]) {
        let sorted = tokens.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        // Breadth-first: each node owns the sorted range of tokens sharing its prefix.
        var queue: [(node: Int, lo: Int, hi: Int, depth: Int)] = [(0, 0, sorted.count, 0)]
        appendNode()
        var head = 0
        while head < queue.count {
            let (node, lo, hi, depth) = queue[head]
            head += 1
            var k = lo
            if k < hi, sorted[k].bytes.count == depth {
                tokenIds[node] = sorted[k].id
                k += 1
            }
            firstEdge[node] = Int32(edgeLabels.count)
            while k < hi {
                let label = sorted[k].bytes[depth]
                var end = k + 1
                while end < hi, sorted[end].bytes[depth] == label { end += 1 }
                let child = appendNode()
                edgeLabels.append(label)
                edgeTargets.append(Int32(child))
                edgeCounts[node] += 1
                queue.append((child, k, end, depth + 1))
                k = end
            }
        }
        for edge in 0..<Int(edgeCounts[0]) {
            rootChildren[Int(edgeLabels[edge])] = edgeTargets[edge]
        }
        let hash = UInt8(ascii: "#")
        if let first = child(of: 0, label: hash), let second = child(of: first, label: hash) {
            let start = Int(firstEdge[second])
            for edge in start..<start + Int(edgeCounts[second]) {
                continuationChildren[Int(edgeLabels[edge])] = edgeTargets[edge]
            }
        }
    }

    @discardableResult
    private mutating func appendNode() -> Int {
        tokenIds.append(-1)
        firstEdge.append(0)
        edgeCounts.append(0)
        return tokenIds.count - 1
    }

    @inline(__always)
    private func child(of node: Int, label: UInt8) -> Int? {
        var lo = Int(firstEdge[node])
        var hi = lo + Int(edgeCounts[node])
        while lo < hi {
            let mid = (lo &+ hi) >> 1
            let value = edgeLabels[mid]
            if value == label { return Int(edgeTargets[mid]) }
            if value < label { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The longest vocabulary entry that is a prefix of `bytes[start...]`, as (token id, end index).
    ///
    /// With `continuation`, the entry is looked up with the `##` prefix, as WordPiece does for every
    /// piece after the first.
    @inline(__always)
    func longestMatch(in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                      continuation: Bool) -> (id: Int32, end: Int)? {
        guard start < bytes.count else { return nil }
        let first = continuation ? continuationChildren[Int(bytes[start])] : rootChildren[Int(bytes[start])]
        guard first >= 0 else { return nil }
        var node = Int(first)
        var best: (id: Int32, end: Int)?
        var k = start + 1
        if tokenIds[node] >= 0 { best = (tokenIds[node], k) }
        while k < bytes.count, let next = child(of: node, label: bytes[k]) {
            node = next
            k += 1
            if tokenIds[node] >= 0 { best = (tokenIds[node], k) }
        }
        return best
    }
}
