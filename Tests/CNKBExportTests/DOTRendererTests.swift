import CNKBExport
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// Runs Graphviz `dot`, when it is installed, on DOT text the renderer produced.
enum Graphviz {
  /// `/usr/bin/dot`, else the first `dot` on PATH, else nil.
  static let dotPath: String? = {
    let folders =
      ["/usr/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return folders.map { $0 + "/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// What `dot -Tsvg` made of some DOT text fed on standard input.
  struct Run {
    var status: Int32
    var svg: String
    var stderr: String
  }

  static func svg(_ source: String) throws -> Run {
    let temp = try TemporaryDirectory("cnkb-dot")
    let input = try temp.write("graph.dot", source)
    let output = temp.url.appendingPathComponent("graph.svg")
    let errors = temp.url.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(dotPath))
    process.arguments = ["-Tsvg"]
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus,
      svg: String(decoding: try Data(contentsOf: output), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
  }
}

@Suite struct DOTRendererTests {
  /// Labels and ids written to break naive quoting: quotes, backslashes, line breaks, braces, brackets, pipes.
  private static let hostile: ConceptGraph = {
    let concepts = [
      ExportSamples.concept(
        #"Say "hi" \ to {braces} <angle> |pipe|"#, id: "say-hi", abbreviation: #"S"H"#, category: "spec"),
      ExportSamples.concept("line one\nline two\r\nline three\rline four", id: "lines", category: "protocol"),
      ExportSamples.concept(#"ends with a backslash \"#, id: #"odd"id\"#, category: "driver_or_mode"),
      ExportSamples.concept(#"\N and \G are not substituted"#, id: "escapes", category: "organization"),
      ExportSamples.concept("{record|like} <b>html</b> ;[x]", id: "{x|y}", category: nil),
      ExportSamples.concept("tab\there\u{0}nul", id: "controls", category: "project_or_product"),
    ]
    let relations = [
      ExportSamples.relation("say-hi", "implements", #"odd"id\"#, weight: 2),
      ExportSamples.relation(#"odd"id\"#, "related_to", "{x|y}", weight: 1),
      ExportSamples.relation("lines", "part_of", "say-hi", weight: 0.5),
      ExportSamples.relation("escapes", "custom type \"quoted\"", "controls", weight: 1),
    ]
    return ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1)
  }()

  /// The statement lines (`"a" [...]` or `"a" -> "b" [...]`) of the DOT text.
  private func line(startingWith prefix: String, in dot: String) throws -> String {
    try #require(
      dot.split(separator: "\n").map(String.init).first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) })
  }

  /// The attribute list of the edge from `source` to `target`.
  private func edgeAttributes(_ source: String, _ target: String, in dot: String) throws -> String {
    let statement = try line(startingWith: "\"\(source)\" -> \"\(target)\" [", in: dot)
    return String(statement.drop { $0 != "[" })
  }

  /// The node ids declared inside each cluster, keyed by the cluster's name.
  private func clusters(in dot: String) -> [String: [String]] {
    var result: [String: [String]] = [:]
    var current: String?
    for line in dot.split(separator: "\n").map(String.init) {
      if line.hasPrefix("  subgraph ") {
        current = line.dropFirst("  subgraph ".count).split(separator: " ").first.map(String.init)
        result[current ?? ""] = []
      } else if line == "  }" {
        current = nil
      } else if let cluster = current, line.hasPrefix("    \"") {
        let id = line.dropFirst(5).prefix { $0 != "\"" }
        result[cluster, default: []].append(String(id))
      }
    }
    return result
  }

  @Test func hostileLabelsAreEscapedForDoubleQuotedStrings() throws {
    let dot = DOTRenderer.render(Self.hostile, title: #"A "hostile" \ title"#)
    #expect(dot.hasPrefix(#"digraph "A \"hostile\" \\ title" {"#))
    #expect(dot.contains(#""say-hi" [label="Say \"hi\" \\ to {braces} <angle> |pipe|\nS\"H"];"#))
    #expect(dot.contains(#""lines" [label="line one\nline two\nline three\nline four"];"#))
    #expect(dot.contains(#""odd\"id\\" [label="ends with a backslash \\"];"#))
    #expect(dot.contains(#"[label="\\N and \\G are not substituted"]"#))
    #expect(dot.contains(#""controls" [label="tab here nul"];"#))
    #expect(dot.contains(#""say-hi" -> "odd\"id\\" [label="implements""#))
    #expect(!dot.contains("\r"))
    #expect(!dot.contains("\u{0}"))
    // No statement spills over a line: each line has balanced quotes once escapes are removed.
    for line in dot.split(separator: "\n") {
      let unescaped = line.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "")
      #expect(unescaped.filter { $0 == "\"" }.count % 2 == 0, "unbalanced quotes in: \(line)")
    }
  }

  @Test(.enabled(if: Graphviz.dotPath != nil, "Graphviz dot is not installed (/usr/bin/dot or on PATH): skipped"))
  func hostileLabelsRenderCleanlyWithGraphviz() throws {
    let run = try Graphviz.svg(DOTRenderer.render(Self.hostile, title: #"A "hostile" \ title"#))
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty, "dot complained: \(run.stderr)")
    // Exactly the declared nodes and edges: a broken id would have made dot invent extra nodes.
    #expect(run.svg.components(separatedBy: "class=\"node\"").count - 1 == Self.hostile.concepts.count)
    #expect(run.svg.components(separatedBy: "class=\"edge\"").count - 1 == Self.hostile.relations.count)
    // The text the reader sees is the label itself (SVG escapes XML specials).
    #expect(run.svg.contains(">Say &quot;hi&quot; \\ to {braces} &lt;angle&gt; |pipe|</text>"))
    #expect(run.svg.contains(">S&quot;H</text>"))
    for part in ["line one", "line two", "line three", "line four"] {
      #expect(run.svg.contains(">\(part)</text>"))
    }
    #expect(run.svg.contains(">ends with a backslash \\</text>"))
    #expect(run.svg.contains(">\\N and \\G are not substituted</text>"))
    #expect(run.svg.contains(">{record|like} &lt;b&gt;html&lt;/b&gt; ;[x]</text>"))
  }

  @Test(.enabled(if: Graphviz.dotPath != nil, "Graphviz dot is not installed (/usr/bin/dot or on PATH): skipped"))
  func sampleGraphAndNeighbourhoodRenderCleanlyWithGraphviz() throws {
    let whole = try Graphviz.svg(DOTRenderer.render(ExportSamples.graph))
    #expect(whole.status == 0)
    #expect(whole.stderr.isEmpty, "dot complained: \(whole.stderr)")
    #expect(whole.svg.contains("<title>cluster_spec</title>"))
    let source = try #require(
      DOTRenderer.render(neighbourhoodOf: ConceptID(rawValue: "calico"), in: ExportSamples.graph))
    let local = try Graphviz.svg(source)
    #expect(local.status == 0)
    #expect(local.stderr.isEmpty, "dot complained: \(local.stderr)")
  }

  @Test func conceptsAreClusteredByCategoryWithReadableLabels() throws {
    let dot = DOTRenderer.render(ExportSamples.graph)
    let found = clusters(in: dot)
    #expect(
      found == [
        "cluster_concept": ["iptables", "network-driver", "overlay-network"],
        "cluster_driver_or_mode": ["ipvlan", "macvlan"],
        "cluster_organization": ["cloud-native-computing-foundation", "coreos", "tigera"],
        "cluster_project_or_product": ["calico", "flannel"],
        "cluster_protocol": ["border-gateway-protocol", "virtual-extensible-lan"],
        "cluster_spec": ["container-network-interface"],
      ])
    // Clusters appear in sorted order, each with its caption.
    let headers = dot.split(separator: "\n").filter { $0.hasPrefix("  subgraph ") }
    #expect(headers == headers.sorted())
    for caption in [
      "Specifications", "Drivers and modes", "Protocols", "Projects and products", "Organizations", "Concepts",
    ] {
      #expect(dot.contains("    label=\"\(caption)\";"))
    }
    // A node carries its label, and its abbreviation on a second line.
    #expect(dot.contains(#""container-network-interface" [label="Container Network Interface\nCNI"];"#))
    #expect(dot.contains(#""calico" [label="Calico"];"#))
  }

  @Test func edgeStylesDependOnTheRelationType() throws {
    let types = [
      "is_a", "part_of", "implements", "proposed_by", "adopted_by", "uses", "supports", "provides",
      "alternative_to", "contrasts_with", "created_by", "runs_on", "related_to",
    ]
    let concepts = types.flatMap {
      [ExportSamples.concept("from \($0)", id: "from-\($0)"), ExportSamples.concept("to \($0)", id: "to-\($0)")]
    }
    let relations = types.map { ExportSamples.relation("from-\($0)", $0, "to-\($0)", weight: 1) }
    let dot = DOTRenderer.render(
      ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1))

    var looks: [String: String] = [:]
    for type in types {
      let attributes = try edgeAttributes("from-\(type)", "to-\(type)", in: dot)
      looks[type] = attributes.replacingOccurrences(of: #"penwidth=[0-9.]+"#, with: "", options: .regularExpression)
    }
    #expect(Set(looks.values).count == types.count, "two relation types look the same: \(looks)")
    #expect(looks["is_a"]?.contains("style=\"bold\"") == true)
    #expect(looks["part_of"]?.contains("style=\"dashed\"") == true)
    #expect(looks["alternative_to"]?.contains("style=\"dotted\"") == true)
    #expect(looks["contrasts_with"]?.contains("style=\"dotted\"") == true)
    let colour = { (type: String) in
      looks[type]?.components(separatedBy: ", ").first { $0.hasPrefix("color=") } ?? ""
    }
    let authorship = ["implements", "proposed_by", "created_by", "adopted_by"].map(colour)
    #expect(Set(authorship).count == 4, "implements, proposed_by, created_by and adopted_by share a colour")
    for type in types where type != "related_to" {
      #expect(looks[type]?.contains("label=\"\(type)\"") == true)
      #expect(looks[type]?.contains("dir=none") == false)
    }
    let coOccurrence = try #require(looks["related_to"])
    #expect(coOccurrence.contains("dir=none"))
    #expect(!coOccurrence.contains("label="))
  }

  @Test func penWidthGrowsWithWeightWithinAFixedRange() throws {
    let concepts = ["a", "b", "c", "d", "e"].map { ExportSamples.concept($0) }
    let relations = [
      ExportSamples.relation("a", "uses", "b", weight: 8),
      ExportSamples.relation("a", "uses", "c", weight: 2),
      ExportSamples.relation("a", "uses", "d", weight: .nan),
      ExportSamples.relation("a", "related_to", "e", weight: 100),
      ExportSamples.relation("b", "related_to", "c", weight: 50),
    ]
    let dot = DOTRenderer.render(
      ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1))
    #expect(try edgeAttributes("a", "b", in: dot).contains("penwidth=3.00"))
    #expect(try edgeAttributes("a", "c", in: dot).contains("penwidth=1.50"))
    #expect(try edgeAttributes("a", "d", in: dot).contains("penwidth=1.00"))
    #expect(try edgeAttributes("a", "e", in: dot).contains("penwidth=1.50"))
    #expect(try edgeAttributes("b", "c", in: dot).contains("penwidth=1.00"))
  }

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    let expected = DOTRenderer.render(ExportSamples.graph)
    #expect(expected.hasSuffix("}\n"))
    for seed in UInt64(1)...12 {
      let shuffled = ExportSamples.reordered(ExportSamples.graph, seed: seed)
      #expect(DOTRenderer.render(shuffled) == expected, "seed \(seed)")
    }
    var reversed = ExportSamples.graph
    reversed.concepts.reverse()
    reversed.relations.reverse()
    #expect(DOTRenderer.render(reversed) == expected)
    // Edges are listed by source, then target, then type.
    let edges = expected.split(separator: "\n").filter { $0.contains(" -> ") }.map(String.init)
    #expect(edges.count == ExportSamples.relations.count)
    #expect(edges.first?.hasPrefix(#"  "calico" -> "border-gateway-protocol""#) == true)
    #expect(edges.last?.hasPrefix(#"  "macvlan" -> "overlay-network""#) == true)
  }

