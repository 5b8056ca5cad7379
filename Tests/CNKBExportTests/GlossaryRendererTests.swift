import CNKBExport
import CNKBModel
import Foundation
import Testing

@Suite struct GlossaryRendererTests {
  /// The glossary's skeleton in order: letter headings, entry headings and abbreviation pointer lines.
  private func index(_ markdown: String) -> [String] {
    markdown.split(separator: "\n").map(String.init).filter {
      $0.hasPrefix("## ") || $0.hasPrefix("### ") || $0.contains(": see [")
    }
  }

  /// The lines of one entry, from its anchor to just before the next anchor, heading or pointer.
  private func entry(_ id: String, in markdown: String) throws -> [String] {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex(of: "<a id=\"\(id)\"></a>"), "no anchor for \(id)")
    var end = start + 1
    while end < lines.count, !lines[end].hasPrefix("<a id="), !lines[end].hasPrefix("## "),
      !lines[end].contains(": see [")
    {
      end += 1
    }
    return Array(Array(lines[start..<end].reversed().drop { $0.isEmpty }).reversed())
  }

  /// The links of an entry's "See also" line, as `label→anchor`.
  private func seeAlso(_ id: String, in markdown: String) throws -> [String] {
    guard let line = try entry(id, in: markdown).first(where: { $0.hasPrefix("See also: ") }) else { return [] }
    return line.dropFirst("See also: ".count).components(separatedBy: "), ").map {
      $0.replacingOccurrences(of: "](#", with: "→").trimmingCharacters(in: CharacterSet(charactersIn: "[)"))
    }
  }

  @Test func entriesAreFiledAlphabeticallyUnderLetterHeadings() {
    let markdown = GlossaryRenderer.render(ExportSamples.graph)
    #expect(
      markdown.hasPrefix("# Glossary\n\n17 entries: 13 concepts and 4 abbreviations that point to their expansion.\n"))
    #expect(
      index(markdown) == [
        "## B",
        "BGP: see [Border Gateway Protocol](#border-gateway-protocol)",
        "### **Border Gateway Protocol** (BGP)",
        "## C",
        "### **Calico**",
        "### **Cloud Native Computing Foundation** (CNCF)",
        "CNCF: see [Cloud Native Computing Foundation](#cloud-native-computing-foundation)",
        "CNI: see [Container Network Interface](#container-network-interface)",
        "### **Container Network Interface** (CNI)",
        "### **CoreOS**",
        "## F",
        "### **Flannel**",
        "## I",
        "### **iptables**",
        "### **IPvlan**",
        "## M",
        "### **MACvlan**",
        "## N",
        "### **network driver**",
        "## O",
        "### **overlay network**",
        "## T",
        "### **Tigera**",
        "## V",
        "### **Virtual Extensible LAN** (VXLAN)",
        "VXLAN: see [Virtual Extensible LAN](#virtual-extensible-lan)",
      ])
    #expect(markdown.hasSuffix("\n"))
    #expect(!markdown.hasSuffix("\n\n"))
  }

  @Test func digitsAndSymbolsAreFiledFirstUnderHash() {
    let concepts = [
      ExportSamples.concept("Calico"), ExportSamples.concept("802.1Q", abbreviation: "Dot1Q"),
      ExportSamples.concept("~tilde first"), ExportSamples.concept("Écluse"), ExportSamples.concept("eBPF"),
    ]
    let markdown = GlossaryRenderer.render(ConceptGraph(concepts: concepts, documentCount: 1, sentenceCount: 1))
    #expect(
      index(markdown) == [
        "## \\#",
        "### **802.1Q** (Dot1Q)",
        "### **\\~tilde first**",
        "## C",
        "### **Calico**",
        "## D",
        "Dot1Q: see [802.1Q](#802-1q)",
        "## E",
        "### **eBPF**",
        "### **Écluse**",
      ])
  }

  @Test func entriesHaveAnchorsHeadingsCategoriesAndDefinitions() throws {
    let markdown = GlossaryRenderer.render(ExportSamples.graph)
    #expect(
      try entry("container-network-interface", in: markdown) == [
        "<a id=\"container-network-interface\"></a>",
        "### **Container Network Interface** (CNI)",
        "",
        "Category: specification",
        "",
        "> The Container Network Interface is a specification for how a runtime asks a plugin to wire a container "
          + "into a network. — [source](https://example.org/posts/cni-basics)",
        "",
        "Also called: CNI spec, Plugin API",
        "",
        "See also: [Calico](#calico), [Flannel](#flannel), "
          + "[Cloud Native Computing Foundation](#cloud-native-computing-foundation), [CoreOS](#coreos), "
          + "[MACvlan](#macvlan)",
      ])
    // A corpus definition wins over the lexicon's description; a path source stays a working link.
    let calico = try entry("calico", in: markdown)
    #expect(
      calico.contains(
        "> Calico is a networking project that routes pod traffic with BGP instead of an overlay. "
          + "— [source](notes/calico%20overview%20%28draft%29.md)"))
    #expect(!calico.contains { $0.contains("policy-aware") })
    // Without a corpus definition the lexicon's description is shown, marked as such.
    let flannel = try entry("flannel", in: markdown)
    #expect(flannel.contains("*From the curated lexicon:* A small overlay network for Kubernetes clusters."))
    #expect(!flannel.contains { $0.hasPrefix(">") })
    #expect(try entry("macvlan", in: markdown).contains("Category: driver or mode"))
    #expect(try entry("iptables", in: markdown).contains("Category: widget"))
    #expect(try !entry("overlay-network", in: markdown).contains { $0.hasPrefix("Category:") })
  }

  @Test func alsoCalledDropsTheLabelTheAbbreviationAndCaseDuplicates() throws {
    let markdown = GlossaryRenderer.render(ExportSamples.graph)
    #expect(try entry("container-network-interface", in: markdown).contains("Also called: CNI spec, Plugin API"))
    #expect(try entry("macvlan", in: markdown).contains("Also called: MAC VLAN"))
    #expect(try !entry("calico", in: markdown).contains { $0.hasPrefix("Also called:") })
  }

  @Test func seeAlsoPrefersTypedRelationsThenWeightAndHonoursTheLimit() throws {
    var graph = ExportSamples.graph
    // A heavy co-occurrence must not lift Flannel above Calico's typed relations, nor duplicate it.
    graph.relations.append(ExportSamples.relation("flannel", "related_to", "calico", weight: 40))
    let markdown = GlossaryRenderer.render(graph)
    #expect(
      try seeAlso("calico", in: markdown) == [
        "Container Network Interface→container-network-interface",
        "Border Gateway Protocol→border-gateway-protocol", "Tigera→tigera", "Flannel→flannel",
      ])
    // Incoming relations count too: Tigera only appears as a target.
    #expect(try seeAlso("tigera", in: markdown) == ["Calico→calico"])

    let limited = GlossaryRenderer.render(graph, seeAlsoLimit: 2)
    #expect(try seeAlso("calico", in: limited).count == 2)
    #expect(try seeAlso("container-network-interface", in: limited) == ["Calico→calico", "Flannel→flannel"])
    let noLinks = GlossaryRenderer.render(graph, seeAlsoLimit: 0)
    #expect(!noLinks.contains("See also:"))
  }

  /// A phrase the corpus writes once, undefined, co-occurs strongly by chance; a reader is better sent to a
  /// lexicon concept, a concept mentioned often, or one the corpus defines, whatever the weights.
  @Test func seeAlsoSendsReadersToConceptsOfStandingFirst() throws {
    var graph = ExportSamples.graph
    var once = ExportSamples.concept("credit card processing")
    once.origin = .discovered
    once.mentionCount = 1
    var defined = ExportSamples.concept("route reflector", definition: "A route reflector is a BGP peer that …")
    defined.origin = .discovered
    defined.mentionCount = 1
    graph.concepts += [once, defined]
    graph.relations += [
      ExportSamples.relation("credit-card-processing", "related_to", "macvlan", weight: 0.9),
      ExportSamples.relation("route-reflector", "related_to", "macvlan", weight: 0.3),
      ExportSamples.relation("calico", "related_to", "macvlan", weight: 0.5),
    ]
    let links = try seeAlso("macvlan", in: GlossaryRenderer.render(graph, seeAlsoLimit: 20))
    let order = ["Calico→calico", "route reflector→route-reflector", "credit card processing→credit-card-processing"]
      .map { links.firstIndex(of: $0) }
    #expect(order.allSatisfy { $0 != nil }, "\(links)")
    #expect(order == order.sorted { ($0 ?? 0) < ($1 ?? 0) }, "\(links)")
    // Typed relations still come first.
    #expect(
      try seeAlso("calico", in: GlossaryRenderer.render(graph)).first
        == "Container Network Interface→container-network-interface")
  }

  @Test func conceptsBelowTheThresholdAndEveryLinkToThemAreLeftOut() throws {
    let markdown = GlossaryRenderer.render(ExportSamples.graph, minimumScore: 0.42)
    #expect(markdown.contains("\n9 entries: 7 concepts and 2 abbreviations that point to their expansion.\n"))
    for excluded in [
      "tigera", "coreos", "cloud-native-computing-foundation", "overlay-network", "iptables",
      "border-gateway-protocol",
    ] {
      #expect(!markdown.contains("#\(excluded)"), "\(excluded) is still linked")
      #expect(!markdown.contains("<a id=\"\(excluded)\">"), "\(excluded) still has an entry")
    }
    #expect(!markdown.contains("BGP: see"))
    #expect(!markdown.contains("CNCF"))
    #expect(markdown.contains("VXLAN: see [Virtual Extensible LAN](#virtual-extensible-lan)"))
    #expect(
      try seeAlso("calico", in: markdown) == [
        "Container Network Interface→container-network-interface", "Flannel→flannel",
      ])
  }

  @Test func markdownSignificantCharactersAreEscaped() throws {
    let concepts = [
      ExportSamples.concept(
        "*Star* _under_ [link](x) <b>b</b> `code`", id: "markup", abbreviation: "A_B",
        definition: "# Not a heading: <script>alert(1)</script> & $PATH ~~gone~~ \\ end"),
      ExportSamples.concept("#hashtag networking", id: "hashtag", definition: "- not a list item"),
      ExportSamples.concept(
        "Plain", definition: "1. first\nsecond line", description: nil),
      ExportSamples.concept("Described", description: "+ plus\n\n## not a heading either"),
    ]
    let relations = [ExportSamples.relation("hashtag", "uses", "markup", weight: 1)]
    let markdown = GlossaryRenderer.render(
      ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1), title: "# [Mine]")
    let lines = markdown.split(separator: "\n").map(String.init)
    #expect(lines.first == "# \\# \\[Mine\\]")
    #expect(lines.contains(#"### **\*Star\* \_under\_ \[link\](x) \<b\>b\</b\> \`code\`** (A\_B)"#))
    #expect(
      lines.contains(
        ##"> \# Not a heading: \<script\>alert(1)\</script\> \& \$PATH \~\~gone\~\~ \\ end — "##
          + "[source](https://example.org/posts/networking-101)"
      ))
    #expect(lines.contains(##"### **\#hashtag networking**"##))
    #expect(lines.contains { $0.hasPrefix(#"> \- not a list item"#) })
    #expect(lines.contains { $0.hasPrefix(#"> 1\. first second line"#) })
    #expect(lines.contains(#"*From the curated lexicon:* + plus ## not a heading either"#))
    #expect(lines.contains(#"A\_B: see [\*Star\* \_under\_ \[link\](x) \<b\>b\</b\> \`code\`](#markup)"#))
    #expect(lines.contains(#"See also: [\*Star\* \_under\_ \[link\](x) \<b\>b\</b\> \`code\`](#markup)"#))
    // Structure survives: every line starting with `#` is a heading the glossary wrote.
    let headings = lines.filter { $0.hasPrefix("#") }
    #expect(headings.allSatisfy { $0.hasPrefix("# ") || $0.hasPrefix("## ") || $0.hasPrefix("### **") })
    #expect(lines.filter { $0.hasPrefix("### ") }.count == concepts.count)
  }

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    let expected = GlossaryRenderer.render(ExportSamples.graph)
    for seed in UInt64(1)...12 {
      let shuffled = ExportSamples.reordered(ExportSamples.graph, seed: seed)
      #expect(GlossaryRenderer.render(shuffled) == expected, "seed \(seed)")
    }
  }

  @Test func anEmptyGraphStillRendersAValidPage() {
    let markdown = GlossaryRenderer.render(ConceptGraph(concepts: [], documentCount: 0, sentenceCount: 0))
    #expect(markdown == "# Glossary\n\n0 entries: 0 concepts and 0 abbreviations that point to their expansion.\n")
  }
}

