import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// Judging candidates reads a key's or a written form's words many times over; the quick reading of ASCII text
/// must give exactly the words `split(separator: " ")` gives, and any other text takes that split itself.
@Suite struct WordsOfTextTests {
  @Test func wordsAreTheOnesASplitOnSpacesGives() {
    let pieces = [
      "vlan", "id", "50", "Kelsey", "Hightower", "eth0.60", "net-1", " ", "  ", "\t", "\r\n", "x", "",
      "réseau", "e\u{0301}", "\u{0301}", "\u{00A0}", "IPv6", "O'Reilly", "C++",
    ]
    for seed in UInt64(1)...500 {
      var random = SeededGenerator(seed: seed)
      let text = (0..<Int.random(in: 0...9, using: &random)).map { _ in pieces.randomElement(using: &random)! }
        .joined(separator: Bool.random(using: &random) ? " " : "")
      #expect(
        CorpusCollector.words(of: text) == text.split(separator: " ").map(String.init),
        "seed \(seed): \(text.debugDescription)")
    }
    #expect(CorpusCollector.words(of: "  vlan  id 50 ") == ["vlan", "id", "50"])
    #expect(CorpusCollector.words(of: "") == [])
  }
}