  @Test func relationsToUnknownConceptsAreLeftOut() {
    var graph = ExportSamples.graph
    graph.relations.append(ExportSamples.relation("calico", "uses", "ebpf", weight: 1))
    let dot = DOTRenderer.render(graph)
    #expect(!dot.contains("\"ebpf\""))
    #expect(dot == DOTRenderer.render(ExportSamples.graph))
  }

  @Test func neighbourhoodFollowsRelationsBothWaysUpToTheDepth() throws {
    let graph = ExportSamples.graph
    let centre = ConceptID(rawValue: "container-network-interface")
    let oneHop = try #require(DOTRenderer.neighbourhood(of: centre, in: graph, depth: 1))
    #expect(
      oneHop.concepts.map(\.id.rawValue) == [
        "calico", "cloud-native-computing-foundation", "container-network-interface", "coreos", "flannel", "macvlan",
      ])
    // Relations between kept neighbours stay (Calico–Flannel); ones leaving the set go.
    #expect(oneHop.relations.contains { $0.source.rawValue == "calico" && $0.target.rawValue == "flannel" })
    #expect(!oneHop.relations.contains { $0.target.rawValue == "border-gateway-protocol" })
    #expect(oneHop.invariantViolations().isEmpty)

    let twoHops = try #require(DOTRenderer.neighbourhood(of: centre, in: graph, depth: 2))
    let twoHopIDs = Set(twoHops.concepts.map(\.id.rawValue))
    #expect(twoHopIDs.isSuperset(of: ["border-gateway-protocol", "tigera", "virtual-extensible-lan", "ipvlan"]))
    #expect(!twoHopIDs.contains("iptables"))
    #expect(twoHopIDs.count == 13 - 1)

