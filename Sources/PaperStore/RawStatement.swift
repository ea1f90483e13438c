import GRDB
import GRDBSQLite

/// A cached GRDB statement bound and stepped through SQLite's C API, for the statements a bulk
/// ingest runs for every paper. GRDB's `execute(arguments:)` builds `StatementArguments`, checks
/// them and binds through generic code on each call; in a profile of a 200,000-paper ingest that
/// glue took about a third of the writer thread, more than SQLite's own work for the inserts.
struct RawStatement {
    private let statement: Statement
    private let connection: SQLiteConnection

    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection!  // an open connection: GRDB hands out `db` only then
    }

    /// Binds `values` to the parameters in order and runs the statement to its end.
    func run(_ values: [DatabaseValue]) throws {
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
        try step()
    }

    /// Binds a text and an integer (the two columns of a link table row) and runs the statement.
    func run(_ text: String, _ integer: Int64) throws {
        try bind(text, at: 1)
        try check(sqlite3_bind_int64(statement.sqliteStatement, 2, integer))
        try step()
    }

    /// Rows the last run inserted, updated or deleted (0 when an `ON CONFLICT … DO NOTHING` applied).
    var changes: Int { Int(sqlite3_changes(connection)) }

    private func bind(_ value: DatabaseValue, at index: Int32) throws {
        let handle = statement.sqliteStatement
        switch value.storage {
        case .null: try check(sqlite3_bind_null(handle, index))
        case .int64(let integer): try check(sqlite3_bind_int64(handle, index, integer))
        case .double(let double): try check(sqlite3_bind_double(handle, index, double))
        case .string(let text): try bind(text, at: index)
        case .blob(let data):
            try data.withUnsafeBytes { bytes in
                try check(sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), transient))
            }
        }
    }

    private func bind(_ text: String, at index: Int32) throws {
        var text = text  // `withUTF8` may make the string native and contiguous first
        try text.withUTF8 { bytes in
            // SQLite takes a nil text for NULL, and an empty buffer may have no address.
            guard let start = bytes.baseAddress else { return try check(sqlite3_bind_text(statement.sqliteStatement, index, "", 0, transient)) }
            try check(sqlite3_bind_text(statement.sqliteStatement, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self),
                                        Int32(bytes.count), transient))
        }
    }

    private func step() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)  // ready for the next run, whatever this one did
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}

/// SQLite copies the value before the bind returns (`SQLITE_TRANSIENT`), so Swift's buffer may go.
private var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
