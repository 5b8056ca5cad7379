import CNKBModel
import Testing

@testable import CNKBStore

@Suite struct SearchTests {
  private func store(_ documents: [Document] = [SampleDocuments.ipvlanPost(), SampleDocuments.kubeProxyPost()])
    throws -> KnowledgeStore
  {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(documents)
    return store
  }

  @Test(arguments: ["IPvlan", "ipvlan", "IPVLAN"])
  func findsAWordWhateverItsCase(query: String) throws {
    let hits = try store().search(query)
    #expect(hits.count == 2)
    #expect(hits.allSatisfy { $0.text.contains("IPvlan") })
  }

  @Test func stemmingFindsOtherFormsOfAWord() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(
      SampleDocuments.make(
        source: "posts/cni.html", blocks: [.paragraph("Each pod joins the cluster network through a CNI plugin.")]))
    #expect(try store.search("networks").map(\.text) == ["Each pod joins the cluster network through a CNI plugin."])
    #expect(try store.search("joining plugins").count == 1)
  }

  @Test func hitCarriesDocumentMetadataAndOffsets() throws {
    let kube = SampleDocuments.kubeProxyPost()
    let hits = try store().search("iptables")
    let hit = try #require(hits.first)
    #expect(hits.count == 1)
    #expect(hit.source == kube.source)
    #expect(hit.title == kube.title)
    #expect(hit.date == nil)
    #expect(hit.text == "The kube-proxy daemon programs iptables or IPVS rules on every node.")
    let scalars = Array(kube.text.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[hit.start..<hit.end])) == hit.text)
  }

  @Test func snippetWrapsMatchesInTheGivenMarkers() throws {
    let hits = try store().search("station", highlight: ("<b>", "</b>"))
    #expect(
      hits.map(\.snippet) == ["IPvlan shares the parent's MAC address, so the switch sees a single <b>station</b>."])
  }

  @Test func snippetOfALongSentenceIsCutWithEllipses() throws {
    let long =
      "When a pod sends a packet to a service address, the node rewrites the destination to one of the backing "
      + "pods, picked at random by the rules that the proxy installed, and the reply is rewritten on its way back."
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.make(source: "posts/dnat.html", blocks: [.paragraph(long)]))
    let snippet = try #require(try store.search("random").first?.snippet)
    #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
    #expect(snippet.contains("[random]"))
    #expect(snippet.split(separator: " ").count == 16)
  }

  @Test func snippetUsesSquareBracketsByDefault() throws {
    let hit = try #require(try store().search("ipvlan").first)
    #expect(hit.snippet.contains("[IPvlan]"))
  }

  @Test func hyphenatedTermsMatchAsAPhrase() throws {
    let hits = try store().search("kube-proxy")
    #expect(
      Set(hits.map(\.text)) == [
        "kube-proxy modes", "The kube-proxy daemon programs iptables or IPVS rules on every node.",
      ])
  }

  @Test func dottedTermsMatchAsAPhrase() throws {
    let hits = try store().search("802.1Q")
    #expect(hits.map(\.text) == ["Trunk ports carry 802.1Q tags so several VLANs share one cable."])
  }

  @Test func everyWordMustMatch() throws {
    #expect(try store().search("macvlan iptables").isEmpty)
    #expect(try store().search("macvlan switches").count == 1)
  }

  @Test func lastWordAlsoMatchesAsAPrefix() throws {
    #expect(try store().search("broadcast traff").count == 1)
    #expect(try store().search("ipvl").count == 2)
  }

  @Test(arguments: [
    "\"unbalanced", "OR", "*", "AND OR NOT", "NEAR(kube proxy)", "text:ipvlan", "^ipvlan", "ipvlan\"*",
    "'; DROP TABLE document; --", "-macvlan", "(", ")", "{text}: ipvlan", "ipvlan\u{0}", "kube - proxy",
  ])
  func queryTextIsNeverSyntax(query: String) throws {
    let store = try store()
    _ = try store.search(query)
    #expect(try store.statistics().documents == 2)
  }

  @Test func operatorWordsAreSearchedAsWords() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(
      SampleDocuments.make(source: "posts/or.html", blocks: [.paragraph("Use BGP OR static routes, NOT both.")]))
    #expect(try store.search("OR").count == 1)
    #expect(try store.search("bgp NOT").count == 1)
  }

  @Test(arguments: ["", "   ", "*", "\"", "— …", "-", "\u{0}"])
  func queryWithoutLettersOrDigitsFindsNothing(query: String) throws {
    #expect(try store().search(query).isEmpty)
  }

  @Test func orderIsByRankThenSourceThenOffset() throws {
    let sentence = "Calico peers with the top-of-rack switch over BGP."
    let documents = ["c", "a", "b"].map { name in
      SampleDocuments.make(source: "posts/\(name).html", hash: name, blocks: [.paragraph(sentence, sentence)])
    }
    let store = try store(documents)
    let hits = try store.search("calico")
    #expect(
      hits.map(\.source) == [
        "posts/a.html", "posts/a.html", "posts/b.html", "posts/b.html", "posts/c.html", "posts/c.html",
      ])
    #expect(hits.map(\.start) == [0, 51, 0, 51, 0, 51])
    #expect(try store.search("calico") == hits)
  }

  @Test func betterMatchesComeFirst() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(
      SampleDocuments.make(
        source: "posts/vxlan.html",
        blocks: [
          .paragraph(
            "The overlay uses a tunnel between hosts, and the tunnel endpoint sits on the bridge at the host edge.",
            "VXLAN tunnel, tunnel, tunnel.")
        ]))
    let hits = try store.search("tunnel")
    #expect(hits.map(\.text).first == "VXLAN tunnel, tunnel, tunnel.")
    #expect(hits.count == 2 && hits[0].rank <= hits[1].rank)
  }

  @Test func limitCapsTheNumberOfHits() throws {
    let store = try store()
    #expect(try store.search("ipvlan", limit: 1).count == 1)
    #expect(try store.search("ipvlan", limit: 0).isEmpty)
  }

  @Test func patternQuotesEachWordAndPrefixesTheLast() {
    #expect(SearchPattern.fts5(matching: "kube-proxy 802.1Q") == #""kube-proxy" "802.1Q" *"#)
    #expect(SearchPattern.fts5(matching: #"say "hi""#) == #""say" """hi""" *"#)
    #expect(SearchPattern.fts5(matching: "  * -- ") == nil)
  }
}
