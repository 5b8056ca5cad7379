import CNKBPipeline
import Foundation
import Testing
import _CNKBTestSupport

/// The glossary folder: what ships in the binary, and how mistakes in it are reported.
@Suite struct LexiconLoaderTests {
  @Test func bundledGlossaryMatchesTheGlossaryFolder() throws {
    let folder = Fixtures.repositoryRoot.appendingPathComponent("glossary").path
    let fromFolder = try LexiconLoader.vocabulary(.directory(folder))
    let bundled = try LexiconLoader.vocabulary(.bundled)
    #expect(bundled == fromFolder, "glossary/ changed: run Scripts/embed-glossary.sh")
  }

  @Test func bundledLexiconCoversTheFieldsCoreTerms() throws {
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    #expect(vocabulary.entries.count >= 150)
    let surfaces = Set(
      vocabulary.entries.flatMap { [$0.label] + $0.aliases + $0.abbreviations }.map { $0.lowercased() })
    for term in [
      "cni", "cnm", "bridge networking", "host networking", "overlay networking", "underlay networking", "macvlan",
      "ipvlan", "ipvlan l2 mode", "ipvlan l3 mode", "802.1q", "network namespace", "veth pair", "linux bridge",
      "iptables", "nat", "ip masquerade", "ipam", "vxlan", "geneve", "bgp", "vlan", "service discovery", "dns",
      "load balancing", "network policy", "calico", "flannel", "weave", "cilium", "canal", "contiv", "kuryr", "ovn",
      "multus", "metallb", "libnetwork", "docker", "kubernetes", "mesos", "rkt", "coreos", "cncf",
    ] {
      #expect(surfaces.contains(term), "the lexicon knows \(term)")
    }
  }

  @Test func noLexiconKeepsStopWordsButNoEntries() throws {
    let vocabulary = try LexiconLoader.vocabulary(.none)
    #expect(vocabulary.entries.isEmpty)
    #expect(vocabulary.stopwords.contains("the"))
    #expect(vocabulary.stopList.contains("slides"))
  }

  @Test func everyProblemInAFolderIsReportedAtOnceWithFileAndLine() throws {
    let temp = try TemporaryDirectory()
    try temp.write(
      "lex/terms.jsonl",
      """
      # A comment line is fine.
      {"label": "service mesh", "category": "concept", "description": "Proxies between services."}
      {"label": "sidecar", "category": "consept", "description": "A helper container."}
      {"label": "Service Mesh", "category": "concept", "description": "Again."}
      """)
    do {
      _ = try LexiconLoader.vocabulary(.directory(temp.path("lex")))
      Issue.record("expected the lexicon to be refused")
    } catch {
      let lines = error.description.split(separator: "\n").map(String.init)
      #expect(lines.count == 2, "\(error.description)")
      #expect(lines.first?.hasPrefix("\(temp.path("lex"))/terms.jsonl:3: error: unknown category 'consept'") == true)
      #expect(lines.last?.hasPrefix("\(temp.path("lex"))/terms.jsonl:4: error: duplicate term 'Service Mesh'") == true)
      #expect(error.exitCode == 65)
    }
  }

  @Test func missingFolderIsAClearError() {
    do {
      _ = try LexiconLoader.vocabulary(.directory("/no/such/lexicon"))
      Issue.record("expected an error")
    } catch {
      #expect(error.description.hasPrefix("/no/such/lexicon: error: no lexicon folder here"))
    }
  }
}
