import Foundation
internal import GRDB
internal import GRDBSQLite

/// A prepared statement run row after row with its values bound through SQLite's C interface.
///
/// For the graph's bulk writes: hundreds of thousands of mentions, relations and evidence rows. Binding through
/// `Statement.execute(arguments:)` boxes every value and builds an argument list per row, which costs more than
/// SQLite's own work for rows this small. A value is bound by its 1-based parameter index; `run()` executes the
/// statement once and resets it for the next row.
struct RowInserter {
  private let statement: Statement
  private let handle: OpaquePointer

  /// Prepares (or reuses) the statement `sql` in `db`.
  init(_ db: Database, sql: String) throws {
    statement = try db.cachedStatement(sql: sql)
    handle = statement.sqliteStatement
  }

  /// Binds text; SQLite copies it.
  func bind(_ index: Int32, _ text: String) {
    var text = text
    text.withUTF8 { bytes in
      // An empty buffer may have no address, which SQLite would take for NULL.
      guard let start = bytes.baseAddress else {
        _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
        return
      }
      _ = sqlite3_bind_text(handle, index, start, Int32(bytes.count), Self.transient)
    }
  }

  /// Binds text, or NULL for nil.
  func bind(_ index: Int32, _ text: String?) {
    guard let text else {
      sqlite3_bind_null(handle, index)
      return
    }
    bind(index, text)
  }

  /// Binds an integer.
  func bind(_ index: Int32, _ value: Int64) {
    sqlite3_bind_int64(handle, index, value)
  }

  /// Binds an integer.
  func bind(_ index: Int32, _ value: Int) {
    sqlite3_bind_int64(handle, index, Int64(value))
  }

  /// Binds a real number.
  func bind(_ index: Int32, _ value: Double) {
    sqlite3_bind_double(handle, index, value)
  }

  /// Binds a blob, or NULL for nil; SQLite copies it.
  func bind(_ index: Int32, _ data: Data?) {
    guard let data else {
      sqlite3_bind_null(handle, index)
      return
    }
    guard !data.isEmpty else {
      sqlite3_bind_zeroblob(handle, index, 0)
      return
    }
    data.withUnsafeBytes { bytes in
      _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
    }
  }

  /// Executes the statement with the values bound, then resets it and clears the values.
  ///
  /// - Throws: `DatabaseError` with SQLite's code and message when the row cannot be written (a constraint,
  ///   a full disk).
  func run() throws {
    let code = sqlite3_step(handle)
    // The message is read before the reset, which may replace it.
    let message =
      code == SQLITE_DONE ? nil : sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    guard code == SQLITE_DONE else {
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }

  /// SQLite's "copy the value now" destructor.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
