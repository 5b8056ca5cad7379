// libFuzzer target: arbitrary bytes, decoded as UTF-8, through `AsciiDocReader` (section titles, attributes,
// lists, delimited blocks, tables, inline markup). Built only with CNKB_FUZZ=1; see Scripts/fuzz.sh.
import CNKBModel
import CNKBSources
import Foundation
import FuzzDriver

/// Reads the input as a AsciiDoc page; the page always comes back as HTML, from its own path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
  let document = AsciiDocReader().read(text, path: "fuzz.adoc")
  guard document.source == "fuzz.adoc" else { fatalError("the page lost its path") }
  guard case .html(let html, _) = document.content, String(decoding: html, as: UTF8.self).hasSuffix("</html>\n")
  else { fatalError("a AsciiDoc page came back as something else than a whole HTML page") }
  return 0
}

// libFuzzer's own `main` is not linked in a SwiftPM executable (see FuzzDriver.c): start its driver here.
exit(CNKBFuzzMain(CommandLine.argc, CommandLine.unsafeArgv, fuzz))
