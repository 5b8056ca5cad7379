import CNKBExport
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Runs python3 scripts for the export tests: the real consumers of GraphML, JSON, Mermaid and MkDocs snippets.
enum PythonConsumer {
  /// `python3` from PATH (then `/usr/bin`), or nil.
  static let executable: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return (folders + ["/usr/bin"]).map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// How a script ended and what it printed.
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `python3 -c script arguments…`, output captured through files so a long output cannot block it.
  static func run(_ script: String, arguments: [String] = []) throws -> Run {
    let folder = try TemporaryDirectory("cnkb-python")
    let output = URL(fileURLWithPath: try folder.write("stdout", ""))
    let errors = URL(fileURLWithPath: try folder.write("stderr", ""))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(executable, "python3 is not on PATH"))
    process.arguments = ["-c", script] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
  }

  /// Whether python3 can import `module`, after one `pip install package` attempt when it cannot.
  static func hasModule(_ module: String, installing package: String) -> Bool {
    guard executable != nil else { return false }
    let check = "import \(module)"
    if (try? run(check))?.status == 0 { return true }
    let install =
      "import subprocess, sys\n"
      + "sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install', '--quiet', "
      + "'--disable-pip-version-check', '\(package)']))"
    guard (try? run(install))?.status == 0 else { return false }
    return (try? run(check))?.status == 0
  }

  /// Whether networkx can be imported (installed with pip first when it cannot).
  static let networkx: Bool = hasModule("networkx", installing: "networkx")
}

/// Counts what a GraphML document declares, using Foundation's own XML parser.
private final class GraphMLCounter: NSObject, XMLParserDelegate {
  var keys: [String: (domain: String, type: String)] = [:]
  var nodeIDs: [String] = []
  var edgeIDs: [String] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch elementName {
    case "key": keys[attributes["id"] ?? ""] = (attributes["for"] ?? "", attributes["attr.type"] ?? "")
    case "node": nodeIDs.append(attributes["id"] ?? "")
    case "edge": edgeIDs.append(attributes["id"] ?? "")
    default: break
    }
  }
}

@Suite struct GraphMLRendererTests {
  /// Loads GraphML with `networkx.read_graphml` and prints what it found as JSON.
  private static let networkxReader = #"""
    import json, sys
    import networkx

