import Foundation
import GRDB

/// The text a paper is embedded from, and where its vector goes.
public struct EmbeddingInput: Sendable, Equatable {
    public var paperPK: Int64
    public var paperID: String
    /// Title, newline, abstract: what the encoder reads.
    public var text: String
}

/// One stored embedding, as the vector index loads it.
public struct StoredEmbedding: Sendable, Equatable {
    /// Increases with every write: an index that has seen up to `sequence` S needs only rows above S.
    public var sequence: Int64
    public var paperPK: Int64
    public var vector: [Float]
}

/// The `paperEmbedding` table: one vector per paper and model.
///
/// Vectors are stored as float16, 768 bytes for 384 dimensions instead of 1,536: the rounding
/// moves a unit vector's cosine with itself by less than 1e-6 (tested), far below the gaps that
/// separate search results, and halves the file (2.1 GB instead of 4.1 GB for arXiv's 2.7 M papers).
enum EmbeddingTable {
    static func create(_ db: Database) throws {
        try db.create(table: "paperEmbedding") { t in
            // `sequence` is AUTOINCREMENT so that a rewritten row gets a number never used before.
            t.autoIncrementedPrimaryKey("sequence")
            t.column("paperPK", .integer).notNull().unique().references("paper", onDelete: .cascade)
            t.column("model", .text).notNull()
            t.column("vector", .blob).notNull()
        }
        // A new title or abstract makes the old vector wrong: drop it, `embed` makes a new one.
        try db.execute(sql: """
            CREATE TRIGGER paperEmbedding_afterTextChange AFTER UPDATE OF title, abstract ON paper
            WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract BEGIN
                DELETE FROM paperEmbedding WHERE paperPK = old.pk;
            END;
            """)
    }
}

extension AppDatabase {
    /// Papers with no embedding from `model`, in key order after `afterPK`, at most `limit`.
    public func papersLackingEmbedding(model: String, afterPK: Int64 = 0, limit: Int) throws -> [EmbeddingInput] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT pk, id, title || char(10) || abstract FROM paper
                WHERE pk > ? AND NOT EXISTS (SELECT 1 FROM paperEmbedding WHERE paperPK = paper.pk AND model = ?)
                ORDER BY pk LIMIT ?
                """), arguments: [afterPK, model, limit]).map { EmbeddingInput(paperPK: $0[0], paperID: $0[1], text: $0[2]) }
        }
    }

    public func countPapersLackingEmbedding(model: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM paper WHERE NOT EXISTS (SELECT 1 FROM paperEmbedding WHERE paperPK = paper.pk AND model = ?)
                """, arguments: [model]) ?? 0
        }
    }

    /// Stores vectors in one transaction and returns how many were stored. A paper deleted, or
    /// whose text changed since `input` was read, gets no vector (its old text's vector would be wrong).
    @discardableResult
    public func storeEmbeddings(_ items: [(input: EmbeddingInput, vector: [Float])], model: String) throws -> Int {
        try writer.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO paperEmbedding (paperPK, model, vector)
                SELECT pk, ?, ? FROM paper WHERE pk = ? AND title || char(10) || abstract = ?
                """)
            var stored = 0
            for (input, vector) in items {
                try insert.execute(arguments: [model, Float16Vector.data(vector), input.paperPK, input.text])
                stored += db.changesCount
            }
            return stored
        }
    }

    /// Calls `body` for every embedding of `model` written after `afterSequence`, in sequence order.
    public func forEachEmbedding(model: String, afterSequence: Int64 = 0, _ body: (StoredEmbedding) throws -> Void) throws {
        try writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT sequence, paperPK, vector FROM paperEmbedding WHERE sequence > ? AND model = ? ORDER BY sequence
                """, arguments: [afterSequence, model])
            while let row = try rows.next() {
                guard let vector = Float16Vector.floats(row[2]) else { continue }
                try body(StoredEmbedding(sequence: row[0], paperPK: row[1], vector: vector))
            }
        }
    }

    /// The highest sequence written so far, of any model (0 when none): a cheap test for news.
    public func lastEmbeddingSequence() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(sequence) FROM paperEmbedding")) ?? 0 }
    }

    /// The stored vector of one paper, nil when it has none from `model`.
    public func embedding(paperPK: Int64, model: String) throws -> [Float]? {
        try writer.read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT vector FROM paperEmbedding WHERE paperPK = ? AND model = ?"),
                              arguments: [paperPK, model]).flatMap(Float16Vector.floats)
        }
    }

    /// The paper and stored bytes of the vector with `sequence`, nil when no vector has it (any more).
    public func storedVectorIdentity(sequence: Int64) throws -> StoredVectorIdentity? {
        try writer.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT paperPK, vector FROM paperEmbedding WHERE sequence = ?"), arguments: [sequence])
                .map { StoredVectorIdentity(paperPK: $0[0], vector: $0[1]) }
        }
    }

    /// The sequence of every stored vector of `model` up to `maxSequence`, by paper key.
    public func embeddingSequences(model: String, upTo maxSequence: Int64) throws -> [Int64: Int64] {
        try writer.read { db in
            var sequences: [Int64: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT paperPK, sequence FROM paperEmbedding WHERE model = ? AND sequence <= ?",
                                           arguments: [model, maxSequence])
            while let row = try rows.next() { sequences[row[0]] = row[1] }
            return sequences
        }
    }

    /// Which of `paperPKs` still have a vector written at exactly the given sequence: a search
    /// index may lag behind the table, and must not return a paper whose vector was replaced.
    public func currentEmbeddingSequences(_ paperPKs: [Int64]) throws -> [Int64: Int64] {
        guard !paperPKs.isEmpty else { return [:] }
        return try writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT paperPK, sequence FROM paperEmbedding WHERE paperPK IN (\(paperPKs.map { _ in "?" }.joined(separator: ",")))",
                                        arguments: StatementArguments(paperPKs))
            return Dictionary(rows.map { ($0[0] as Int64, $0[1] as Int64) }, uniquingKeysWith: { first, _ in first })
        }
    }
}

/// One stored vector as it sits in the table: enough to tell one database from another.
public struct StoredVectorIdentity: Codable, Equatable, Sendable {
    public var paperPK: Int64
    public var vector: Data
}

/// Little-endian IEEE half-precision vectors, the storage format of embeddings.
public enum Float16Vector {
    public static func data(_ vector: [Float]) -> Data {
        var data = Data(count: vector.count * 2)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in vector.enumerated() {
                raw.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: index * 2, as: UInt16.self)
            }
        }
        return data
    }

    /// The floats in `data`, nil when its length is odd (a damaged row).
    public static func floats(_ data: Data) -> [Float]? {
        guard data.count % 2 == 0 else { return nil }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 2).map { index in
                Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self))))
            }
        }
    }
}
