// libFuzzer target: arbitrary bytes as one line of a partial file, read by the quick path (`RecordText`) and by
// `JSONDecoder`. Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBPipeline
import Foundation
import FuzzDriver

/// Reads the input both ways.
///
/// Where the quick path reads a line at all, it must read what `JSONDecoder` reads: the same statistics, or a
/// refusal with the same reason.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let line = Data(bytes: start, count: count)
  let (quick, decoder) = PartialRecords.readingsOfLine(line)
  guard let quick else { return 0 }
  switch (quick, decoder) {
  case (.success(let mine), .success(let theirs)):
    guard mine == theirs else { fatalError("the quick path read other statistics than JSONDecoder") }
  case (.failure(let mine), .failure(let theirs)):
    guard mine.reason == theirs.reason else {
      fatalError("refused for \(mine.reason), JSONDecoder for \(theirs.reason)")
    }
  case (.success, .failure(let theirs)):
    fatalError("the quick path read a line JSONDecoder refuses: \(theirs.reason)")
  case (.failure(let mine), .success):
    fatalError("the quick path refused a line JSONDecoder reads: \(mine.reason)")
  }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
