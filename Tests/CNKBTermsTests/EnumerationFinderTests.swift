import CNKBTerms
import Testing

/// Coordinated lists: where they start, what their members are, and prose that is not a list.
@Suite struct EnumerationFinderTests {
  private let tokenizer = Tokenizer()
  private let finder = EnumerationFinder(isStopword: {
    ["the", "a", "an", "and", "or", "are", "of", "to", "from", "none", "such", "as", "it", "by", "with", "others"]
      .contains($0)
  })

  private func lists(_ sentence: String) -> [(head: String?, items: [String])] {
    let tokens = tokenizer.tokenize(sentence)
    return finder.enumerations(in: tokens).map { list in
      (list.head.map { tokens[$0].text }, list.items.map { $0.map { tokens[$0].text }.joined(separator: " ") })
    }
  }

  @Test func copulaListKeepsALoneStopWordMemberAndTheHeadNoun() {
    let found = lists("The built-in drivers are none, bridge, overlay and macvlan.")
    #expect(found.count == 1)
    #expect(found.first?.head == "drivers")
    #expect(found.first?.items == ["none", "bridge", "overlay", "macvlan"])
  }

  @Test func suchAsListSkipsParenthesisedAbbreviations() {
    let found = lists(
      "It integrates with projects such as Kuryr, Open Virtual Networking (OVN), Project Calico and Weave.")
    #expect(found.first?.head == "projects")
    #expect(found.first?.items == ["Kuryr", "Open Virtual Networking", "Project Calico", "Weave"])
  }

  @Test func twoMemberListNeedsATrigger() {
    #expect(lists("Segments carry metadata: tags and selectors.").first?.items == ["tags", "selectors"])
    // No trigger: verbs joined by "and" are not a list of terms.
    #expect(lists("Plugins add and remove interfaces to and from networks.").isEmpty)
  }

  @Test func closingWordsAndLongPhrasesAreNotMembers() {
    #expect(lists("Popular choices include Calico, Cilium and others.").first?.items == ["Calico", "Cilium"])
    // A member longer than three words means this is a clause, not a list.
    #expect(lists("The hosts are connected through a very long shared physical cable and a switch.").isEmpty)
  }
}
