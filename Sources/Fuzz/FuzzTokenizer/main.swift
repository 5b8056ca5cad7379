// libFuzzer target: arbitrary bytes (decoded as UTF-8, invalid bytes replaced) through `Tokenizer` and
// `AcronymFinder.pairs(in:)`. Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBTerms
import Foundation
import FuzzDriver

/// Tokenises the input and finds acronym pairs, checking the documented offsets: tokens are non-empty, in
/// order, inside the text and spell the text they cover; pairs point inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let scalars = Array(text.unicodeScalars)
  var previousEnd = 0
  for token in Tokenizer().tokenize(text) {
    guard previousEnd <= token.start, token.start < token.end, token.end <= scalars.count else {
      fatalError("token \(token.start)..<\(token.end) out of place (previous end \(previousEnd))")
    }
    guard token.text.unicodeScalars.elementsEqual(scalars[token.start..<token.end]) else {
      fatalError("token text differs from the text at its offsets")
    }
    previousEnd = token.end
  }
  for pair in AcronymFinder().pairs(in: text) {
    guard 0 <= pair.longStart, pair.longStart < pair.longEnd, pair.longEnd <= scalars.count,
      0 <= pair.shortStart, pair.shortStart < pair.shortEnd, pair.shortEnd <= scalars.count
    else { fatalError("acronym pair offsets outside the text") }
  }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
