import ArgumentParser
import CNKBPipeline
import Foundation

/// Reads partial files (`-` for standard input) and merges them, exiting 66 for a missing file and 65 for a
/// line that is not a record, with the file and line named.
func readPartials(_ paths: [String]) throws -> CorpusStatistics {
  var merged = CorpusStatistics()
  for path in paths {
    let data: Data
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard FileManager.default.fileExists(atPath: path) else {
        Terminal.error("\(path): error: no such partial file")
        throw ExitCode(66)
      }
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
      } catch {
        Terminal.error("\(path): error: cannot read it: \(error.localizedDescription)")
        throw ExitCode(66)
      }
    }
    do {
      merged.merge(try PartialRecords.statistics(fromLines: data))
    } catch {
      Terminal.error("\(path == "-" ? "<stdin>" : path):\(error.line): error: \(error.reason)")
      throw ExitCode(65)
    }
  }
  return merged
}

/// Writes statistics as partial records: to standard output, or atomically to `path`, a chunk at a time.
func writePartials(_ statistics: CorpusStatistics, to path: String?) throws {
  guard let path else {
    PartialRecords.write(statistics) { FileHandle.standardOutput.write($0) }
    return
  }
  let url = URL(fileURLWithPath: path)
  let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
  do {
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    let file = try FileHandle(forWritingTo: temporary)
    defer { try? file.close() }
    try PartialRecords.write(statistics) { chunk throws(any Error) in try file.write(contentsOf: chunk) }
    try file.synchronize()
    guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    let reason =
      (error as? POSIXError).map { String(cString: strerror($0.code.rawValue)) } ?? error.localizedDescription
    Terminal.error("\(path): error: cannot write the partial results: \(reason)")
    throw ExitCode(73)
  }
}
