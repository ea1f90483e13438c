import Foundation
import Testing
import KeywordIndex
import TestSupport

/// Phrase, exclusion, field, prefix, filter and paging semantics on hand-made documents.
@Suite struct EngineCaseTests {
    static let documents = [
        IndexDocument(key: 1, fields: ["State space models", "We study state space models for long sequences.", "Ada Lovelace"], day: 100, tags: ["cs.LG"]),
        IndexDocument(key: 2, fields: ["Space of states", "The state of the art in space research.", "Alan Turing"], day: 200, tags: ["astro-ph.CO"], flags: 1),
        IndexDocument(key: 3, fields: ["Transformers for vision", "Vision transformers transform images.", "Grace Hopper"], day: 300, tags: ["cs.CV"], flags: 1),
        IndexDocument(key: 4, fields: ["A survey of transformers", "We survey transformer models.", "Ada Turing"], day: 400, tags: ["cs.CL"]),
    ]

    /// `flushPositions`: small, and the segment is the merge of one temporary segment per document.
    func search(_ query: IndexQuery, limit: Int = 10, offset: Int = 0, flushPositions: Int = 24_000_000) throws -> [Int64] {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let snapshot = IndexSnapshot(segments: [try makeSegment(Self.documents, in: directory, flushPositions: flushPositions)])
        return try snapshot.search(query, limit: limit, offset: offset).map(\.key)
    }

    @Test func phrasesNeedConsecutiveWordsInOneField() throws {
        #expect(try search(IndexQuery(clauses: [[.init("state space")]])) == [1])
        #expect(Set(try search(IndexQuery(allOf: "state space"))) == [1, 2])
        #expect(try search(IndexQuery(clauses: [[.init("state of the art")]])) == [2])
        // "models lovelace" spans the end of the abstract and the authors: not a phrase.
        #expect(try search(IndexQuery(clauses: [[.init("sequences ada")]])).isEmpty)
    }

    @Test func stemmedAndExactFormsMatch() throws {
        #expect(Set(try search(IndexQuery(allOf: "transformer"))) == [3, 4])
        #expect(Set(try search(IndexQuery(allOf: "Transformers"))) == [3, 4])
        #expect(try search(IndexQuery(clauses: [[.init("vision transformers")]])) == [3])
    }

    @Test(arguments: [24_000_000, 1])
    func exactTermsMatchTheWordsAsWritten(flushPositions: Int) throws {
        let search = { (query: IndexQuery) in try self.search(query, flushPositions: flushPositions) }
        let exact = { (text: String) in IndexQuery(clauses: [[.init(text, isExact: true)]]) }
        // "Transformers" (doc 3's title, doc 4's) against "transformer" and "transform" (same stem).
        #expect(Set(try search(exact("transformers"))) == [3, 4])
        #expect(try search(exact("transformer")) == [4])
        #expect(try search(exact("transforming")).isEmpty)
        #expect(Set(try search(IndexQuery(allOf: "transforming"))) == [3, 4])
        // Accents and case fold as in documents; exact phrases need the exact words in a row.
        #expect(try search(exact("TRANSFORMERS for Vision")) == [3])
        #expect(try search(exact("transformer for vision")).isEmpty)
        #expect(try search(exact("vision transformers transform")) == [3])
        // A word that is its own stem ("transform", "state") is matched through its stem, with its inflections.
        #expect(Set(try search(exact("transform"))) == [3, 4])
        #expect(Set(try search(exact("state"))) == [1, 2])
        #expect(try search(IndexQuery(clauses: [[.init("transformers", field: "abstract", isExact: true)]])) == [3])
    }

    @Test func exclusionsRemoveMatches() throws {
        #expect(try search(IndexQuery(clauses: [[.init("transformers")]], excluded: [.init("survey")])) == [3])
        #expect(try search(IndexQuery(clauses: [[.init("state")]], excluded: [.init("state space")])) == [2])
    }

    @Test func fieldsPrefixesAndFilters() throws {
        #expect(try search(IndexQuery(clauses: [[.init("turing", field: "authors")]])).sorted() == [2, 4])
        #expect(try search(IndexQuery(clauses: [[.init("transformers", field: "title")], [.init("ada", field: "authors")]])) == [4])
        #expect(Set(try search(IndexQuery(clauses: [[.init("transf", isPrefix: true)]]))) == [3, 4])
        #expect(try search(IndexQuery(clauses: [[.init("transformers")]], filter: .init(tags: ["cs.CL"]))) == [4])
        #expect(try search(IndexQuery(clauses: [[.init("space")]], filter: .init(tagPrefixes: ["astro-ph."]))) == [2])
        #expect(try search(IndexQuery(clauses: [[.init("transformers")]], filter: .init(days: 350...500))) == [4])
        #expect(try search(IndexQuery(clauses: [[.init("transformers")]], filter: .init(requiredFlags: 1))) == [3])
    }

    @Test func anyWordOrderingAndPaging() throws {
        let any = IndexQuery(anyOf: "lovelace hopper nothing")
        #expect(Set(try search(any)) == [1, 3])
        var newest = IndexQuery(anyOf: "ada turing")
        newest.order = .newest
        #expect(try search(newest) == [4, 2, 1])
        #expect(try search(newest, limit: 1, offset: 1) == [2])
        #expect(try search(IndexQuery(allOf: "")).isEmpty)
    }
}
