import Foundation
import PaperModels
import PaperSources

/// A judged retrieval test collection in the BEIR layout: `corpus.jsonl` (`_id`, `title`, `text`),
/// `queries.jsonl` (`_id`, `text`) and `qrels/test.tsv` (query-id, corpus-id, score, with a header).
public struct RelevanceSet: Sendable {
    public struct Document: Sendable, Codable, Equatable {
        public var id: String
        public var title: String
        public var text: String
        enum CodingKeys: String, CodingKey { case id = "_id", title, text }

        public init(id: String, title: String, text: String) {
            self.id = id
            self.title = title
            self.text = text
        }

        /// Some sets leave the title out; it is then empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(id: try container.decode(String.self, forKey: .id), title: try container.decodeIfPresent(String.self, forKey: .title) ?? "",
                      text: try container.decode(String.self, forKey: .text))
        }
    }

    public struct Query: Sendable, Codable, Equatable {
        public var id: String
        public var text: String
        enum CodingKeys: String, CodingKey { case id = "_id", text }
    }

    public var name: String
    public var documents: [Document]
    /// Only the queries that have judgements: the others cannot be scored.
    public var queries: [Query]
    /// Query id → document id → graded relevance.
    public var judgements: [String: [String: Int]]

    /// Reads a BEIR directory; a malformed line is an error that names its file and line.
    public static func load(directory: URL) throws -> RelevanceSet {
        let documents = try jsonLines(directory.appendingPathComponent("corpus.jsonl"), as: Document.self)
        let queries = try jsonLines(directory.appendingPathComponent("queries.jsonl"), as: Query.self)
        let qrels = directory.appendingPathComponent("qrels/test.tsv")
        var judgements: [String: [String: Int]] = [:]
        for (number, line) in try lines(qrels).enumerated() where number > 0 && !line.isEmpty {
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 3, let grade = Int(fields[2]) else {
                throw SourceError(file: qrels.path, reason: "line \(number + 1): expected query-id, corpus-id and an integer score separated by tabs")
            }
            judgements[fields[0], default: [:]][fields[1]] = grade
        }
        return RelevanceSet(name: directory.lastPathComponent, documents: documents,
                            queries: queries.filter { judgements[$0.id] != nil }, judgements: judgements)
    }

    /// Writes the set in the BEIR layout, so that `load` and other tools read it.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("qrels"), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func jsonl<T: Encodable>(_ items: [T]) throws -> Data {
            Data(try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined().utf8)
        }
        try jsonl(documents).write(to: directory.appendingPathComponent("corpus.jsonl"), options: .atomic)
        try jsonl(queries).write(to: directory.appendingPathComponent("queries.jsonl"), options: .atomic)
        let rows = judgements.keys.sorted().flatMap { query in judgements[query, default: [:]].keys.sorted().map { "\(query)\t\($0)\t\(judgements[query]![$0]!)\n" } }
        try Data(("query-id\tcorpus-id\tscore\n" + rows.joined()).utf8).write(to: directory.appendingPathComponent("qrels/test.tsv"), options: .atomic)
    }

    /// A known-item set from real papers: `queryCount` of `papers` (an even spread, so the set
    /// is the same on every run) ask for themselves by their title, over a corpus of the
    /// abstracts alone, without titles. Each query has one right answer.
    public static func knownItem(from papers: [Paper], queryCount: Int, name: String = "known-item") -> RelevanceSet {
        let usable = papers.filter { !$0.title.isEmpty && !$0.abstract.isEmpty }
        let step = max(1, usable.count / max(1, queryCount))
        let asked = stride(from: 0, to: usable.count, by: step).prefix(queryCount).map { usable[$0] }
        return RelevanceSet(
            name: name,
            documents: usable.map { Document(id: $0.id, title: "", text: $0.abstract) },
            queries: asked.map { Query(id: $0.id, text: $0.title) },
            judgements: Dictionary(uniqueKeysWithValues: asked.map { ($0.id, [$0.id: 1]) }))
    }

    private static func lines(_ url: URL) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw SourceError(file: url.path, reason: "cannot be read (a BEIR set has corpus.jsonl, queries.jsonl and qrels/test.tsv)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static func jsonLines<T: Decodable>(_ url: URL, as type: T.Type) throws -> [T] {
        let decoder = JSONDecoder()
        return try lines(url).enumerated().compactMap { number, line in
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            do { return try decoder.decode(T.self, from: Data(line.utf8)) } catch {
                throw SourceError(file: url.path, reason: "line \(number + 1): not a JSON object with string fields _id\(T.self == Document.self ? ", title, text" : ", text")")
            }
        }
    }
}
