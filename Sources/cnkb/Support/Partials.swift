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
    PartialRecords.write(statistics) { FileHandle.standardOutput.write(Data($0)) }
    return
  }
  do {
    try PartialRecords.write(statistics, toFile: path)
  } catch {
    Terminal.error(error.description)
    throw ExitCode(error.exitCode)
  }
}
