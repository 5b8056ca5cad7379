import Foundation
internal import GRDB
internal import GRDBSQLite

/// A prepared statement run row after row with its values bound through SQLite's C interface.
///
/// For the graph's bulk writes: hundreds of thousands of mentions, relations and evidence rows. Binding through
/// `Statement.execute(arguments:)` boxes every value and builds an argument list per row, which costs more than
/// SQLite's own work for rows this small. A value is bound by its 1-based parameter index; `run()` executes the
/// statement once and resets it for the next row. Every call reports what SQLite refused as a `DatabaseError`.
struct RowInserter {
  private let statement: Statement
  private let handle: OpaquePointer

  /// Prepares (or reuses) the statement `sql` in `db`.
  init(_ db: Database, sql: String) throws {
    statement = try db.cachedStatement(sql: sql)
    handle = statement.sqliteStatement
  }

  /// Binds text; SQLite copies it.
  func bind(_ index: Int32, _ text: String) throws {
    var text = text
    let code = text.withUTF8 { bytes in
      // An empty buffer may have no address, which SQLite would take for NULL.
      guard let start = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, Self.transient) }
      return sqlite3_bind_text(handle, index, start, Int32(bytes.count), Self.transient)
    }
    try check(code)
  }

  /// Binds text, or NULL for nil.
  func bind(_ index: Int32, _ text: String?) throws {
    guard let text else { return try check(sqlite3_bind_null(handle, index)) }
    try bind(index, text)
  }

  /// Binds an integer.
  func bind(_ index: Int32, _ value: Int64) throws {
    try check(sqlite3_bind_int64(handle, index, value))
  }

  /// Binds an integer.
  func bind(_ index: Int32, _ value: Int) throws {
    try check(sqlite3_bind_int64(handle, index, Int64(value)))
  }

  /// Binds an integer, or NULL for nil.
  func bind(_ index: Int32, _ value: Int?) throws {
    guard let value else { return try check(sqlite3_bind_null(handle, index)) }
    try bind(index, value)
  }

  /// Binds a real number.
  func bind(_ index: Int32, _ value: Double) throws {
    try check(sqlite3_bind_double(handle, index, value))
  }

  /// Binds a blob, or NULL for nil; SQLite copies it.
  func bind(_ index: Int32, _ data: Data?) throws {
    guard let data else { return try check(sqlite3_bind_null(handle, index)) }
    guard !data.isEmpty else { return try check(sqlite3_bind_zeroblob(handle, index, 0)) }
    try check(
      data.withUnsafeBytes { bytes in
        sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
      })
  }

  /// Throws SQLite's error for a binding it refused (a parameter index out of range, a value too big).
  private func check(_ code: Int32) throws {
    guard code != SQLITE_OK else { return }
    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message(), sql: statement.sql)
  }

  /// SQLite's message for the last failure on this statement's connection.
  private func message() -> String? {
    sqlite3_db_handle(handle).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
  }

  /// Executes the statement with the values bound, then resets it and clears the values.
  ///
  /// - Throws: `DatabaseError` with SQLite's code and message when the row cannot be written (a constraint,
  ///   a full disk).
  func run() throws {
    let code = sqlite3_step(handle)
    // The message is read before the reset, which may replace it.
    let message = code == SQLITE_DONE ? nil : message()
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
    guard code == SQLITE_DONE else {
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
  }

  /// SQLite's "copy the value now" destructor.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
