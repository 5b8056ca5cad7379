import CNKBModel
import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

/// Inputs kept from fuzzing `SeedFeedReader` (`make fuzz`).
///
/// The folder holds seeds that reached new code and any input that once crashed or hung. Each must come
/// back as posts or as a `SourceError`.
@Suite struct SeedFeedFuzzRegressionTests {
  @Test func everySeedFeedInputSplitsOrFailsCleanly() throws {
    let directory = Fixtures.directory().appendingPathComponent("fuzz")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(!names.isEmpty)
    for name in names {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      guard let documents = try? SeedFeedReader().read(data, origin: name) else { continue }
      #expect(!documents.isEmpty, "\(name)")
      #expect(documents.allSatisfy { $0.source.hasPrefix("http") }, "\(name)")
    }
  }
}

/// Inputs on which `make fuzz` found `MarkdownReader` (through Ink) backtracking for seconds or for ever.
///
/// Each is read the way the fuzz target reads bytes (decoded as UTF-8) and must come back as HTML, with the
/// rewrite leaving Ink no more than the cap of loose brackets.
@Suite struct MarkdownFuzzRegressionTests {
  @Test func everyMarkdownInputThatHungNowReads() throws {
    let directory = Fixtures.directory().appendingPathComponent("fuzz-markdown")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(names.count == 4)
    for name in names {
      let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
      let document = MarkdownReader().read(text, path: name)
      guard case .html(let html, _) = document.content else {
        Issue.record("\(name) came back as something else than HTML")
        continue
      }
      #expect(!html.isEmpty, "\(name)")
    }
  }
}
