// libFuzzer target: arbitrary bytes as the seed corpus's tagless feed format through `SeedFeedReader`
// (byte-level post-header scanning, timestamps, author names, entity decoding). Built only with CNKB_FUZZ=1;
// see Scripts/fuzz.sh.
import CNKBModel
import CNKBSources
import Foundation
import FuzzDriver

/// Splits the input into posts; a split that succeeds gives at least one post, each with an http(s) URL.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let documents = try? SeedFeedReader().read(data, origin: "fuzz.txt") else { return 0 }
  guard !documents.isEmpty else { fatalError("a seed feed was read without posts") }
  for document in documents where !document.source.hasPrefix("http") {
    fatalError("a post's source is not a URL: \(document.source)")
  }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
