import CNKBModel

/// Builds `Document` values by hand, with offsets computed the way the pipeline computes them.
enum SampleDocuments {
  /// One block to build: its role and its sentences (joined by a space to make the block's text).
  struct BlockSpec {
    var kind: BlockKind
    var level: Int?
    var element: String
    var sentences: [String]
    var marks: [InlineMark]

    static func heading(_ text: String, level: Int = 1) -> BlockSpec {
      BlockSpec(kind: .heading, level: level, element: "h\(level)", sentences: [text], marks: [])
    }

    static func paragraph(_ sentences: String..., marks: [InlineMark] = []) -> BlockSpec {
      BlockSpec(kind: .paragraph, level: nil, element: "p", sentences: sentences, marks: marks)
    }

    static func item(_ text: String, depth: Int = 1) -> BlockSpec {
      BlockSpec(kind: .listItem, level: depth, element: "li", sentences: [text], marks: [])
    }
  }

  /// A document whose text, block starts and sentence offsets (in Unicode scalars) are consistent.
  static func make(
    source: String, origin: String = "posts/feed.xml", title: String? = "A post", date: String? = "2024-03-01",
    format: DocumentFormat = .atom, hash: String = "hash-1", warnings: [String] = [], blocks specs: [BlockSpec]
  ) -> Document {
    var text = ""
    var offset = 0
    var blocks: [PlacedBlock] = []
    var sentences: [Sentence] = []
    for (index, spec) in specs.enumerated() {
      if index > 0 {
        text += "\n\n"
        offset += 2
      }
      let blockStart = offset
      var blockText = ""
      for (position, sentence) in spec.sentences.enumerated() {
        if position > 0 { blockText += " " }
        let start = blockStart + blockText.unicodeScalars.count
        blockText += sentence
        sentences.append(
          Sentence(block: index, start: start, end: start + sentence.unicodeScalars.count, text: sentence))
      }
      blocks.append(
        PlacedBlock(
          block: TextBlock(
            kind: spec.kind, level: spec.level, text: blockText, marks: spec.marks, element: spec.element),
          start: blockStart))
      text += blockText
      offset += blockText.unicodeScalars.count
    }
    return Document(
      source: source, origin: origin, title: title, date: date, format: format, contentHash: hash, text: text,
      blocks: blocks, sentences: sentences, warnings: warnings)
  }

  /// A post comparing two Linux network drivers, with marks, a list and non-ASCII text.
  static func ipvlanPost(hash: String = "hash-ipvlan") -> Document {
    make(
      source: "https://blog.example.net/2024/ipvlan-or-macvlan", title: "IPvlan or macvlan?", hash: hash,
      warnings: ["an entity could not be decoded"],
      blocks: [
        .heading("Choosing between IPvlan and macvlan"),
        .paragraph(
          "Both drivers hang containers directly off a parent interface.",
          "With macvlan every container gets its own MAC address, which some switches refuse.",
          marks: [
            InlineMark(kind: .emphasis, start: 0, end: 4),
            InlineMark(kind: .link, start: 67, end: 74, attribute: "https://blog.example.net/macvlan"),
          ]),
        .paragraph(
          "IPvlan shares the parent's MAC address, so the switch sees a single station.",
          marks: [InlineMark(kind: .abbreviation, start: 27, end: 30, attribute: "media access control")]),
        .item("L2 mode bridges containers on one subnet."),
        .item("L3 mode routes between them — no broadcast traffic crosses.", depth: 2),
      ])
  }

  /// A post about Kubernetes service routing, with hyphenated and dotted terms.
  static func kubeProxyPost(hash: String = "hash-kube") -> Document {
    make(
      source: "https://notes.example.org/kube-proxy-modes", origin: "notes/kube.html", title: "How kube-proxy routes",
      date: nil, format: .html, hash: hash,
      blocks: [
        .heading("kube-proxy modes", level: 2),
        .paragraph(
          "The kube-proxy daemon programs iptables or IPVS rules on every node.",
          "Trunk ports carry 802.1Q tags so several VLANs share one cable."),
        .paragraph("Overlay networks wrap each frame in UDP before it leaves the host."),
      ])
  }
}
