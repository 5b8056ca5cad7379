import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive lock on an output folder, so that only one cnkb run at a time writes its store and exports.
///
/// The lock is `flock(2)` on `FOLDER/.cnkb.lock`: the kernel drops it when the holder exits, however it
/// ends (a SIGKILL included), so a stale lock file never blocks anyone. The holder writes its process id
/// into the file so that a waiting run can say whom it waits for.
public final class BuildLock: Sendable {
  /// The name of the lock file inside the folder.
  public static let fileName = ".cnkb.lock"

  /// The lock file.
  public let path: String
  private let descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// Takes the lock on `folder`, creating the folder and the lock file when needed.
  ///
  /// - Parameters:
  ///   - folder: the output folder.
  ///   - timeout: how long to wait for another holder, in seconds; 0 fails at once.
  ///   - waiting: called once, with the holder's process id when known, before the run starts waiting.
  /// - Throws: `BuildLockError.busy` when another run still holds the lock after `timeout` seconds,
  ///   `.cannotLock` when the folder or the lock file cannot be created or opened.
  public static func acquire(
    folder: String, timeout: Double, waiting: (_ holder: Int32?) -> Void = { _ in }
  ) throws(BuildLockError) -> BuildLock {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotLock(path: folder, reason: DocumentReader.reason(error))
    }
    let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    var descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    if descriptor < 0 && (errno == EACCES || errno == EROFS) {
      // A folder (or lock file) that cannot be written: an existing lock file can still be locked read-only,
      // and the run then fails on the file it really cannot write, naming it.
      descriptor = open(path, O_RDONLY | O_CLOEXEC)
    }
    guard descriptor >= 0 else {
      throw .cannotLock(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    let lock = BuildLock(path: path, descriptor: descriptor)
    if try lock.tryLock() { return lock.recordingHolder() }

    waiting(lock.holder())
    let deadline = Date().addingTimeInterval(max(0, timeout))
    while Date() < deadline {
      usleep(50_000)
      if try lock.tryLock() { return lock.recordingHolder() }
    }
    throw .busy(folder: folder, holder: lock.holder(), waited: max(0, timeout))
  }

  /// One non-blocking attempt; false when another process holds the lock.
  private func tryLock() throws(BuildLockError) -> Bool {
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      if errno == EWOULDBLOCK { return false }
      throw .cannotLock(path: path, reason: String(cString: strerror(errno)).lowercased())
    }
    return true
  }

  /// Writes this process's id into the lock file (best effort: a read-only lock file keeps the old text).
  private func recordingHolder() -> BuildLock {
    let text = Array("\(getpid())\n".utf8)
    if ftruncate(descriptor, 0) == 0 {
      _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
    return self
  }

  /// The process id the current holder wrote, when it reads as one.
  private func holder() -> Int32? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    let text = String(decoding: buffer.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return Int32(text).flatMap { $0 > 0 ? $0 : nil }
  }
}

/// Why the output folder could not be locked.
public enum BuildLockError: Error, CustomStringConvertible, Equatable, Sendable {
  /// Another cnkb run held the folder's lock for longer than the caller would wait.
  case busy(folder: String, holder: Int32?, waited: Double)
  /// The folder or its lock file could not be created or opened.
  case cannotLock(path: String, reason: String)

  /// The message a user sees: `path: error: what (what to do)`.
  public var description: String {
    switch self {
    case .busy(let folder, let holder, let waited):
      "\(folder): error: another cnkb build\(holder.map { " (pid \($0))" } ?? "") is writing here; gave up after "
        + "waiting \(Self.seconds(waited)) (try again when it has finished, or wait longer with --wait SECONDS)"
    case .cannotLock(let path, let reason):
      "\(path): error: cannot lock the output folder: \(reason) (check the folder's permissions and free space)"
    }
  }

  /// The exit code: 75 (try again later) for a busy folder, 73 (cannot create) otherwise.
  public var exitCode: Int32 {
    switch self {
    case .busy: 75
    case .cannotLock: 73
    }
  }

  private static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
  }
}
