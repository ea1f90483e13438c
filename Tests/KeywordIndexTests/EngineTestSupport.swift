import Foundation
import KeywordIndex
import TestSupport

/// The schema the tests use: Paperboy's three fields and weights.
let testSchema = IndexSchema(fields: [.init(name: "title", weight: 5), .init(name: "abstract", weight: 1), .init(name: "authors", weight: 2)])

/// Writes `documents` as one segment in `directory` and opens it.
func makeSegment(_ documents: [IndexDocument], in directory: URL, name: String = "seg", flushPositions: Int = 24_000_000) throws -> Segment {
    let build = SegmentBuild(schema: testSchema, temporaryDirectory: directory.path, flushPositions: flushPositions)
    for document in documents { try build.add(document) }
    let path = directory.appendingPathComponent(name + ".kwseg").path
    try build.finish(to: path)
    return try Segment(path: path)
}

/// Scores every document of every segment by the definition of BM25F the engine implements,
/// with no index at all: the reference the engine's top-k must equal.
struct ExhaustiveScorer {
    struct Doc {
        var key: Int64
        var fieldTerms: [[String]]
        var counts: [[String: Int]]
        var norms: [Float]
        var document: IndexDocument
    }

    var docs: [Doc] = []
    var documentFrequency: [String: Int] = [:]

    init(segments: [[IndexDocument]]) {
        for documents in segments {
            let analysed = documents.map { document in (0..<3).map { Analyzer.terms(document.fields.count > $0 ? document.fields[$0] : "") } }
            let averages = (0..<3).map { f in Float(analysed.reduce(0.0) { $0 + Double($1[f].count) } / Double(documents.count)) }
            for (document, fields) in zip(documents, analysed) {
                let norms = (0..<3).map { f in
                    BM25F.norm(length: UInt32(fields[f].count), average: averages[f], weight: testSchema.fields[f].weight, b: testSchema.fields[f].b)
                }
                let counts = fields.map { terms in terms.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 } }
                docs.append(Doc(key: document.key, fieldTerms: fields, counts: counts, norms: norms, document: document))
                for term in Set(fields.joined()) { documentFrequency[term, default: 0] += 1 }
            }
        }
    }

    /// A term analysed once per query rather than once per document.
    typealias Analysed = (words: [String], field: String?)

    /// The score of one word (or phrase) in one document, nil when it does not match.
    private func score(_ term: Analysed, _ doc: Doc) -> Float? {
        let (words, field) = term
        guard !words.isEmpty else { return nil }
        let fields = field.map { [testSchema.fieldIndex(named: $0)!] } ?? [0, 1, 2]
        if words.count > 1 {
            let found = fields.contains { f in
                let t = doc.fieldTerms[f]
                return t.count >= words.count && (0...(t.count - words.count)).contains { Array(t[$0..<($0 + words.count)]) == words }
            }
            guard found else { return nil }
        }
        var total: Float = 0
        for word in words {
            var tf: Float = 0
            var occurs = false
            for f in 0..<3 where fields.contains(f) {
                let count = doc.counts[f][word] ?? 0
                occurs = occurs || count > 0
                tf += Float(count) * doc.norms[f]
            }
            guard occurs else { return nil }
            let idf = BM25F.idf(documentFrequency: documentFrequency[word] ?? 1, documentCount: docs.count)
            total += idf * BM25F.saturate(tf, k1: testSchema.k1)
        }
        return total
    }

    /// The score of a whole query, nil when the document does not match.
    private func score(_ query: IndexQuery, clauses: [[Analysed]], excluded: [Analysed], _ doc: Doc) -> Float? {
        if excluded.contains(where: { score($0, doc) != nil }) { return nil }
        let filter = query.filter
        if let days = filter.days, !days.contains(doc.document.day) { return nil }
        if doc.document.flags & filter.requiredFlags != filter.requiredFlags { return nil }
        if !(filter.tags.isEmpty && filter.tagPrefixes.isEmpty),
           !doc.document.tags.contains(where: { tag in filter.tags.contains(tag) || filter.tagPrefixes.contains { tag.hasPrefix($0) } }) { return nil }
        var total: Float = 0
        var matchedClauses = 0
        for clause in clauses {
            let scores = clause.compactMap { score($0, doc) }
            if !scores.isEmpty { matchedClauses += 1 }
            total += scores.reduce(0, +)
        }
        return (query.matchAny ? matchedClauses > 0 : matchedClauses == clauses.count) ? total : nil
    }

    func all(_ query: IndexQuery) -> [ScoredKey] {
        let analyse = { (term: IndexQuery.Term) -> Analysed in (Analyzer.terms(term.text), term.field) }
        let clauses = query.clauses.map { $0.map(analyse) }, excluded = query.excluded.map(analyse)
        return docs.compactMap { doc in score(query, clauses: clauses, excluded: excluded, doc).map { ScoredKey(key: doc.key, score: $0) } }
            .sorted { $0.score > $1.score }
    }
}
