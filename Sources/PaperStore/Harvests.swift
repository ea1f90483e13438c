import Foundation
import GRDB
import PaperModels

/// What one stored page of a harvest did.
public struct HarvestPageCounts: Sendable, Equatable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
}

extension AppDatabase {
    static func registerHarvestMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-harvest") { db in
            try db.execute(sql: """
                CREATE TABLE harvestState (source TEXT PRIMARY KEY, completedMark TEXT, resumptionToken TEXT, cursor INTEGER,
                    runStart TEXT, pendingMark TEXT, changedAt REAL NOT NULL);
                CREATE TABLE harvestRun (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL, startedAt REAL NOT NULL,
                    endedAt REAL, requests INTEGER NOT NULL DEFAULT 0, new INTEGER NOT NULL DEFAULT 0,
                    updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
                    errors TEXT NOT NULL DEFAULT '[]');
                CREATE INDEX harvestRun_started ON harvestRun(startedAt);
                """)
        }
    }

    /// The saved state of a source (an empty one when it was never harvested).
    public func harvestState(source: String) throws -> HarvestState {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM harvestState WHERE source = ?", arguments: [source]) else {
                return HarvestState(source: source)
            }
            return HarvestState(source: source, completedMark: row["completedMark"], resumptionToken: row["resumptionToken"],
                                cursor: row["cursor"], runStart: row["runStart"], pendingMark: row["pendingMark"])
        }
    }

    /// Saves a source's state alone (a run that starts, or one that completes without papers).
    public func saveHarvestState(_ state: HarvestState, now: Date = Date()) throws {
        try writer.write { db in try Self.save(state, in: db, now: now) }
    }

    /// Stores one harvested page in one transaction: its papers, the source's state after it, and
    /// the run's counters. A kill leaves either all of it or none, so the next run continues
    /// from the last stored page without a gap or a duplicate.
    public func storeHarvestPage(_ papers: [Paper], state: HarvestState, runID: Int64, requests: Int, skipped: Int,
                                 now: Date = Date()) throws -> HarvestPageCounts {
        let prepared = Self.prepare(papers, now: now)
        return try writer.write { db in
            var counts = HarvestPageCounts()
            for result in try Self.upsert(prepared, in: db) {
                switch result {
                case .inserted: counts.new += 1
                case .updated: counts.updated += 1
                case .unchanged: counts.unchanged += 1
                }
            }
            try Self.save(state, in: db, now: now)
            try db.execute(sql: """
                UPDATE harvestRun SET requests = ?, new = new + ?, updated = updated + ?, unchanged = unchanged + ?, skipped = skipped + ?
                WHERE id = ?
                """, arguments: [requests, counts.new, counts.updated, counts.unchanged, skipped, runID])
            return counts
        }
    }

    private static func save(_ state: HarvestState, in db: Database, now: Date) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO harvestState (source, completedMark, resumptionToken, cursor, runStart, pendingMark, changedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [state.source, state.completedMark, state.resumptionToken, state.cursor, state.runStart, state.pendingMark,
                             now.timeIntervalSince1970])
    }

    /// Records the start of a run; returns its id.
    public func startHarvestRun(source: String, at start: Date = Date()) throws -> Int64 {
        try writer.write { db in
            try db.execute(sql: "INSERT INTO harvestRun (source, startedAt) VALUES (?, ?)", arguments: [source, start.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Records the end of a run: its final request count and its errors.
    public func finishHarvestRun(id: Int64, requests: Int, errors: [String], at end: Date = Date()) throws {
        let json = String(decoding: try JSONEncoder().encode(errors), as: UTF8.self)
        try writer.write { db in
            try db.execute(sql: "UPDATE harvestRun SET endedAt = ?, requests = ?, errors = ? WHERE id = ?",
                           arguments: [end.timeIntervalSince1970, requests, json, id])
        }
    }

    /// The latest runs, newest first.
    public func recentHarvestRuns(limit: Int = 20) throws -> [HarvestRunRecord] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM harvestRun ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                let errors = (row["errors"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                return HarvestRunRecord(
                    id: row["id"], source: row["source"], startedAt: Date(timeIntervalSince1970: row["startedAt"]),
                    endedAt: (row["endedAt"] as Double?).map(Date.init(timeIntervalSince1970:)), requests: row["requests"],
                    new: row["new"], updated: row["updated"], unchanged: row["unchanged"], skipped: row["skipped"], errors: errors)
            }
        }
    }
}
