import CNKBText
import Foundation
import Testing
import _CNKBTestSupport

/// Inputs kept from fuzzing `SentenceSplitter` (`make fuzz`).
///
/// The folder holds seeds that reached new code and any input that once crashed or hung. Each is decoded
/// as UTF-8 (invalid bytes replaced), as the fuzz target does, and must split into non-empty, ordered
/// ranges inside the text.
@Suite struct SentenceFuzzRegressionTests {
  @Test func everyInputSplitsIntoOrderedRangesInsideTheText() throws {
    let directory = Fixtures.directory().appendingPathComponent("fuzz")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(!names.isEmpty)
    let splitter = SentenceSplitter()
    for name in names {
      let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
      let ranges = splitter.split(text)
      let length = text.unicodeScalars.count
      var previousEnd = 0
      for range in ranges {
        #expect(!range.isEmpty && range.lowerBound >= previousEnd && range.upperBound <= length, "\(name): \(range)")
        previousEnd = range.upperBound
      }
      #expect(splitter.sentences(in: text).count == ranges.count, "\(name)")
    }
  }
}
