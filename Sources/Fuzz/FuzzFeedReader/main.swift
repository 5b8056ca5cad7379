// libFuzzer target: arbitrary bytes as an Atom or RSS feed through `FeedReader` (libxml2's XML parser with
// entities off, the Atom and RSS field readers, RFC 822 date conversion). Built only with CNKB_FUZZ=1; see
// Scripts/fuzz.sh.
import CNKBMarkup
import CNKBModel
import Foundation
import FuzzDriver

/// Reads the input as a feed; a feed that reads has at least one entry, each with a non-empty source.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let data = Data(bytes: start, count: count)
  guard let feed = try? FeedReader().read(data, origin: "fuzz.xml") else { return 0 }
  guard !feed.entries.isEmpty else { fatalError("a feed was read without entries") }
  for entry in feed.entries where entry.source.isEmpty { fatalError("an entry has an empty source") }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
