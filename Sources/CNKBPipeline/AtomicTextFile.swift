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

  /// Hands the buffered bytes to the C library.
  fileprivate mutating func flush() {
    guard failure == nil, !buffer.isEmpty else { return }
    let written = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, handle) }
    if written != buffer.count { failure = errno == 0 ? EIO : errno }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Writes a file atomically: a temporary file beside it, then a rename, so readers never see half a file
/// and a failed write leaves the previous file intact.
func writeAtomically(_ text: String, to path: String) throws(PipelineError) {
  try writeAtomically(to: path) { $0.write(text) }
}

/// Streams a file into place atomically.
///
/// `body` writes the text into a temporary file beside `path`, which then replaces `path` by a rename. On any failure (including a full disk) the temporary file is removed,
/// the previous file is left as it was, and the error names `path`.
func writeAtomically(to path: String, _ body: (inout AtomicTextFile) -> Void) throws(PipelineError) {
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
  // rename(2) replaces the destination atomically: readers see the old file or the new one, never neither.
  if failure == nil, rename(temporary, path) != 0 { failure = errno }
  if let failure {
    unlink(temporary)
    throw .cannotWrite(path: path, reason: String(cString: strerror(failure)).lowercased())
  }
}
