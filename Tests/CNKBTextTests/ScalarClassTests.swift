import CNKBModel
import Testing

/// The ASCII and value-range shortcuts in `Unicode.Scalar+Classes` answer as Unicode's property tables do, for
/// every scalar there is.
@Suite struct ScalarClassTests {
  @Test func shortcutsAgreeWithTheUnicodeTablesForEveryScalar() {
    var disagreements: [String] = []
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let properties = scalar.properties
      if scalar.isControl != (properties.generalCategory == .control) { disagreements.append("control \(value)") }
      if scalar.isAlphabetic != properties.isAlphabetic { disagreements.append("alphabetic \(value)") }
      if scalar.isWhitespace != properties.isWhitespace { disagreements.append("whitespace \(value)") }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
  }
}
