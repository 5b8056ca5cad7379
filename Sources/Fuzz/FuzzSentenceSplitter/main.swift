// libFuzzer target: arbitrary bytes (decoded as UTF-8, invalid bytes replaced) through `SentenceSplitter`.
// Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBText
import Foundation
import FuzzDriver

/// Splits the input and checks the documented shape: non-empty ranges inside the text, in order, not
/// overlapping; `sentences(in:)` agrees with `split(_:)`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let splitter = SentenceSplitter()
  let ranges = splitter.split(text)
  let length = text.unicodeScalars.count
  var previousEnd = 0
  for range in ranges {
    guard !range.isEmpty, range.lowerBound >= previousEnd, range.upperBound <= length else {
      fatalError("sentence range \(range) out of place (previous end \(previousEnd), length \(length))")
    }
    previousEnd = range.upperBound
  }
  guard splitter.sentences(in: text).count == ranges.count else { fatalError("sentences(in:) disagrees") }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
