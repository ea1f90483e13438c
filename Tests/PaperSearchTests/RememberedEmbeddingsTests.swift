import Foundation
import Synchronization
import Testing
@testable import PaperSearch

/// An embedding that records which texts it was asked for; its vector is a function of the text,
/// so a remembered vector can be checked against a fresh one.
private final class CountingEmbedding: TextEmbedding {
    let asked = Mutex<[String]>([])
    var modelName: String { "counting" }
    func embed(_ texts: [String]) -> [[Float]] {
        asked.withLock { $0 += texts }
        return texts.map { [Float($0.utf8.count), Float($0.utf8.reduce(0) { $0 &+ Int($1) })] }
    }
}

@Suite struct RememberedEmbeddingsTests {
    @Test func aRepeatedTextIsEncodedOnce() {
        let base = CountingEmbedding()
        let remembered = RememberedEmbeddings(base, capacity: 8)
        let first = remembered.embed(["graph neural networks"])
        let second = remembered.embed(["graph neural networks"])
        #expect(first == second)
        #expect(first == base.embed(["graph neural networks"]))
        #expect(base.asked.withLock { $0 } == ["graph neural networks", "graph neural networks"])  // once by the cache, once by the check
    }

    @Test func vectorsComeBackInTheOrderAskedWithDuplicatesEncodedOnce() {
        let base = CountingEmbedding()
        let remembered = RememberedEmbeddings(base, capacity: 8)
        _ = remembered.embed(["b"])
        let texts = ["a", "b", "a", "ccc"]
        #expect(remembered.embed(texts) == texts.map { base.embed([$0])[0] })
        #expect(base.asked.withLock { Array($0.prefix(3)) }.sorted() == ["a", "b", "ccc"])
    }

    @Test func recentlyUsedTextsSurviveWhileTheOldestAreForgotten() {
        let base = CountingEmbedding()
        let remembered = RememberedEmbeddings(base, capacity: 4)   // generations of 2
        for text in ["a", "b", "c"] { _ = remembered.embed([text]) }  // newer {c}, older {a, b}
        _ = remembered.embed(["a"])                                    // promoted: newer {c, a}
        _ = remembered.embed(["d"])                                    // turnover: newer {d}, older {c, a}; b forgotten
        base.asked.withLock { $0.removeAll() }
        for text in ["a", "c", "d", "b"] { _ = remembered.embed([text]) }
        #expect(base.asked.withLock { $0 } == ["b"])
    }

    @Test func concurrentSearchesGetTheirOwnVectors() async {
        let remembered = RememberedEmbeddings(CountingEmbedding(), capacity: 16)
        let texts = (0..<64).map { "query \($0 % 24)" }
        let results = await withTaskGroup(of: (String, [Float]).self) { group in
            for text in texts { group.addTask { (text, remembered.embed([text])[0]) } }
            return await group.reduce(into: [(String, [Float])]()) { $0.append($1) }
        }
        let fresh = CountingEmbedding()
        for (text, vector) in results { #expect(vector == fresh.embed([text])[0]) }
    }
}
