// libFuzzer target: arbitrary bytes as an HTML page through `HTMLTextConverter` (libxml2's HTML parser,
// encoding detection, the block walker). Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBMarkup
import CNKBModel
import Foundation
import FuzzDriver

/// Converts the input as a page and checks the documented shape of the result: every mark lies inside its
/// block's text, with start ≤ end, and marks are ordered by start then end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let text = try? HTMLTextConverter().convert(data, source: "fuzz.html") else { return 0 }
  for block in text.blocks {
    let length = block.text.unicodeScalars.count
    var previous: (Int, Int) = (0, 0)
    for mark in block.marks {
      guard 0 <= mark.start, mark.start <= mark.end, mark.end <= length else {
        fatalError("mark \(mark.start)..<\(mark.end) outside a block of \(length) scalars")
      }
      guard previous <= (mark.start, mark.end) else { fatalError("marks out of order") }
      previous = (mark.start, mark.end)
    }
  }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