/// An entry whose corpus sentence only mentions the term also shows the curated description, first.
@Suite struct WeakDefinitionTests {
  private func graph(kind: String) -> ConceptGraph {
    let concept = Concept(
      id: ConceptID(rawValue: "vxlan"), label: "Virtual Extensible LAN", abbreviation: "VXLAN",
      category: "protocol", origin: .both, score: 5, mentionCount: 2, documents: ["notes/overlays.md"],
      definition: Definition(
        text: "We moved the VXLAN tunnels to a new subnet last week.", document: "notes/overlays.md", kind: kind),
      description: "An encapsulation that carries layer 2 frames inside UDP datagrams.")
    return ConceptGraph(concepts: [concept], documentCount: 1, sentenceCount: 1)
  }

  /// A sentence that only mentions the term, says what it does or has it as its subject is no definition: the
  /// curated description comes first.
  @Test(arguments: ["mention", "does", "subject"])
  func aSentenceThatDoesNotDefineComesAfterTheCuratedDescription(kind: String) throws {
    let markdown = GlossaryRenderer.render(graph(kind: kind))
    let description = try #require(markdown.range(of: "*From the curated lexicon:* An encapsulation"))
    let sentence = try #require(markdown.range(of: "> We moved the VXLAN tunnels"))
    #expect(description.lowerBound < sentence.lowerBound)
    let html = GlossaryHTMLRenderer.render(graph(kind: kind))
    let htmlDescription = try #require(html.range(of: "From the curated lexicon:</span> An encapsulation"))
    let htmlSentence = try #require(html.range(of: "We moved the VXLAN tunnels"))
    #expect(htmlDescription.lowerBound < htmlSentence.lowerBound)
    // The sentence is introduced as a use of the term, not quoted as its definition.
    #expect(markdown.contains("*Where the corpus uses it:*\n\n> We moved the VXLAN tunnels"))
    #expect(html.contains("<blockquote class=\"usage\"><p>We moved the VXLAN tunnels"))
    #expect(!html.contains("<blockquote class=\"definition\">"))
  }

  @Test func aRealDefinitionStandsAlone() {
    let markdown = GlossaryRenderer.render(graph(kind: "copula"))
    #expect(!markdown.contains("From the curated lexicon"))
    #expect(!markdown.contains("Where the corpus uses it"))
    #expect(markdown.contains("> We moved the VXLAN tunnels"))
  }
}