    graph = networkx.read_graphml(sys.argv[1])
    nodes = {}
    for node, data in graph.nodes(data=True):
        nodes[node] = {key: [type(value).__name__, value] for key, value in data.items()}
    edges = []
    for source, target, data in graph.edges(data=True):
        edges.append({"source": source, "target": target,
                      "data": {key: [type(value).__name__, value] for key, value in data.items()}})
    print(json.dumps({
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": graph.graph,
        "nodes": nodes,
        "edges": edges,
    }))
    """#

  /// What networkx made of a document.
  private struct Loaded: Decodable {
    var directed: Bool
    var multigraph: Bool
    var nodes: [String: [String: TypedValue]]
    var edges: [LoadedEdge]
  }

  /// One edge as networkx read it.
  private struct LoadedEdge: Decodable {
    var source: String
    var target: String
    var data: [String: TypedValue]
  }

  /// A Python value with its type name (`str`, `float`, `int`).
  private struct TypedValue: Decodable, Equatable {
    var type: String
    var text: String?
    var number: Double?

    init(from decoder: any Decoder) throws {
      var container = try decoder.unkeyedContainer()
      type = try container.decode(String.self)
      if type == "str" {
        text = try container.decode(String.self)
      } else {
        number = try container.decode(Double.self)
      }
    }
  }

  private func loadWithNetworkx(_ graphml: String) throws -> Loaded {
    let folder = try TemporaryDirectory("cnkb-graphml")
    let path = try folder.write("graph.graphml", graphml)
    let run = try PythonConsumer.run(Self.networkxReader, arguments: [path])
    #expect(run.status == 0, "networkx could not read the document: \(run.stderr)")
    return try JSONDecoder().decode(Loaded.self, from: Data(run.stdout.utf8))
  }

  @Test(.enabled(if: PythonConsumer.networkx, "python3 cannot import networkx (pip install networkx failed): skipped"))
  func networkxLoadsTheSampleGraphWithTypedAttributes() throws {
    let loaded = try loadWithNetworkx(GraphMLRenderer.render(ExportSamples.graph))
    #expect(loaded.directed)
    #expect(loaded.nodes.count == ExportSamples.concepts.count)
    #expect(loaded.edges.count == ExportSamples.relations.count)
    let cni = try #require(loaded.nodes["container-network-interface"])
    #expect(cni["score"]?.type == "float")
    #expect(cni["score"]?.number == 0.9)
    #expect(cni["mentions"]?.type == "int")
    #expect(cni["mentions"]?.number == 3)
    #expect(cni["label"]?.text == "Container Network Interface")
    #expect(cni["abbreviation"]?.text == "CNI")
    #expect(cni["category"]?.text == "spec")
    #expect(cni["origin"]?.text == "both")
    #expect(cni["aliases"]?.text == "CNI|container network interface|CNI spec|cni SPEC|Plugin API")
    #expect(cni["definition"]?.text?.hasPrefix("The Container Network Interface is a specification") == true)
    // Absent values have no attribute at all.
    #expect(loaded.nodes["tigera"]?["abbreviation"] == nil)
    #expect(loaded.nodes["tigera"]?["definition"] == nil)
    let implements = try #require(
      loaded.edges.first { $0.source == "calico" && $0.target == "container-network-interface" })
    #expect(implements.data["type"]?.text == "implements")
    #expect(implements.data["weight"]?.type == "float")
    #expect(implements.data["weight"]?.number == 3)
    #expect(implements.data["evidence_count"]?.type == "int")
    #expect(implements.data["evidence_count"]?.number == 1)
    #expect(implements.data["evidence_sentence"]?.text == "…")
    #expect(implements.data["evidence_document"]?.text == "https://example.org/posts/networking-101")
  }

  @Test(.enabled(if: PythonConsumer.networkx, "python3 cannot import networkx (pip install networkx failed): skipped"))
  func hostileTextRoundTripsExactlyThroughNetworkx() throws {
    let graphml = GraphMLRenderer.render(HostileExportSamples.graph)
    #expect(!graphml.contains("<script"))
    let loaded = try loadWithNetworkx(graphml)
    // Four relations join `pwned` and `script`: parallel edges of different types survive as a multigraph.
    #expect(loaded.multigraph)
    #expect(loaded.nodes.count == HostileExportSamples.concepts.count)
    #expect(loaded.edges.count == HostileExportSamples.relations.count)
    let parallel = loaded.edges.filter { $0.source == "pwned" && $0.target == "script" }
    #expect(Set(parallel.compactMap(\.data["type"]?.text)) == ["uses", "implements", "related_to"])

    #expect(loaded.nodes["script"]?["label"]?.text == HostileExportSamples.scriptLabel)
    #expect(loaded.nodes["script"]?["aliases"]?.text == "<img src=x onerror=alert(1)>|a|b")
    #expect(loaded.nodes["pwned"]?["label"]?.text == HostileExportSamples.pwnedLabel)
    #expect(loaded.nodes["pwned"]?["definition"]?.text == HostileExportSamples.pwnedDefinition)
    #expect(loaded.nodes["802-1q"]?["label"]?.text == #"802.1Q (VLAN tagging) {x} |y| `z` :; \ back"#)
    #expect(loaded.nodes["écluse"]?["label"]?.text == "Écluse ﬂow ¶ß")
    // Line breaks and tabs survive; NUL and BEL, which XML 1.0 cannot carry, are dropped.
    #expect(loaded.nodes["lines"]?["label"]?.text == "line one\nline two\r\ntab\therenulbell")
    let odd = try #require(loaded.edges.first { $0.source == "lines" })
    #expect(odd.data["type"]?.text == "custom \"type\" <b>|x|")
  }

  @Test func documentIsWellFormedWithTypedKeysAndUniqueEdgeIDs() throws {
    let graphml = GraphMLRenderer.render(HostileExportSamples.graph)
    #expect(graphml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml "))
    #expect(graphml.hasSuffix("</graphml>\n"))
    #expect(!graphml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    let parser = XMLParser(data: Data(graphml.utf8))
    let counter = GraphMLCounter()
    parser.delegate = counter
    #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
    #expect(counter.nodeIDs.count == HostileExportSamples.concepts.count)
    #expect(counter.edgeIDs == (0..<HostileExportSamples.relations.count).map { "e\($0)" })
    #expect(counter.keys["score"]?.type == "double")
    #expect(counter.keys["mentions"]?.type == "int")
    #expect(counter.keys["weight"]?.type == "double")
    #expect(counter.keys["evidence_count"]?.type == "int")
    #expect(counter.keys["label"]?.domain == "node")
    #expect(counter.keys["type"]?.domain == "edge")
    for key in ["label", "abbreviation", "category", "origin", "definition", "aliases", "type"] {
      #expect(counter.keys[key]?.type == "string", "\(key) is not a string")
    }
    #expect(graphml.contains(#"<edge id="e0" source="802-1q" target="a-b">"#))
    #expect(graphml.contains("<data key=\"label\">&lt;script&gt;alert(1)&lt;/script&gt;</data>"))
    #expect(graphml.contains("<data key=\"label\">&quot;]; x [label=&quot;pwned</data>"))
  }

  @Test func numbersAreWrittenTheSameWayEverywhere() {
    let concepts = [
      ExportSamples.concept("not a number", score: .nan), ExportSamples.concept("tiny", score: 0.00001),
      ExportSamples.concept("whole", score: 3), ExportSamples.concept("negative zero", score: -0.0),
    ]
    let relations = [ExportSamples.relation("not-a-number", "uses", "tiny", weight: .infinity)]
    let graphml = GraphMLRenderer.render(
      ConceptGraph(concepts: concepts, relations: relations, documentCount: 1, sentenceCount: 1))
    #expect(graphml.contains("<node id=\"not-a-number\">\n      <data key=\"label\">not a number</data>"))
    #expect(graphml.contains("<data key=\"score\">1e-05</data>"))
    #expect(graphml.contains("<data key=\"score\">3.0</data>"))
    #expect(!graphml.contains("-0.0"))
    #expect(!graphml.lowercased().contains(">nan<"))
    #expect(!graphml.lowercased().contains(">inf"))
    #expect(graphml.components(separatedBy: ">0.0</data>").count - 1 == 3)
  }

  @Test func relationsToUnknownConceptsAreLeftOut() {
    var graph = ExportSamples.graph
    graph.relations.append(ExportSamples.relation("calico", "uses", "ebpf", weight: 1))
    let graphml = GraphMLRenderer.render(graph)
    #expect(!graphml.contains("\"ebpf\""))
    #expect(graphml == GraphMLRenderer.render(ExportSamples.graph))
  }

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    for graph in [ExportSamples.graph, HostileExportSamples.graph] {
      let expected = GraphMLRenderer.render(graph)
      for seed in UInt64(1)...8 {
        #expect(GraphMLRenderer.render(ExportSamples.reordered(graph, seed: seed)) == expected, "seed \(seed)")
      }
    }
  }
}
