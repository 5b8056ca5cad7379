import CNKBExport
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// Graphs that the data-export tests share: labels and text written to break every format, and a big graph.
enum HostileExportSamples {
  /// The label meant to inject a script element.
  static let scriptLabel = "<script>alert(1)</script>"
  /// The label meant to close a quoted Mermaid or DOT label and start a statement of its own.
  static let pwnedLabel = #""]; x [label="pwned"#
  /// The definition of the `pwned` concept: markup, ampersands and both kinds of quote.
  static let pwnedDefinition = #"It ends a </script> block & writes "quotes" & 'apostrophes' <b>bold</b>."#

  /// Concepts whose labels, ids, abbreviations and aliases try to break the exports.
  static let concepts: [Concept] = [
    ExportSamples.concept(
      scriptLabel, id: "script", abbreviation: "<b>", aliases: ["<img src=x onerror=alert(1)>", "a|b"],
      category: "spec", score: 0.9, definition: "A <script> is closed by </script> & nothing else."),
    ExportSamples.concept(
      pwnedLabel, id: "pwned", abbreviation: "PWN", aliases: [#"x"];"#], category: "protocol", score: 0.8,
      definition: pwnedDefinition, document: "notes/a \"quoted\" <path> & more.md"),
    ExportSamples.concept(
      "line one\nline two\r\ntab\there\u{0}nul\u{7}bell", id: "lines", abbreviation: "L\nN",
      category: "driver_or_mode", score: 0.7, description: "Described\non two lines."),
    ExportSamples.concept(
      "C#quot; %% end graph #35; -->", id: "end", abbreviation: "E]ND", category: "organization", score: 0.6),
    ExportSamples.concept(
      #"802.1Q (VLAN tagging) {x} |y| `z` :; \ back"#, id: "802-1q", abbreviation: "Dot1Q",
      category: "project_or_product", score: 0.5),
    ExportSamples.concept("a dash b", id: "a-b", score: 0.4),
    ExportSamples.concept("a underscore b", id: "a_b", score: 0.4),
    ExportSamples.concept("Écluse ﬂow ¶ß", id: "écluse", abbreviation: "ÉC", category: "concept", score: 0.3),
    ExportSamples.concept(
      "Hostile [draft]\nexpansion", id: "hostile", abbreviation: "HOST", category: "widget", score: 0.2),
  ]

  /// Relations between them: parallel edges of different types, an odd type name, both directions.
  static let relations: [Relation] = [
    ExportSamples.relation("pwned", "uses", "script", weight: 2),
    ExportSamples.relation("pwned", "implements", "script", weight: 1.5),
    ExportSamples.relation("pwned", "related_to", "script", weight: 3),
    ExportSamples.relation("script", "part_of", "pwned", weight: 0.5),
    ExportSamples.relation("lines", "custom \"type\" <b>|x|", "end", weight: 1),
    ExportSamples.relation("802-1q", "is_a", "a-b", weight: 1),
    ExportSamples.relation("a-b", "related_to", "a_b", weight: 0.25),
    ExportSamples.relation("écluse", "runs_on", "hostile", weight: 1),
    ExportSamples.relation("end", "supports", "écluse", weight: 1),
  ]

  /// The hostile graph.
  static var graph: ConceptGraph {
    ConceptGraph(concepts: concepts, relations: relations, documentCount: 2, sentenceCount: 9)
  }

  /// 100 concepts and 2,000 relations: every fifth one typed, the rest co-occurrence, weights spread out.
  static var large: ConceptGraph {
    let types = ["is_a", "part_of", "implements", "uses", "supports", "provides", "alternative_to", "runs_on"]
    let concepts = (0..<100).map { index in
      ExportSamples.concept(
        "Concept number \(index) with a longish label", id: name(index), score: Double((index * 53) % 100) / 100)
    }
    let relations = (0..<2_000).map { index in
      let source = index % 100
      let target = (source + 1 + index / 100) % 100
      let type = index % 5 == 0 ? types[(index / 5) % types.count] : "related_to"
      return ExportSamples.relation(name(source), type, name(target), weight: Double((index * 37) % 101) / 10)
    }
    return ConceptGraph(concepts: concepts, relations: relations, documentCount: 10, sentenceCount: 100)
  }

  /// The id of concept `index` of the large graph.
  static func name(_ index: Int) -> String {
    "c" + String(repeating: "0", count: index < 10 ? 2 : index < 100 ? 1 : 0) + "\(index)"
  }
}

/// What a Mermaid chart contains, as read back by ``MermaidGrammar``.
struct MermaidChart {
  /// Node ids with their label text (entity codes decoded) and class, in declaration order.
  var nodes: [(id: String, label: String, className: String)] = []
  /// Edges: source, target and label (nil for co-occurrence lines).
  var edges: [(source: String, target: String, label: String?)] = []
  /// `%%` comment lines, without the marker.
  var comments: [String] = []
  /// Classes with a `classDef`.
  var classes: Set<String> = []
}

/// The subset of Mermaid's flowchart syntax that the renderer emits, checked line by line.
enum MermaidGrammar {
  /// The text allowed inside a double-quoted label: no quote, and `#` only to start an entity code.
  private static let quoted = ##"(?:[^"#<>&\[\]{}()|`\\:;\n]|#quot;|#[0-9]+;)*"##

