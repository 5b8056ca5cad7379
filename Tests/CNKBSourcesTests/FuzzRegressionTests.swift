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
