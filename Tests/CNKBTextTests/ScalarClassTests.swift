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
      if scalar.isUppercase != properties.isUppercase { disagreements.append("uppercase \(value)") }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
  }

  /// `String(scalars:)` encodes UTF-8 itself; it must give the string the standard library builds, for scalars
  /// of every width (one to four bytes), the edges of each width, and slices that start mid-array.
  @Test func stringFromScalarsIsTheStandardLibrarysString() {
    var all: [Unicode.Scalar] = []
    for value in UInt32(0)...0x10FFFF
    where value % 97 == 0 || [0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000].contains(value) {
      if let scalar = Unicode.Scalar(value) { all.append(scalar) }
    }
    #expect(String(scalars: all) == String(String.UnicodeScalarView(all)))
    #expect(String(scalars: all).utf8.elementsEqual(String(String.UnicodeScalarView(all)).utf8))
    let text = Array("Calico’s BGP über 802.1Q — 🐳 eth0".unicodeScalars)
    for start in text.indices {
      for end in start...text.count {
        let expected = String(String.UnicodeScalarView(text[start..<end]))
        #expect(String(scalars: text[start..<end]).utf8.elementsEqual(expected.utf8))
      }
    }
    #expect(String(scalars: [Unicode.Scalar]()).isEmpty)
  }
}
