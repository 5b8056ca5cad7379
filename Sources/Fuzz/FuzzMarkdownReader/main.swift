// libFuzzer target: arbitrary bytes, decoded as UTF-8, through `MarkdownReader` (front matter, the removal of
// Jekyll and Hugo template syntax, the rewrite that keeps Ink from hanging, Ink itself). Built only with
// CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBModel
import CNKBSources
import Foundation
import FuzzDriver

/// Reads the input as a Markdown page; the page always comes back as HTML, from its own path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let document = MarkdownReader().read(text, path: "fuzz.md")
  guard document.source == "fuzz.md" else { fatalError("the page lost its path") }
  guard case .html = document.content else { fatalError("a Markdown page came back as something else than HTML") }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
