// libFuzzer target: arbitrary bytes as the four files of a lexicon folder through
// `Lexicon(terms:stopList:stopwords:overrides:)` (the JSON Lines parser, validation, suggestions).
// Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBTerms
import Foundation
import FuzzDriver

/// Splits the input at NUL bytes into terms.jsonl, stoplist.txt, stopwords-en.txt and overrides.jsonl (a
/// missing part is empty), then loads them; a lexicon that loads must find each entry by its own label.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: start, count: count)
  var parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map {
    String(decoding: $0, as: UTF8.self)
  }
  while parts.count < 4 { parts.append("") }
  guard let lexicon = try? Lexicon(terms: parts[0], stopList: parts[1], stopwords: parts[2], overrides: parts[3])
  else { return 0 }
  for entry in lexicon.entries where lexicon.entry(labelled: entry.label) == nil {
    fatalError("entry '\(entry.label)' is not found by its label")
  }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
