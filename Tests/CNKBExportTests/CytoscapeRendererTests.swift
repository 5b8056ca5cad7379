import CNKBExport
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

@Suite struct CytoscapeRendererTests {
  /// The document as Cytoscape.js would be handed it.
  private struct Document: Decodable {
    var directed: Bool
    var multigraph: Bool
    var data: [String: Scalar]
    var elements: Elements
  }

  /// The node and edge lists.
  private struct Elements: Decodable {
    var nodes: [Element]
    var edges: [Element]
  }

  /// One element: its data object, and no other key.
  private struct Element: Decodable {
    var data: [String: Scalar]
  }

  /// A JSON value inside an element's data.
  private enum Scalar: Decodable, Equatable {
    case text(String)
    case number(Double)
    case list([String])

    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let text = try? container.decode(String.self) {
        self = .text(text)
      } else if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else {
        self = .list(try container.decode([String].self))
      }
    }

    var text: String? {
      if case .text(let value) = self { return value }
      return nil
    }

    var number: Double? {
      if case .number(let value) = self { return value }
      return nil
    }
  }

  private func decode(_ json: String) throws -> Document {
    try JSONDecoder().decode(Document.self, from: Data(json.utf8))
  }

  /// Checks what Cytoscape.js requires of elements: string ids unique across nodes and edges, edges that name
  /// existing nodes, and a `data` object as each element's only key.
  private static let cytoscapeChecker = #"""
    import json, sys

    with open(sys.argv[1], encoding="utf-8") as handle:
        document = json.load(handle)
    elements = document["elements"]
    problems = []
    ids = []
    for group in ("nodes", "edges"):
        for element in elements[group]:
            if set(element) != {"data"}:
                problems.append("element with keys %s" % sorted(element))
            if not isinstance(element["data"].get("id"), str) or not element["data"]["id"]:
                problems.append("element without a string id")
            ids.append(element["data"]["id"])
    if len(ids) != len(set(ids)):
        problems.append("ids repeat")
    nodes = {element["data"]["id"] for element in elements["nodes"]}
    for edge in elements["edges"]:
        if edge["data"]["source"] not in nodes or edge["data"]["target"] not in nodes:
            problems.append("edge %s names an unknown node" % edge["data"]["id"])
    labels = {element["data"]["id"]: element["data"].get("label") for element in elements["nodes"]}
    print(json.dumps({"nodes": len(elements["nodes"]), "edges": len(elements["edges"]), "problems": problems,
                      "labels": labels}))
    """#

  /// What the Python check reported.
  private struct Checked: Decodable {
    var nodes: Int
    var edges: Int
    var problems: [String]
    var labels: [String: String]
  }

  private func checkWithPython(_ json: String) throws -> Checked {
    let folder = try TemporaryDirectory("cnkb-cytoscape")
    let run = try PythonConsumer.run(Self.cytoscapeChecker, arguments: [try folder.write("graph.json", json)])
    #expect(run.status == 0, "python could not read the JSON: \(run.stderr)")
    return try JSONDecoder().decode(Checked.self, from: Data(run.stdout.utf8))
  }

  @Test func sampleGraphHasTheElementsCytoscapeExpects() throws {
    let json = CytoscapeRenderer.render(ExportSamples.graph)
    #expect(json.hasSuffix("}\n"))
    let document = try decode(json)
    #expect(document.directed)
    #expect(document.multigraph)
    #expect(document.data["documentCount"]?.number == 3)
    #expect(document.elements.nodes.count == ExportSamples.concepts.count)
    #expect(document.elements.edges.count == ExportSamples.relations.count)
    let cni = try #require(document.elements.nodes.first { $0.data["id"]?.text == "container-network-interface" })
    #expect(cni.data["label"]?.text == "Container Network Interface")
    #expect(cni.data["abbreviation"]?.text == "CNI")
    #expect(cni.data["category"]?.text == "spec")
    #expect(
      cni.data["aliases"] == .list(["CNI", "container network interface", "CNI spec", "cni SPEC", "Plugin API"]))
    #expect(cni.data["score"]?.number == 0.9)
    #expect(cni.data["mentions"]?.number == 3)
    #expect(cni.data["definitionDocument"]?.text == "https://example.org/posts/cni-basics")
    // Absent values are left out, so `node[abbreviation]` selects only concepts that have one.
    let tigera = try #require(document.elements.nodes.first { $0.data["id"]?.text == "tigera" })
    #expect(tigera.data["abbreviation"] == nil)
    #expect(tigera.data["definition"] == nil)
    #expect(tigera.data["aliases"] == .list([]))
    let edge = try #require(document.elements.edges.first)
    #expect(edge.data["id"]?.text == "e0")
    #expect(edge.data["source"]?.text == "calico")
    #expect(edge.data["target"]?.text == "border-gateway-protocol")
    #expect(edge.data["type"]?.text == "uses")
    #expect(edge.data["weight"]?.number == 2.5)
    #expect(edge.data["evidenceCount"]?.number == 1)
    #expect(edge.data["evidenceDocument"]?.text == "https://example.org/posts/networking-101")
    // Slashes stay as they are.
    #expect(json.contains("\"https://example.org/posts/cni-basics\""))

    let checked = try checkWithPython(json)
    #expect(checked.problems.isEmpty, "\(checked.problems)")
    #expect(checked.nodes == ExportSamples.concepts.count)
    #expect(checked.edges == ExportSamples.relations.count)
  }

  @Test func hostileTextSurvivesExactly() throws {
    let json = CytoscapeRenderer.render(HostileExportSamples.graph)
    let document = try decode(json)
    let labels = Dictionary(
      uniqueKeysWithValues: document.elements.nodes.map { ($0.data["id"]?.text ?? "", $0.data["label"]?.text ?? "") })
    #expect(labels["script"] == HostileExportSamples.scriptLabel)
    #expect(labels["pwned"] == HostileExportSamples.pwnedLabel)
    #expect(labels["lines"] == "line one\nline two\r\ntab\there\u{0}nul\u{7}bell")
    let pwned = try #require(document.elements.nodes.first { $0.data["id"]?.text == "pwned" })
    #expect(pwned.data["definition"]?.text == HostileExportSamples.pwnedDefinition)
    #expect(document.elements.edges.count == HostileExportSamples.relations.count)

    let checked = try checkWithPython(json)
    #expect(checked.problems.isEmpty, "\(checked.problems)")
    #expect(checked.labels["script"] == HostileExportSamples.scriptLabel)
    #expect(checked.labels["pwned"] == HostileExportSamples.pwnedLabel)
    #expect(checked.edges == HostileExportSamples.relations.count)
  }

  @Test func edgeIDsNeverCollideWithConceptIDs() throws {
    let concepts = ["e0", "e1", "e1_", "a"].map { ExportSamples.concept($0, id: $0) }
    let relations = [
      ExportSamples.relation("a", "uses", "e0"), ExportSamples.relation("a", "is_a", "e1"),
      ExportSamples.relation("e0", "related_to", "e1"),
    ]
    let json = CytoscapeRenderer.render(
      ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1))
    let document = try decode(json)
    let ids = (document.elements.nodes + document.elements.edges).compactMap { $0.data["id"]?.text }
    #expect(Set(ids).count == 7)
    #expect(document.elements.edges.compactMap { $0.data["id"]?.text } == ["e0_", "e1__", "e2"])
    let checked = try checkWithPython(json)
    #expect(checked.problems.isEmpty, "\(checked.problems)")
  }

  @Test func nonFiniteNumbersBecomeZero() throws {
    let concepts = [ExportSamples.concept("a", score: .nan), ExportSamples.concept("b", score: -.infinity)]
    let json = CytoscapeRenderer.render(
      ConceptGraph(
        concepts: concepts, relations: [ExportSamples.relation("a", "uses", "b", weight: .infinity)],
        documentCount: 1, sentenceCount: 1))
    let document = try decode(json)
    #expect(document.elements.nodes.map { $0.data["score"]?.number } == [0, 0])
    #expect(document.elements.edges.first?.data["weight"]?.number == 0)
  }

  @Test func neighbourhoodKeepsOnlyTheChosenConcepts() throws {
    let json = try #require(
      CytoscapeRenderer.render(neighbourhoodOf: ConceptID(rawValue: "calico"), in: ExportSamples.graph, maxNodes: 3))
    let document = try decode(json)
    #expect(
      document.elements.nodes.compactMap { $0.data["id"]?.text } == [
        "border-gateway-protocol", "calico", "container-network-interface",
      ])
    #expect(document.elements.edges.count == 2)
    #expect(CytoscapeRenderer.render(neighbourhoodOf: ConceptID(rawValue: "none"), in: ExportSamples.graph) == nil)
  }

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    for graph in [ExportSamples.graph, HostileExportSamples.graph] {
      let expected = CytoscapeRenderer.render(graph)
      for seed in UInt64(1)...8 {
        #expect(CytoscapeRenderer.render(ExportSamples.reordered(graph, seed: seed)) == expected, "seed \(seed)")
      }
    }
  }
}
