import Foundation
import GRDB
import PaperModels

/// The outcome of a submission.
public enum SubmissionResult: Sendable, Equatable {
    /// The paper is now on the feed of that day.
    case added(Paper)
    case unknownPaper
    /// Submitted before (by anyone), or already featured on a day's feed.
    case alreadyOnFeed(day: String)
    /// The account has used its submissions for today.
    case limitReached
}

extension AppDatabase {
    static func registerSubmissionMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-submissions") { db in
            try db.execute(sql: """
                CREATE TABLE submission (paperPK INTEGER PRIMARY KEY REFERENCES paper(pk) ON DELETE CASCADE,
                    accountID INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE, day TEXT NOT NULL, createdAt REAL NOT NULL);
                CREATE INDEX submission_account ON submission(accountID, createdAt);
                """)
        }
    }

    /// Puts a stored paper on the feed of `day` for an account: once per paper, and at most
    /// `dailyLimit` papers per account per UTC day. The paper joins the day as a featured paper
    /// does; a later Hugging Face record of the paper may move it to the day it featured it.
    public func submit(paperID: String, day: String, accountID: Int64, dailyLimit: Int, now: Date) throws -> SubmissionResult {
        let key = ArxivID(paperID)?.bare ?? paperID
        return try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT pk, featuredOn FROM paper WHERE id = ?", arguments: [key]) else { return .unknownPaper }
            let pk: Int64 = row[0]
            if let featured: String = row[1] { return .alreadyOnFeed(day: featured) }
            let startOfDay = Day.date(Day.string(now))?.timeIntervalSince1970 ?? now.timeIntervalSince1970
            let today = try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE accountID = ? AND createdAt >= ?",
                                         arguments: [accountID, startOfDay]) ?? 0
            guard today < dailyLimit else { return .limitReached }
            try db.execute(sql: "INSERT INTO submission (paperPK, accountID, day, createdAt) VALUES (?, ?, ?, ?)",
                           arguments: [pk, accountID, day, now.timeIntervalSince1970])
            try db.execute(sql: "UPDATE paper SET featuredOn = ? WHERE pk = ?", arguments: [day, pk])
            guard let record = try PaperRecord.fetchOne(db, key: pk) else { return .unknownPaper }
            return .added(record.paper)
        }
    }
}
