import Testing

@testable import CNKBRelations

@Suite struct PatternPlaceholderTests {
  @Test func wordsDropAsides() {
    #expect(PatternMatcher.words("Networking (OVN), and") == ["networking", ",", "and"])
  }
}
