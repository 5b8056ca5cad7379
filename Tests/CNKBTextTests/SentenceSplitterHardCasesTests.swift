import CNKBModel
import CNKBText
import Testing

/// Sentence boundaries in technical prose: abbreviations, versions, addresses, paths and quotes.
@Suite struct SentenceSplitterHardCasesTests {
  private let splitter = SentenceSplitter()

  @Test(arguments: [
    (
      "Drivers such as bridge, e.g. the default one, are local. Overlays span hosts.",
      ["Drivers such as bridge, e.g. the default one, are local.", "Overlays span hosts."]
    ),
    (
      "Use a routed mode, i.e. IPvlan L3. It avoids broadcasts.",
      ["Use a routed mode, i.e. IPvlan L3.", "It avoids broadcasts."]
    ),
    ("Pick MACvlan vs. IPvlan carefully. Both work.", ["Pick MACvlan vs. IPvlan carefully.", "Both work."]),
    (
      "Kubernetes 1.12 changed this. CNI 0.4.0 added CHECK.",
      ["Kubernetes 1.12 changed this.", "CNI 0.4.0 added CHECK."]
    ),
    (
      "Pods use 10.244.0.0/16 here. Nodes use 192.168.1.0/24.",
      ["Pods use 10.244.0.0/16 here.", "Nodes use 192.168.1.0/24."]
    ),
    ("Routes to a /32 are host routes. They are exact.", ["Routes to a /32 are host routes.", "They are exact."]),
    (
      "Tag frames with 802.1Q on the trunk. Switches strip the tag.",
      ["Tag frames with 802.1Q on the trunk.", "Switches strip the tag."]
    ),
    ("Read https://example.org/a.b?c=d. Then continue.", ["Read https://example.org/a.b?c=d.", "Then continue."]),
    (
      "Configs live in /etc/cni/net.d/10-bridge.conf on each node. Edit with care.",
      ["Configs live in /etc/cni/net.d/10-bridge.conf on each node.", "Edit with care."]
    ),
    ("It costs 3.5 percent. That is small.", ["It costs 3.5 percent.", "That is small."]),
    ("Wait... then retry the request. Done.", ["Wait... then retry the request.", "Done."]),
    ("He said \"It works.\" Then he left.", ["He said \"It works.\"", "Then he left."]),
    (
      "Docker, Inc. maintains the engine. Moby is upstream.",
      ["Docker, Inc. maintains the engine.", "Moby is upstream."]
    ),
    ("Plugins, routes, etc. The list goes on.", ["Plugins, routes, etc.", "The list goes on."]),
    ("Bridges, routes, etc. are set up by the runtime.", ["Bridges, routes, etc. are set up by the runtime."]),
    ("See kubernetes.io for docs. Read config.json too.", ["See kubernetes.io for docs.", "Read config.json too."]),
    ("Does it scale? Yes! It does.", ["Does it scale?", "Yes!", "It does."]),
    ("The tool is fast. kubectl then applies it.", ["The tool is fast.", "kubectl then applies it."]),
    (
      "State goes to a key-value store through libkv. libkv speaks to Consul and etcd.",
      ["State goes to a key-value store through libkv.", "libkv speaks to Consul and etcd."]
    ),
    (
      "The controller hands out Networks. libnetwork then picks a driver for each.",
      ["The controller hands out Networks.", "libnetwork then picks a driver for each."]
    ),
    ("Ask Dr. smith about it.", ["Ask Dr. smith about it."]),
    (
      "IPv6 addresses like fe80::1 are link-local. They never leave the segment.",
      ["IPv6 addresses like fe80::1 are link-local.", "They never leave the segment."]
    ),
    ("J. R. Smith wrote the driver. It shipped.", ["J. R. Smith wrote the driver.", "It shipped."]),
    ("See Fig. 3 for the layout. It shows two hosts.", ["See Fig. 3 for the layout.", "It shows two hosts."]),
    ("The U.S. team runs it. Europe mirrors it.", ["The U.S. team runs it.", "Europe mirrors it."]),
    (
      "Version v1.2.3 fixed it (see the notes). Upgrade now.",
      ["Version v1.2.3 fixed it (see the notes).", "Upgrade now."]
    ),
    ("One sentence without a final period", ["One sentence without a final period"]),
    ("“Curly quotes end here.” Next one starts.", ["“Curly quotes end here.”", "Next one starts."]),
  ])
  func splitsHardCases(_ input: String, _ expected: [String]) {
    #expect(splitter.sentences(in: input) == expected)
  }

  @Test func offsetsCountUnicodeScalarsThroughNonASCIIText() {
    let text = "Le café 🍵 sert. “Overlay” networks tunnel."
    let ranges = splitter.split(text)
    let scalars = Array(text.unicodeScalars)
    let pieces = ranges.map { range -> String in
      var view = String.UnicodeScalarView()
      view.append(contentsOf: scalars[range])
      return String(view)
    }
    #expect(pieces == ["Le café 🍵 sert.", "“Overlay” networks tunnel."])
  }

  @Test func headingIsOneUnitAndCodeHasNone() {
    let heading = TextBlock(kind: .heading, level: 2, text: "Why use it? Speed. Simplicity.", element: "h2")
    #expect(splitter.split(block: heading) == [0..<30])
    let code = TextBlock(kind: .code, text: "ip link add mv0. type macvlan", element: "pre")
    #expect(splitter.split(block: code).isEmpty)
    let item = TextBlock(kind: .listItem, level: 1, text: "First part. Second part.", element: "li")
    #expect(splitter.split(block: item).count == 2)
  }

  @Test func splittingCoversEveryNonSpaceCharacterOnce() {
    // A seeded generator composes sentences with hard tokens inside; joining the pieces gives the text back.
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    func next(_ bound: Int) -> Int {
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return Int(state % UInt64(bound))
    }
    let words = ["bridge", "overlay", "e.g.", "10.0.0.0/8", "v1.2.3", "802.1Q", "kube-proxy", "i.e.", "docker0"]
    for _ in 0..<200 {
      let count = 1 + next(5)
      var sentences: [String] = []
      for _ in 0..<count {
        var sentence = "The"
        for _ in 0..<(2 + next(6)) { sentence += " " + words[next(words.count)] }
        sentences.append(sentence + " works.")
      }
      let text = sentences.joined(separator: " ")
      let pieces = splitter.sentences(in: text)
      #expect(pieces == sentences, "seed state \(state)")
      #expect(pieces.joined(separator: " ") == text)
    }
  }
}
