import CNKBTerms
import Foundation
import Testing
import _CNKBTestSupport

/// The lexicon compiled into the binary: in step with `glossary/`, valid, and covering the field.
@Suite struct BundledLexiconTests {
  private let lexicon = Lexicon.bundled()

  @Test(arguments: ["terms.jsonl", "stoplist.txt", "stopwords-en.txt", "overrides.jsonl"])
  func embeddedFileMatchesTheGlossaryFolder(_ name: String) throws {
    let url = Fixtures.repositoryRoot.appendingPathComponent("glossary").appendingPathComponent(name)
    let onDisk = try String(contentsOf: url, encoding: .utf8)
    #expect(Lexicon.bundledFiles[name] == onDisk, "glossary/\(name) changed: run Scripts/embed-glossary.sh")
  }

  @Test func bundledFilesLoadWithoutDiagnostics() throws {
    let files = Lexicon.bundledFiles
    let loaded = try Lexicon(
      terms: files["terms.jsonl"] ?? "", stopList: files["stoplist.txt"] ?? "",
      stopwords: files["stopwords-en.txt"] ?? "", overrides: files["overrides.jsonl"] ?? "")
    #expect(loaded.entries.count >= 150)
    #expect(loaded == lexicon)
  }

  @Test func theGlossaryFolderLoadsToTheBundledLexicon() throws {
    #expect(try Lexicon(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("glossary")) == lexicon)
  }

  @Test(arguments: [
    ("CNI", "Container Network Interface"), ("CNM", "Container Network Model"), ("libnetwork", "libnetwork"),
    ("bridge driver", "bridge networking"), ("host networking", "host networking"), ("none network", "none networking"),
    ("overlay", "overlay networking"), ("underlay", "underlay networking"), ("macvlan", "MACvlan"),
    ("macvlan bridge mode", "MACvlan bridge mode"), ("VEPA mode", "MACvlan VEPA mode"),
    ("MACvlan private mode", "MACvlan private mode"), ("passthru mode", "MACvlan passthru mode"),
    ("ipvlan", "IPvlan"), ("IPvlan L2 mode", "IPvlan L2 mode"), ("ipvlan L3 mode", "IPvlan L3 mode"),
    ("802.1Q", "802.1Q"), ("802.1Q trunk", "802.1Q trunk"), ("network namespaces", "network namespace"),
    ("veth pair", "veth pair"), ("Linux bridge", "Linux bridge"), ("iptables", "iptables"),
    ("NAT", "network address translation"), ("IP masquerade", "IP masquerade"), ("IPAM", "IP address management"),
    ("VXLAN", "Virtual Extensible LAN"), ("Geneve", "Geneve"), ("BGP", "Border Gateway Protocol"),
    ("VLAN", "virtual local area network"), ("service discovery", "service discovery"),
    ("DNS", "Domain Name System"), ("load balancer", "load balancing"), ("network policies", "network policy"),
    ("Calico", "Calico"), ("Flannel", "Flannel"), ("Weave", "Weave Net"), ("Cilium", "Cilium"), ("Canal", "Canal"),
    ("Contiv", "Contiv"), ("Kuryr", "Kuryr"), ("OVN", "Open Virtual Network"), ("Multus", "Multus"),
    ("MetalLB", "MetalLB"), ("Docker", "Docker"), ("Kubernetes", "Kubernetes"), ("Mesos", "Apache Mesos"),
    ("rkt", "rkt"), ("CoreOS", "CoreOS"), ("CNCF", "Cloud Native Computing Foundation"),
  ])
  func coversTheFieldsCoreTerms(_ surface: String, _ label: String) {
    #expect(lexicon.entry(forSurface: surface)?.label == label)
  }

  @Test(arguments: [
    ("CNI", ConceptCategory.spec), ("macvlan", .driverOrMode), ("BGP", .protocol), ("Calico", .projectOrProduct),
    ("CNCF", .organization), ("network namespace", .concept),
  ])
  func coreTermsCarryTheirCategory(_ surface: String, _ category: ConceptCategory) {
    #expect(lexicon.entry(forSurface: surface)?.category == category)
  }

  @Test func everyCategoryIsUsed() {
    #expect(Set(lexicon.entries.map(\.category)) == Set(ConceptCategory.allCases))
  }

  @Test func abbreviationsSpellTheirLabel() {
    // A true abbreviation takes its letters, in order, from its label (cgroups from control groups).
    for entry in lexicon.entries {
      for abbreviation in entry.abbreviations {
        var label = entry.label.lowercased()[...]
        let spelled = abbreviation.lowercased().filter(\.isLetter).allSatisfy { letter in
          guard let index = label.firstIndex(of: letter) else { return false }
          label = label[label.index(after: index)...]
          return true
        }
        #expect(spelled, "'\(abbreviation)' does not abbreviate '\(entry.label)'")
      }
    }
  }

  @Test func stopListHoldsGenericWordsAndNoTermOfTheField() {
    #expect((80...200).contains(lexicon.stopList.count))
    #expect(
      lexicon.stopList.isSuperset(of: ["thing", "way", "example", "use", "today", "slide", "people", "blog post"]))
    for entry in lexicon.entries {
      for surface in entry.surfaces {
        #expect(!lexicon.stopList.contains(surface.lowercased()), "'\(surface)' is both a term and on the stop list")
      }
    }
  }

  @Test func stopWordsHoldEnglishFunctionWords() {
    #expect(lexicon.stopwords.isSuperset(of: ["the", "a", "of", "and", "which", "because", "would"]))
    #expect(!lexicon.stopwords.contains("network"))
    #expect(!lexicon.stopwords.contains("container"))
  }

  @Test func bundledOverridesAreRealRejects() {
    #expect(lexicon.overrides.allSatisfy { if case .reject = $0 { true } else { false } })
    #expect(!lexicon.overrides.isEmpty)
  }
}
