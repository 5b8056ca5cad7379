import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file written as a stream of text and put in place atomically.
///
/// Renderers write into it as into any `TextOutputStream`; the text goes to a temporary file beside the
/// destination through a buffer, so an export of a large graph never sits in memory whole. `writeAtomically`
/// renames the finished file over the destination: readers see the old file or the new one, never half a file.
struct AtomicTextFile: TextOutputStream {
  private let handle: UnsafeMutablePointer<FILE>
  private var buffer: [UInt8] = []
  /// The first `errno` a write failed with; later writes are skipped.
  private(set) var failure: Int32?

  private static let flushThreshold = 1 << 20

  fileprivate init(handle: UnsafeMutablePointer<FILE>) {
    self.handle = handle
    buffer.reserveCapacity(Self.flushThreshold + 4096)
  }

  mutating func write(_ string: String) {
    guard failure == nil else { return }
    var text = string
    text.withUTF8 { buffer.append(contentsOf: $0) }
    if buffer.count >= Self.flushThreshold { flush() }
  }

  /// Writes text that is already UTF-8 bytes.
  mutating func write(bytes: [UInt8]) {
    guard failure == nil else { return }
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.flushThreshold { flush() }
  }

  /// Hands the buffered bytes to the C library.
  fileprivate mutating func flush() {
    guard failure == nil, !buffer.isEmpty else { return }
    let written = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    if written != buffer.count { failure = errno == 0 ? EIO : errno }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Files written beside their destinations and not yet put in place, so that a group of files (the exports of
/// one build) replaces the previous group only when every one of them, and whatever else the group depends
/// on, succeeded.
final class PendingFiles: @unchecked Sendable {
  private let lock = NSLock()
  /// Temporary path → destination, in the order they were finished.
  private var files: [(temporary: String, destination: String)] = []

  func add(temporary: String, destination: String) {
    lock.lock()
    defer { lock.unlock() }
    files.append((temporary, destination))
  }

  /// Renames every finished file over its destination.
  ///
  /// A rename that fails is reported; the rest are still put in place, so the folder is as current as it can be.
  func commit() throws(PipelineError) {
    lock.lock()
    let taken = files
    files = []
    lock.unlock()
    var first: PipelineError?
    for file in taken where rename(file.temporary, file.destination) != 0 {
      let reason = String(cString: strerror(errno)).lowercased()
      unlink(file.temporary)
      first = first ?? .cannotWrite(path: file.destination, reason: reason)
    }
    if let first { throw first }
  }

  /// Removes every finished file: the destinations keep their previous contents.
  func discard() {
    lock.lock()
    let taken = files
    files = []
    lock.unlock()
    for file in taken { unlink(file.temporary) }
  }
}

/// Writes a file atomically: a temporary file beside it, then a rename.
///
/// Readers never see half a file, and a failed write leaves the previous file intact. With `pending`, the rename
/// waits for its `commit()`.
func writeAtomically(_ text: String, to path: String, pending: PendingFiles? = nil) throws(PipelineError) {
  try writeAtomically(to: path, pending: pending) { $0.write(text) }
}

/// Streams a file into place atomically.
///
/// `body` writes the text into a temporary file beside `path`, which then replaces `path` by a rename. On any failure (including a full disk) the temporary file is removed,
/// the previous file is left as it was, and the error names `path`. With `pending`, the finished file waits
/// there for `PendingFiles.commit()` instead of being renamed at once.
func writeAtomically(
  to path: String, pending: PendingFiles? = nil, _ body: (inout AtomicTextFile) -> Void
) throws(PipelineError) {
  let url = URL(fileURLWithPath: path)
  let folder = url.deletingLastPathComponent()
  let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
  do {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  } catch {
    throw .cannotWrite(path: path, reason: DocumentReader.reason(error))
  }
  guard let handle = fopen(temporary, "wb") else {
    throw .cannotWrite(path: path, reason: String(cString: strerror(errno)).lowercased())
  }
  var file = AtomicTextFile(handle: handle)
  body(&file)
  file.flush()
  var failure = file.failure
  if fflush(handle) != 0, failure == nil { failure = errno }
  if fclose(handle) != 0, failure == nil { failure = errno }
  if failure == nil, let pending {
    pending.add(temporary: temporary, destination: path)
    return
  }
  // rename(2) replaces the destination atomically: readers see the old file or the new one, never neither.
  if failure == nil, rename(temporary, path) != 0 { failure = errno }
  if let failure {
    unlink(temporary)
    throw .cannotWrite(path: path, reason: String(cString: strerror(failure)).lowercased())
  }
}
