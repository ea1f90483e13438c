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
        try values.withUnsafeBufferPointer { try bindAndRun($0, from: 0) }
    }

    /// Binds a text and an integer (the two columns of a link table row) and runs the statement.
    func run(_ text: String, _ integer: Int64) throws {
        try check(sqlite3_bind_int64(statement.sqliteStatement, 2, integer))
        try withBound(text, at: 1) { try step() }
    }

    /// Binds `values[index...]` and then runs the statement. Each text is bound in place, inside
    /// the call that lends its bytes, and the statement runs before any of those calls returns:
    /// SQLite copying every text instead (`SQLITE_TRANSIENT`) cost an allocation per value.
    private func bindAndRun(_ values: UnsafeBufferPointer<DatabaseValue>, from index: Int) throws {
        guard index < values.count else { return try step() }
        let handle = statement.sqliteStatement, parameter = Int32(index + 1)
        switch values[index].storage {
        case .null: try check(sqlite3_bind_null(handle, parameter))
        case .int64(let integer): try check(sqlite3_bind_int64(handle, parameter, integer))
        case .double(let double): try check(sqlite3_bind_double(handle, parameter, double))
        case .string(let text): return try withBound(text, at: parameter) { try bindAndRun(values, from: index + 1) }
        case .blob(let data):
            return try data.withUnsafeBytes { bytes in
                try check(sqlite3_bind_blob(handle, parameter, bytes.baseAddress, Int32(bytes.count), nil))
                try bindAndRun(values, from: index + 1)
            }
        }
        try bindAndRun(values, from: index + 1)
    }

    /// Binds `text` without a copy (`SQLITE_STATIC`, a nil destructor) for the duration of `body`.
    private func withBound(_ text: String, at index: Int32, _ body: () throws -> Void) throws {
        var text = text  // `withUTF8` may make the string native and contiguous first
        try text.withUTF8 { bytes in
            let handle = statement.sqliteStatement
            if let start = bytes.baseAddress {
                try check(sqlite3_bind_text(handle, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil))
            } else {  // SQLite takes a nil text for NULL, and an empty buffer may have no address
                try check(sqlite3_bind_text(handle, index, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self)))  // copied
            }
            try body()
        }
    }

    /// Rows the last run inserted, updated or deleted (0 when an `ON CONFLICT … DO NOTHING` applied).
    var changes: Int { Int(sqlite3_changes(connection)) }

    private func step() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)  // ready for the next run, whatever this one did
        sqlite3_clear_bindings(handle)  // the texts were lent for this run only
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
    }
}
