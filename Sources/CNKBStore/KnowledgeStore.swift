import CNKBModel
import Foundation
internal import GRDB

/// cnkb's SQLite store: documents, blocks, inline marks, sentences with offsets, and a full-text index over
/// sentences, all in one file.
///
/// The file uses write-ahead logging, so other processes can read while one writes; a writer waits up to five
/// seconds for another writer's lock before failing with `StoreError.busy`. Every write is one transaction: a
/// process killed mid-write leaves the file as it was before that write.
public final class KnowledgeStore: Sendable {
  /// The database file, or `:memory:` for an in-memory store.
  public let path: String
  /// Whether the store lives in memory only.
  let isInMemory: Bool
  /// The single serialized connection.
  let queue: DatabaseQueue

  /// Opens the database at `path`, creating the file and its schema when missing.
  ///
  /// The caller creates the parent folder. Opening an up-to-date file writes nothing.
  ///
  /// - Throws: `StoreError.notADatabase` for a file that is not a cnkb database (it is left untouched),
  ///   `.schemaTooNew` for a file from a newer cnkb, `.cannotOpen`, `.readOnly`, `.busy`, or `.migrationFailed`.
  public convenience init(path: String) throws(StoreError) {
    try self.init(path: path, busyTimeout: 5)
  }

  /// Opens the database at `path`, waiting at most `busyTimeout` seconds for another connection's lock.
  init(path: String, busyTimeout: Double) throws(StoreError) {
    var opened: DatabaseQueue?
    var attempt = 0
    while opened == nil {
      do {
        opened = try DatabaseQueue(path: path, configuration: Self.configuration(busyTimeout: busyTimeout))
      } catch {
        // Turning a new file to write-ahead logging while another process opens it can be refused at once
        // (SQLite does not wait on that lock); opening again a moment later succeeds.
        let wrapped = StoreError(wrapping: error, path: path)
        guard case .busy = wrapped, attempt < 40 else { throw wrapped }
        attempt += 1
        usleep(50_000)
      }
    }
    guard let queue = opened else { throw .cannotOpen(path: path, reason: "no connection") }
    self.path = path
    self.isInMemory = false
    self.queue = queue
    try prepareSchema()
  }

  private init(inMemoryQueue: DatabaseQueue) throws(StoreError) {
    self.path = ":memory:"
    self.isInMemory = true
    self.queue = inMemoryQueue
    try prepareSchema()
  }

  /// Creates an empty store that lives in memory only (for tests and one-off runs).
  public static func inMemory() throws(StoreError) -> KnowledgeStore {
    let queue: DatabaseQueue
    do {
      queue = try DatabaseQueue(configuration: configuration(busyTimeout: 5))
    } catch {
      throw StoreError(wrapping: error, path: ":memory:")
    }
    return try KnowledgeStore(inMemoryQueue: queue)
  }

  /// Connection settings: foreign keys on, a busy timeout, write-ahead logging.
  private static func configuration(busyTimeout: Double) -> Configuration {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "cnkb.store"
    // Not `configuration.journalMode = .wal`: GRDB then creates and drops a table whenever the log file is
    // missing, which would rewrite an up-to-date file on every open.
    configuration.prepareDatabase { db in
      do {
        // In memory this answers "memory" and changes nothing; on a WAL file it is a no-op.
        _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
      } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
        // A read-only file can still be searched; writes will report `.readOnly`.
      }
    }
    return configuration
  }

  /// The state of the file's schema, read without taking the write lock.
  private enum SchemaState {
    case current
    case needsMigration
    case tooNew(found: String)
    case foreign
  }

  /// Checks the schema and applies pending migrations.
  ///
  /// Several processes may open a new file at once: whoever loses the race to create the schema sees the
  /// winner's schema when it looks again, and carries on.
  private func prepareSchema() throws(StoreError) {
    let state: SchemaState
    do {
      state = try queue.read(Self.schemaState)
    } catch {
      throw StoreError(wrapping: error, path: path)
    }
    switch state {
    case .current:
      return
    case .tooNew(let found):
      throw .schemaTooNew(path: path, found: found, supported: Schema.latestVersion)
    case .foreign:
      throw .notADatabase(path: path)
    case .needsMigration:
      break
    }
    // Another process may be migrating the same file: the list of applied migrations read before taking the
    // lock can then be stale, and a step fails because the other process already ran it. Look again and
    // carry on from where the file really is, a few times.
    var attempt = 0
    while true {
      do {
        try Schema.migrator.migrate(queue)
        return
      } catch {
        if case .current? = try? queue.read(Self.schemaState) { return }
        let wrapped = StoreError(wrapping: error, path: path)
        switch wrapped {
        case .readOnly, .diskFull, .notADatabase, .cannotOpen: throw wrapped
        default:
          // A busy error here can be SQLite refusing to turn a stale read into a write (no waiting helps
          // that one); looking again does.
          attempt += 1
          if attempt < 40 {
            usleep(50_000)
            continue
          }
          if case .busy = wrapped { throw wrapped }
          let reason = (error as? DatabaseError)?.description ?? String(describing: error)
          throw .migrationFailed(path: path, reason: reason)
        }
      }
    }
  }

  /// Reads which migrations the file has, inside the caller's read transaction.
  ///
  /// The schema table is read first so the transaction's snapshot is fixed before `grdb_migrations` is
  /// named (GRDB's `appliedIdentifiers` can see the table vanish and reappear while another process creates
  /// it).
  private static func schemaState(_ db: Database) throws -> SchemaState {
    let names = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    let applied: Set<String> =
      names.contains("grdb_migrations")
      ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
    let known = Schema.migrator.migrations
    let unknown = applied.subtracting(known)
    if !unknown.isEmpty { return .tooNew(found: unknown.sorted().joined(separator: ", ")) }
    if applied.isSuperset(of: known) { return .current }
    if applied.isEmpty && !names.subtracting(["grdb_migrations"]).isEmpty { return .foreign }
    return .needsMigration
  }

  /// Runs `body` in a read transaction, wrapping errors.
  func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try queue.read(body)
    } catch {
      throw StoreError(wrapping: error, path: path)
    }
  }

  /// Runs `body` in an immediate write transaction (the write lock is taken up front, so a second writer
  /// waits for the busy timeout instead of failing halfway), wrapping errors.
  ///
  /// A throw rolls everything back.
  func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try queue.writeWithoutTransaction { db in
        var result: T?
        try db.inTransaction(.immediate) {
          result = try body(db)
          return .commit
        }
        guard let result else { throw StoreError.sqlite(path: path, code: 1, message: "transaction gave no result") }
        return result
      }
    } catch {
      throw StoreError(wrapping: error, path: path)
    }
  }
}
