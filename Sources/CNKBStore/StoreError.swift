import Foundation
internal import GRDB

/// Everything that can go wrong while opening, reading or writing the store.
///
/// Messages read like a compiler's: `path: error: what is wrong (what to do)`. SQLite failures are sorted by
/// result code at the module boundary, so callers never see a GRDB type.
public enum StoreError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file could not be opened or created (missing folder, a directory, no permission).
  case cannotOpen(path: String, reason: String)
  /// The schema could not be created or upgraded.
  case migrationFailed(path: String, reason: String)
  /// The file was written by a newer cnkb: it holds migrations this build does not know.
  case schemaTooNew(path: String, found: String, supported: String)
  /// The file is not an SQLite database, or is an SQLite database that cnkb did not create.
  case notADatabase(path: String)
  /// The file (or its folder) cannot be written.
  case readOnly(path: String)
  /// Another connection held the write lock for longer than the busy timeout.
  case busy(path: String)
  /// The disk (or a quota) is full, or a write went past the file size limit (`ulimit -f`).
  case diskFull(path: String)
  /// A document that cannot be stored, or a stored row that cannot be read back as a document.
  case invalidDocument(source: String, reason: String)
  /// Any other failure: SQLite's primary result code and GRDB's description of the error (which names the
  /// statement but never shows bound values).
  case sqlite(path: String, code: Int32, message: String)

  /// Whether the failure is a lock held by another process; the command line exits with a distinct code then.
  public var isBusy: Bool {
    if case .busy = self { return true }
    return false
  }

  /// The message a user sees.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "\(path): error: cannot open the database: \(reason) (check the path and its folder's permissions)"
    case .migrationFailed(let path, let reason):
      "\(path): error: cannot prepare the database schema: \(reason) (the file may be damaged; use another database file)"
    case .schemaTooNew(let path, let found, let supported):
      "\(path): error: the database was written by a newer cnkb (it has schema \(found); this cnkb knows up to "
        + "\(supported)) (upgrade cnkb, or use another database file)"
    case .notADatabase(let path):
      "\(path): error: not a cnkb database (the file was left untouched; choose another database file)"
    case .readOnly(let path):
      "\(path): error: the database is read-only (check the permissions of the file and its folder)"
    case .busy(let path):
      "\(path): error: the database is locked: another cnkb may be running (wait for it to finish, then try again)"
    case .diskFull(let path):
      "\(path): error: cannot write the database: the disk is full or a file size limit was reached (free some "
        + "space, then try again)"
    case .invalidDocument(let source, let reason):
      "\(source): error: invalid document: \(reason)"
    case .sqlite(let path, let code, let message):
      "\(path): error: \(message) (SQLite result code \(code))"
    }
  }
}

extension StoreError {
  /// Wraps any error thrown while using the database at `path` (errors that already are `StoreError` pass through).
  init(wrapping error: any Error, path: String) {
    switch error {
    case let error as StoreError:
      self = error
    case let error as DatabaseError:
      self.init(error, path: path)
    case is RowDecodingError:
      // The description of a decoding error can quote stored values: say what happened, not what was read.
      self = .sqlite(
        path: path, code: ResultCode.SQLITE_MISMATCH.rawValue,
        message: "a stored value has an unexpected type (was the file edited by another program?)")
    default:
      self = .sqlite(path: path, code: ResultCode.SQLITE_ERROR.rawValue, message: String(describing: error))
    }
  }

  /// Sorts a GRDB error by its primary result code.
  init(_ error: DatabaseError, path: String) {
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      self = .busy(path: path)
    case .SQLITE_READONLY:
      self = .readOnly(path: path)
    case .SQLITE_FULL:
      self = .diskFull(path: path)
    case .SQLITE_IOERR where Self.refusedWrites.contains(error.extendedResultCode):
      // SQLite reports only ENOSPC as SQLITE_FULL; a write past a file size limit (EFBIG), a quota or a
      // failing device comes back as an I/O error on the write.
      self = .diskFull(path: path)
    case .SQLITE_NOTADB:
      self = .notADatabase(path: path)
    case .SQLITE_CANTOPEN:
      self = .cannotOpen(path: path, reason: Self.cannotOpenReason(path: path, message: error.message))
    default:
      self = .sqlite(path: path, code: error.resultCode.rawValue, message: error.description)
    }
  }

  /// The extended I/O error codes of a write the system refused.
  private static let refusedWrites: [ResultCode] = [
    .SQLITE_IOERR_WRITE, .SQLITE_IOERR_FSYNC, .SQLITE_IOERR_TRUNCATE, .SQLITE_IOERR_SHMSIZE,
  ]

  /// Says why SQLite could not open `path`, in words a user can act on.
  private static func cannotOpenReason(path: String, message: String?) -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      return "it is a directory"
    }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    if !FileManager.default.fileExists(atPath: folder) {
      return "the folder \(folder) does not exist"
    }
    return message ?? "unable to open database file"
  }
}
