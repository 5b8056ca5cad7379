// libFuzzer target: arbitrary bytes, decoded as UTF-8, through `RestructuredTextReader` (section titles,
// lists, directives, tables, inline markup). Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBModel
import CNKBSources
import Foundation
import FuzzDriver

/// Reads the input as a reStructuredText page; the page always comes back as HTML, from its own path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let document = RestructuredTextReader().read(text, path: "fuzz.rst")
  guard document.source == "fuzz.rst" else { fatalError("the page lost its path") }
  guard case .html(let html, _) = document.content, String(decoding: html, as: UTF8.self).hasSuffix("</html>\n")
  else { fatalError("a reStructuredText page came back as something else than a whole HTML page") }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