    let alone = try #require(DOTRenderer.neighbourhood(of: centre, in: graph, depth: 0))
    #expect(alone.concepts.map(\.id) == [centre])
    #expect(alone.relations.isEmpty)
    #expect(DOTRenderer.neighbourhood(of: ConceptID(rawValue: "no-such-concept"), in: graph) == nil)
  }

  /// Among co-occurrences, a diagram keeps a concept of standing before a heavier phrase written once and never
  /// defined, as `related` and "See also" do.
  @Test func neighbourhoodPrefersConceptsOfStandingAmongCoOccurrences() throws {
    var graph = ExportSamples.graph
    var once = ExportSamples.concept("credit card processing")
    once.origin = .discovered
    once.mentionCount = 1
    graph.concepts.append(once)
    graph.relations += [
      ExportSamples.relation("credit-card-processing", "related_to", "iptables", weight: 0.9),
      ExportSamples.relation("overlay-network", "related_to", "iptables", weight: 0.2),
    ]
    let iptables = ConceptID(rawValue: "iptables")
    let two = try #require(DOTRenderer.neighbourhood(of: iptables, in: graph, maxNodes: 2))
    #expect(two.concepts.map(\.id.rawValue) == ["iptables", "overlay-network"])
    let three = try #require(DOTRenderer.neighbourhood(of: iptables, in: graph, maxNodes: 3))
    #expect(three.concepts.map(\.id.rawValue) == ["credit-card-processing", "iptables", "overlay-network"])
  }

  @Test func neighbourhoodKeepsTheStrongestNeighboursUpToMaxNodes() throws {
    let graph = ExportSamples.graph
    let calico = ConceptID(rawValue: "calico")
    // Calico's neighbours: typed relations first, by weight (CNI 3, BGP 2.5, Tigera 1), then the co-occurrence
    // with Flannel, heavier (4) but untyped, as `related` ranks them.
    let three = try #require(DOTRenderer.neighbourhood(of: calico, in: graph, maxNodes: 3))
    #expect(three.concepts.map(\.id.rawValue) == ["border-gateway-protocol", "calico", "container-network-interface"])
    #expect(
      three.relations.map { "\($0.source) \($0.type) \($0.target)" } == [
        "calico uses border-gateway-protocol", "calico implements container-network-interface",
      ])
    let five = try #require(DOTRenderer.neighbourhood(of: calico, in: graph, maxNodes: 5))
    #expect(five.concepts.map(\.id.rawValue).contains("flannel"))
    let one = try #require(DOTRenderer.neighbourhood(of: calico, in: graph, maxNodes: 1))
    #expect(one.concepts.map(\.id) == [calico])
    let none = try #require(DOTRenderer.neighbourhood(of: calico, in: graph, maxNodes: 0))
    #expect(none.concepts.map(\.id) == [calico])

    // Nearer concepts are kept before farther ones, however heavy the farther edges are.
    let nearFirst = try #require(DOTRenderer.neighbourhood(of: calico, in: graph, depth: 2, maxNodes: 5))
    #expect(
      nearFirst.concepts.map(\.id.rawValue) == [
        "border-gateway-protocol", "calico", "container-network-interface", "flannel", "tigera",
      ])
  }

  @Test func neighbourhoodBreaksWeightTiesByScoreThenID() throws {
    let concepts = [
      ExportSamples.concept("hub", score: 1), ExportSamples.concept("low", score: 0.1),
      ExportSamples.concept("high", score: 0.9), ExportSamples.concept("alpha", score: 0.5),
      ExportSamples.concept("beta", score: 0.5),
    ]
    let relations = ["low", "high", "alpha", "beta"].map { ExportSamples.relation("hub", "uses", $0, weight: 1) }
    let graph = ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1)
    let kept = try #require(DOTRenderer.neighbourhood(of: ConceptID(rawValue: "hub"), in: graph, maxNodes: 3))
    #expect(kept.concepts.map(\.id.rawValue) == ["alpha", "high", "hub"])
  }

  @Test func neighbourhoodRenderingHighlightsTheCentre() throws {
    let dot = try #require(DOTRenderer.render(neighbourhoodOf: ConceptID(rawValue: "calico"), in: ExportSamples.graph))
    let centre = try line(startingWith: "\"calico\" [", in: dot)
    #expect(centre.contains("filled"))
    #expect(centre.contains("fillcolor="))
    #expect(dot.components(separatedBy: "fillcolor=").count == 2, "only the centre is filled")
    #expect(dot.contains("\"tigera\" [label=\"Tigera\"];"))
    #expect(!dot.contains("\"macvlan\""))
    #expect(DOTRenderer.render(neighbourhoodOf: ConceptID(rawValue: "nothing"), in: ExportSamples.graph) == nil)
  }
}