  /// Every line of `chart` read against the grammar; a failed expectation names the offending line.
  static func parse(_ chart: String) throws -> MermaidChart {
    let node = try Regex(#"  (n_[A-Za-z0-9_]+)\[""# + "(\(quoted))" + #""\]:::([a-z_]+)"#)
    let typed = try Regex(
      #"  (n_[A-Za-z0-9_]+) -->\|([A-Za-z][A-Za-z0-9_]*|""# + quoted + #"")\| (n_[A-Za-z0-9_]+)"#)
    let coOccurrence = try Regex(#"  (n_[A-Za-z0-9_]+) -\.- (n_[A-Za-z0-9_]+)"#)
    let comment = try Regex(#"%% ([^\n{][^\n]*)"#)
    let classDef = try Regex(#"  classDef ([a-z_]+) [a-z-]+:[#0-9a-z]+(?:,[a-z-]+:[#0-9a-z]+)*"#)

    #expect(chart.hasSuffix("\n"))
    #expect(!chart.hasSuffix("\n\n"))
    var lines = chart.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    #expect(lines.first == "graph LR")
    var result = MermaidChart()
    for line in lines.dropFirst() {
      if let match = try node.wholeMatch(in: line) {
        let id = String(match.output[1].substring ?? "")
        let label = decoded(String(match.output[2].substring ?? ""))
        result.nodes.append((id, label, String(match.output[3].substring ?? "")))
      } else if let match = try typed.wholeMatch(in: line) {
        var label = String(match.output[2].substring ?? "")
        if label.hasPrefix("\"") { label = decoded(String(label.dropFirst().dropLast())) }
        result.edges.append(
          (String(match.output[1].substring ?? ""), String(match.output[3].substring ?? ""), label))
      } else if let match = try coOccurrence.wholeMatch(in: line) {
        result.edges.append(
          (String(match.output[1].substring ?? ""), String(match.output[2].substring ?? ""), nil))
      } else if let match = try comment.wholeMatch(in: line) {
        result.comments.append(String(match.output[1].substring ?? ""))
      } else if let match = try classDef.wholeMatch(in: line) {
        result.classes.insert(String(match.output[1].substring ?? ""))
      } else {
        Issue.record("line outside the flowchart grammar: \(line)")
      }
    }
    let declared = result.nodes.map(\.id)
    #expect(Set(declared).count == declared.count, "a node is declared twice")
    for edge in result.edges {
      #expect(declared.contains(edge.source), "edge from undeclared node \(edge.source)")
      #expect(declared.contains(edge.target), "edge to undeclared node \(edge.target)")
    }
    for className in Set(result.nodes.map(\.className)) {
      #expect(result.classes.contains(className), "class \(className) has no classDef")
    }
    return result
  }

  /// Label text with Mermaid's entity codes turned back into characters.
  static func decoded(_ text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let hash = rest.firstIndex(of: "#") {
      result += rest[..<hash]
      let afterHash = rest[rest.index(after: hash)...]
      guard let semicolon = afterHash.firstIndex(of: ";") else { break }
      let code = String(afterHash[..<semicolon])
      if code == "quot" {
        result += "\""
      } else if let value = UInt32(code), let scalar = Unicode.Scalar(value) {
        result.unicodeScalars.append(scalar)
      } else {
        result += "#" + code + ";"
      }
      rest = afterHash[afterHash.index(after: semicolon)...]
    }
    return result + rest
  }
}

/// Runs real Mermaid (mermaid.js inside the `mermaidx` Python package) over charts.
enum RealMermaid {
  /// Whether python3 can import `mermaidx`, after trying `pip install mermaidx` when it cannot.
  static let available: Bool = PythonConsumer.hasModule("mermaidx", installing: "mermaidx")

  /// What Mermaid made of one chart.
  struct Rendering: Decodable {
    var ok: Bool
    var error: String?
    var nodes: [String]?
    var edges: Int?
    var labels: [String]?
    var edgeLabels: [String]?
    var script: Bool?
  }

  /// Renders every chart to SVG and reads back node ids, edge count, label texts and whether `<script` appears.
  private static let script = #"""
    import html, json, re, sys
    import mermaidx

    def texts(svg, cls):
        found = re.findall(r'<span[^>]*? class="' + cls + r'"[^>]*>(.*?)</span>', svg, re.S)
        return [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in found]

    results = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        try:
            svg = mermaidx.render(source).svg()
        except Exception as error:
            results.append({"ok": False, "error": str(error)[:2000]})
            continue
        nodes = re.findall(r'<g class="node[ "][^"]*" id="[^"]*?flowchart-(n_[A-Za-z0-9_]+)-[0-9]+"', svg)
        results.append({
            "ok": True,
            "nodes": nodes,
            "edges": len(re.findall(r'<path[^>]*data-edge="true"', svg)),
            "labels": texts(svg, "nodeLabel"),
            "edgeLabels": [text for text in texts(svg, "edgeLabel") if text],
            "script": "<script" in svg.lower(),
        })
    print(json.dumps(results))
    """#

  /// Mermaid's reading of each chart, in order.
  static func render(_ charts: [String]) throws -> [Rendering] {
    let folder = try TemporaryDirectory("cnkb-mermaid")
    let paths = try charts.enumerated().map { try folder.write("chart\($0.offset).mmd", $0.element) }
    let run = try PythonConsumer.run(script, arguments: paths)
    #expect(run.status == 0, "mermaidx failed: \(run.stderr)")
    return try JSONDecoder().decode([Rendering].self, from: Data(run.stdout.utf8))
  }
}

@Suite struct MermaidRendererTests {
  @Test func sampleGraphFollowsTheFlowchartGrammar() throws {
    let chart = MermaidRenderer.render(ExportSamples.graph)
    let parsed = try MermaidGrammar.parse(chart)
    #expect(parsed.comments.isEmpty, "nothing was trimmed, so there is no notice")
    #expect(parsed.nodes.count == ExportSamples.concepts.count)
    #expect(parsed.edges.count == ExportSamples.relations.count)
    #expect(chart.contains("  n_container_network_interface[\"Container Network Interface #40;CNI#41;\"]:::spec\n"))
    #expect(chart.contains("  n_calico -->|implements| n_container_network_interface\n"))
    #expect(chart.contains("  n_calico -.- n_flannel\n"))
    #expect(chart.contains("  n_iptables[\"iptables\"]:::concept\n"), "unknown categories fall back to concept")
    #expect(
      Set(parsed.nodes.map(\.className))
        == ["spec", "project_or_product", "driver_or_mode", "protocol", "organization", "concept"])
    // Typed relations carry their type; co-occurrence carries none.
    let labels = parsed.edges.map(\.label)
    #expect(labels.filter { $0 == nil }.count == 2)
    #expect(labels.contains("proposed_by"))
    #expect(!labels.contains("related_to"))
  }

  @Test func hostileLabelsCannotBreakTheChart() throws {
    let chart = MermaidRenderer.render(HostileExportSamples.graph)
    let parsed = try MermaidGrammar.parse(chart)
    #expect(!chart.contains("<script"))
    #expect(!chart.contains("<"))
    #expect(!chart.contains("\r"))
    #expect(!chart.contains("\u{0}"))
    // Every line has its quotes balanced: a label's own quotes never reach the chart unescaped.
    for line in chart.split(separator: "\n") {
      #expect(line.filter { $0 == "\"" }.count % 2 == 0, "unbalanced quotes in: \(line)")
    }
    let labels = Dictionary(uniqueKeysWithValues: parsed.nodes.map { ($0.id, $0.label) })
    #expect(labels["n_script"] == HostileExportSamples.scriptLabel + " (<b>)")
    #expect(labels["n_pwned"] == HostileExportSamples.pwnedLabel + " (PWN)")
    #expect(labels["n_lines"] == "line one line two tab here nul bell (L N)")
    #expect(labels["n_end"] == "C#quot; %% end graph #35; --> (E]ND)")
    #expect(labels["n_802_1q"] == #"802.1Q (VLAN tagging) {x} |y| `z` :; \ back (Dot1Q)"#)
    #expect(labels["n_ue9cluse"] == "Écluse flow ¶\u{200B}ß (ÉC)")
    #expect(labels["n_hostile"] == "Hostile [draft] expansion (HOST)")
    #expect(parsed.edges.contains { $0.label == #"custom "type" <b>|x|"# })
    // The colliding ids `a-b` and `a_b` stay apart.
    #expect(labels["n_a_b"] == "a dash b")
    #expect(labels["n_a_b_2"] == "a underscore b")
  }

  @Test func nodeIDsAreSafeAndUnique() throws {
    let ids = ["end", "1st", "o-ring", "x", "graph", "a-b", "a_b", "a--b", "n_a_b", "ünï", "class"]
    let concepts = ids.map { ExportSamples.concept($0, id: $0) }
    let chart = MermaidRenderer.render(ConceptGraph(concepts: concepts, documentCount: 1, sentenceCount: 1))
    let parsed = try MermaidGrammar.parse(chart)
    let names = parsed.nodes.map(\.id)
    #expect(Set(names).count == ids.count)
    #expect(names.allSatisfy { $0.hasPrefix("n_") })
    let byLabel = Dictionary(uniqueKeysWithValues: parsed.nodes.map { ($0.label, $0.id) })
    #expect(byLabel["end"] == "n_end")
    #expect(byLabel["1st"] == "n_1st")
    #expect(byLabel["ünï"] == "n_ufcnuef")
    // `a-b` and `a_b` both rewrite to `n_a_b`; the first in id order keeps it, the next gets a suffix that no
    // other id rewrites to (`n_a_b_2`), and the id `n_a_b` itself becomes `n_n_a_b`.
    #expect(byLabel["a-b"] == "n_a_b")
    #expect(byLabel["a_b"] == "n_a_b_2")
    #expect(byLabel["a--b"] == "n_a__b")
    #expect(byLabel["n_a_b"] == "n_n_a_b")
  }

  @Test func largeGraphsAreTrimmedToTheStrongestRelationsWithinBothLimits() throws {
    let graph = HostileExportSamples.large
    let chart = MermaidRenderer.render(graph)
    #expect(chart.utf16.count <= 50_000)
    let parsed = try MermaidGrammar.parse(chart)
    #expect(parsed.edges.count == 500)
    let notice = try #require(parsed.comments.first)
    #expect(notice.hasPrefix("showing 500 of 2000 relations and 100 of 100 concepts"), "notice: \(notice)")
    #expect(chart.hasPrefix("graph LR\n%% showing 500 of 2000 relations"))

    // All 400 typed relations are kept, and the 100 co-occurrences kept are the heaviest ones.
    #expect(parsed.edges.filter { $0.label != nil }.count == 400)
    var weights: [String: Double] = [:]
    for relation in graph.relations where relation.type == "related_to" {
      weights["n_\(relation.source) n_\(relation.target)"] = relation.weight
    }
    let kept = Set(parsed.edges.filter { $0.label == nil }.map { "\($0.source) \($0.target)" })
    #expect(kept.count == 100)
    let keptLightest = kept.compactMap { weights[$0] }.min() ?? 0
    let droppedHeaviest = weights.filter { !kept.contains($0.key) }.map(\.value).max() ?? 0
    #expect(keptLightest >= droppedHeaviest)
  }

  @Test func theCharacterLimitHoldsAndKeepsTheStrongestFirst() throws {
    let graph = HostileExportSamples.large
    for limit in [1_500, 4_000, 12_345] {
      let chart = MermaidRenderer.render(graph, maximumCharacters: limit)
      #expect(chart.utf16.count <= limit, "limit \(limit)")
      #expect(chart.count <= limit, "limit \(limit)")
      let parsed = try MermaidGrammar.parse(chart)
      let notice = try #require(parsed.comments.first)
      #expect(notice.hasPrefix("showing \(parsed.edges.count) of 2000 relations and \(parsed.nodes.count) of 100"))
      #expect(!parsed.edges.isEmpty)
      // Typed relations come first: no co-occurrence is kept while a typed relation is dropped.
      #expect(parsed.edges.filter { $0.label == nil }.isEmpty || parsed.edges.filter { $0.label != nil }.count == 400)
    }
    // A tiny edge limit keeps the heaviest typed relations.
    let three = try MermaidGrammar.parse(MermaidRenderer.render(graph, maximumEdges: 3))
    #expect(three.edges.count == 3)
    #expect(three.edges.allSatisfy { $0.label != nil })
    // With room for no relation at all, concepts are still listed by score.
    let none = try MermaidGrammar.parse(MermaidRenderer.render(graph, maximumEdges: 0))
    #expect(none.edges.isEmpty)
    #expect(none.nodes.count == 100)
  }

  @Test func neighbourhoodChartHighlightsItsCentre() throws {
    let chart = try #require(
      MermaidRenderer.render(neighbourhoodOf: ConceptID(rawValue: "calico"), in: ExportSamples.graph))
    let parsed = try MermaidGrammar.parse(chart)
    #expect(parsed.nodes.filter { $0.className == "centre" }.map(\.id) == ["n_calico"])
    #expect(parsed.nodes.contains { $0.id == "n_tigera" })
    #expect(!parsed.nodes.contains { $0.id == "n_macvlan" })
    #expect(parsed.classes.contains("centre"))
    #expect(MermaidRenderer.render(neighbourhoodOf: ConceptID(rawValue: "nothing"), in: ExportSamples.graph) == nil)
  }

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    for graph in [ExportSamples.graph, HostileExportSamples.graph, HostileExportSamples.large] {
      let expected = MermaidRenderer.render(graph, maximumEdges: 120, maximumCharacters: 9_000)
      let whole = MermaidRenderer.render(graph)
      for seed in UInt64(1)...6 {
        let shuffled = ExportSamples.reordered(graph, seed: seed)
        #expect(MermaidRenderer.render(shuffled, maximumEdges: 120, maximumCharacters: 9_000) == expected)
        #expect(MermaidRenderer.render(shuffled) == whole, "seed \(seed)")
      }
    }
  }

  @Test(.enabled(if: RealMermaid.available, "python3 cannot import mermaidx (pip install mermaidx failed): skipped"))
  func realMermaidParsesAndRendersEveryChart() throws {
    let charts = [
      MermaidRenderer.render(ExportSamples.graph),
      MermaidRenderer.render(HostileExportSamples.graph),
      MermaidRenderer.render(HostileExportSamples.large, maximumEdges: 60),
      try #require(MermaidRenderer.render(neighbourhoodOf: ConceptID(rawValue: "calico"), in: ExportSamples.graph)),
    ]
    let results = try RealMermaid.render(charts)
    try #require(results.count == charts.count)
    for (chart, result) in zip(charts, results) {
      #expect(result.ok, "Mermaid rejected the chart: \(result.error ?? "")\n\(chart)")
      let parsed = try MermaidGrammar.parse(chart)
      #expect(result.nodes.map(Set.init) == Set(parsed.nodes.map(\.id)))
      #expect(result.edges == parsed.edges.count)
      #expect(result.script == false)
    }
    // What the reader sees is the label itself, hostile characters and all.
    let hostile = try #require(results.dropFirst().first?.labels)
    #expect(hostile.contains(HostileExportSamples.scriptLabel + " (<b>)"))
    #expect(hostile.contains(HostileExportSamples.pwnedLabel + " (PWN)"))
    #expect(hostile.contains("C#quot; %% end graph #35; --> (E]ND)"))
    #expect(hostile.contains(#"802.1Q (VLAN tagging) {x} |y| `z` :; \ back (Dot1Q)"#))
    #expect(hostile.contains("Écluse flow ¶\u{200B}ß (ÉC)"))
    #expect(results.dropFirst().first?.edgeLabels?.contains(#"custom "type" <b>|x|"#) == true)
  }

  @Test(.enabled(if: RealMermaid.available, "python3 cannot import mermaidx (pip install mermaidx failed): skipped"))
  func realMermaidAcceptsATrimmedChartRightUpToItsTextSizeLimit() throws {
    // Long labels full of satellites (two UTF-16 units each): the 50,000-unit text limit binds long before the
    // edge limit, and only counting as Mermaid counts (UTF-16) keeps the chart under Mermaid's `maxTextSize`;
    // above it Mermaid draws "Maximum text size in diagram exceeded" instead of the chart.
    let concepts = (0..<150).map { index in
      ExportSamples.concept(
        String(repeating: "🛰 uplink \(index) ", count: 30), id: HostileExportSamples.name(index),
        score: Double(index) / 150)
    }
    let relations = (0..<300).map { index in
      ExportSamples.relation(
        HostileExportSamples.name(index % 150), "uses", HostileExportSamples.name((index * 7 + 1) % 150),
        weight: Double(index % 17))
    }
    let graph = ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1)
    let chart = MermaidRenderer.render(graph)
    #expect(chart.utf16.count <= 50_000)
    #expect(chart.utf16.count > 49_000, "the chart should come close to the limit")
    let parsed = try MermaidGrammar.parse(chart)
    #expect(parsed.comments.first?.hasPrefix("showing ") == true)
    let result = try #require(try RealMermaid.render([chart]).first)
    #expect(result.ok, "Mermaid rejected the chart: \(result.error ?? "")")
    #expect(result.nodes.map(Set.init) == Set(parsed.nodes.map(\.id)))
    #expect(result.edges == parsed.edges.count)
  }
}
