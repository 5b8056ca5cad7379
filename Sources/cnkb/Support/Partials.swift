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

/// Writes statistics as partial records: to standard output, or atomically to `path`.
func writePartials(_ statistics: CorpusStatistics, to path: String?) throws {
  var data = Data()
  for line in PartialRecords.lines(of: statistics) {
    data.append(contentsOf: line.utf8)
    data.append(UInt8(ascii: "\n"))
  }
  guard let path else {
    FileHandle.standardOutput.write(data)
    return
  }
  let url = URL(fileURLWithPath: path)
  let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
  do {
    try data.write(to: temporary)
    guard rename(temporary.path, url.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    Terminal.error("\(path): error: cannot write the partial results: \(error.localizedDescription)")
    throw ExitCode(73)
  }
}
