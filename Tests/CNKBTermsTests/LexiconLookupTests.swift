import CNKBTerms
import Testing

/// How `entry(forSurface:)` finds entries: normalised surfaces, and short capital abbreviations kept exact.
@Suite struct LexiconLookupTests {
  private let lexicon: Lexicon

  init() throws {
    lexicon = try Lexicon(
      terms: #"""
        # Linux building blocks
        {"label": "network namespace", "category": "concept", "aliases": ["netns"], "description": "A private network stack."}
        {"label": "network address translation", "category": "concept", "abbreviations": ["NAT"], "description": "Rewriting addresses."}
        {"label": "NATS", "category": "project_or_product", "description": "A messaging system."}
        {"label": "Address Resolution Protocol", "category": "protocol", "abbreviations": ["ARP"], "description": "Finds MAC addresses."}
        {"label": "802.1Q", "category": "protocol", "aliases": ["802.1q"], "description": "VLAN tags."}
        {"label": "Virtual Extensible LAN", "category": "protocol", "abbreviations": ["VXLAN"], "aliases": ["vxlan"], "description": "Layer 2 over UDP."}
        {"label": "single root I/O virtualization", "category": "concept", "abbreviations": ["SR-IOV"], "description": "Virtual functions."}
        {"label": "MACvlan", "category": "driver_or_mode", "description": "A MAC per container."}
        {"label": "Geneve", "category": "protocol", "description": "An extensible encapsulation."}
        {"label": "control groups", "category": "concept", "abbreviations": ["cgroups"], "description": "Resource limits."}
        {"label": "east-west traffic", "category": "concept", "description": "Traffic inside a cluster."}
        {"label": "network policy", "category": "concept", "description": "Who may talk to whom."}
        {"label": "service mesh", "category": "concept", "description": "Proxies between services."}
        {"label": "docker_gwbridge", "category": "concept", "description": "A bridge for overlays."}
        """#)
  }

  @Test(arguments: [
    ("Network Namespaces", "networknamespace"),
    ("network-namespace", "networknamespace"),
    ("docker_gwbridge", "dockergwbridge"),
    ("east\u{2013}west traffic", "eastwesttraffic"),
    ("network policies", "networkpolicy"),
    ("service meshes", "servicemesh"),
    ("IP addresses", "ipaddress"),
    ("VLANs", "vlan"),
    ("ingress", "ingress"),
    ("Prometheus", "prometheus"),
    ("IPs", "ips"),
  ])
  func normalizeFoldsCaseSeparatorsAndARegularPlural(_ surface: String, _ key: String) {
    #expect(Lexicon.normalize(surface) == key)
  }

  @Test(arguments: [
    ("Network-Namespaces", "network namespace"),
    ("NETWORK NAMESPACE", "network namespace"),
    ("netns", "network namespace"),
    ("network address translation", "network address translation"),
    ("east west traffic", "east-west traffic"),
    ("East–West traffic", "east-west traffic"),
    ("Network Policies", "network policy"),
    ("service meshes", "service mesh"),
    ("docker gwbridge", "docker_gwbridge"),
    ("Cgroups", "control groups"),
    ("cgroup", "control groups"),
    ("macvlan", "MACvlan"),
    ("MACVLAN", "MACvlan"),
    ("GENEVE", "Geneve"),
  ])
  func findsLabelsAbbreviationsAndAliasesWhateverTheirSpelling(_ surface: String, _ label: String) {
    #expect(lexicon.entry(forSurface: surface)?.label == label)
  }

  @Test(arguments: [
    ("NAT", "network address translation"),
    ("NATs", "network address translation"),
    ("NATS", "NATS"),
    ("ARP", "Address Resolution Protocol"),
    ("VXLAN", "Virtual Extensible LAN"),
    ("VXLANs", "Virtual Extensible LAN"),
    ("802.1Q", "802.1Q"),
    ("SR-IOV", "single root I/O virtualization"),
    ("SR IOV", "single root I/O virtualization"),
  ])
  func shortCapitalAbbreviationsMatchWithTheirOwnCasing(_ surface: String, _ label: String) {
    #expect(lexicon.entry(forSurface: surface)?.label == label)
  }

  @Test(arguments: ["nat", "Nat", "arp", "Arp", "sr-iov", "natS"])
  func shortCapitalAbbreviationsDoNotMatchOrdinaryWords(_ surface: String) {
    #expect(lexicon.entry(forSurface: surface) == nil)
  }

  @Test func aLowerCaseAliasOptsAnAbbreviationIntoLowerCaseMatching() {
    #expect(lexicon.entry(forSurface: "vxlan")?.label == "Virtual Extensible LAN")
    #expect(lexicon.entry(forSurface: "802.1q")?.label == "802.1Q")
  }

  @Test(arguments: ["", "   ", "overlay", "container"])
  func unknownOrBlankSurfacesFindNothing(_ surface: String) {
    #expect(lexicon.entry(forSurface: surface) == nil)
  }

  @Test func surroundingWhiteSpaceIsIgnored() {
    #expect(lexicon.entry(forSurface: "  NAT\n")?.label == "network address translation")
  }

  @Test func entryLabelledMatchesTheExactLabelOnly() {
    #expect(lexicon.entry(labelled: "service mesh")?.line == 14)
    #expect(lexicon.entry(labelled: "Service Mesh") == nil)
  }

  @Test(arguments: [
    ("CNI", true), ("NAT", true), ("L2", true), ("802.1Q", true), ("SR-IOV", true), ("DC/OS", true),
    ("VXLAN", true), ("IPVLAN", false), ("cgroups", false), ("K8s", false), ("mTLS", false), ("IPv6", false),
    ("1234", false),
  ])
  func caseSensitiveSurfacesAreShortAndAllCapitals(_ surface: String, _ expected: Bool) {
    #expect(Lexicon.isCaseSensitive(surface) == expected)
  }

  @Test func entriesKeepEveryFieldAndTheLineThatDefinesThem() throws {
    let lexicon = try Lexicon(
      terms: #"""
        # Comment lines and blank lines still count as lines.

        {"label": "veth pair", "category": "concept", "abbreviations": [], "aliases": ["veth", "virtual Ethernet pair"], "description": "Two linked interfaces.", "seeAlso": ["Linux bridge"]}
        {"label": "Linux bridge", "category": "concept", "description": "A software switch."}
        """#)
    let veth = try #require(lexicon.entries.first)
    #expect(
      veth
        == LexiconEntry(
          label: "veth pair", category: .concept, aliases: ["veth", "virtual Ethernet pair"],
          description: "Two linked interfaces.", seeAlso: ["Linux bridge"], line: 3))
    #expect(veth.surfaces == ["veth pair", "veth", "virtual Ethernet pair"])
    #expect(veth.conceptID.rawValue == "veth-pair")
    #expect(lexicon.entries.map(\.line) == [3, 4])
  }

  @Test func windowsLineEndingsAndAByteOrderMarkAreAccepted() throws {
    let terms =
      "\u{FEFF}# glossary\r\n{\"label\": \"subnet\", \"category\": \"concept\", \"description\": \"A range.\"}\r\n"
    let lexicon = try Lexicon(terms: terms)
    #expect(lexicon.entries.map(\.label) == ["subnet"])
    #expect(lexicon.entries.first?.line == 2)
  }

  @Test func stopListsAreLowerCasedWithCommentsSkipped() throws {
    let lexicon = try Lexicon(
      terms: "", stopList: "# generic\nSlide\n  blog   post \n\nThing\n", stopwords: "The\n# x\nof\n")
    #expect(lexicon.stopList == ["slide", "blog post", "thing"])
    #expect(lexicon.stopwords == ["the", "of"])
  }

  @Test func theEmptyLexiconHoldsNothing() {
    #expect(Lexicon.empty.entries.isEmpty)
    #expect(Lexicon.empty.stopList.isEmpty && Lexicon.empty.stopwords.isEmpty && Lexicon.empty.overrides.isEmpty)
    #expect(Lexicon.empty.entry(forSurface: "CNI") == nil)
  }
}
