import Foundation
import Testing
import _CNKBTestSupport

/// `cnkb build` writes a graph export that its schema accepts, networkx loads, and that is byte-identical
/// across runs and input orders.
@Suite struct GraphExportTests {
  /// Runs a Python snippet with the graph and schema paths as arguments; nil when Python or its packages are
  /// missing (the caller skips with a message).
  private func python(_ code: String, _ arguments: [String]) throws -> (status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  private var pythonHasPackages: Bool {
    guard let probe = try? python("import jsonschema, networkx", []) else { return false }
    if probe.status == 0 { return true }
    _ = try? python(
      "import subprocess, sys; subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet', 'jsonschema', 'networkx'])",
      [])
    return (try? python("import jsonschema, networkx", []))?.status == 0
  }

  private let validate = """
    import json, sys, jsonschema, networkx
    graph = json.load(open(sys.argv[1])); schema = json.load(open(sys.argv[2]))
    jsonschema.Draft202012Validator(schema).validate(graph)
    g = networkx.node_link_graph(graph, edges="edges")
    assert g.number_of_nodes() == len(graph["nodes"]) == graph["graph"]["concepts"]
    print("ok", g.number_of_nodes())
    """

  @Test func exportOfTheSamplesMatchesTheSchemaAndLoadsInNetworkx() throws {
    let temp = try TemporaryDirectory()
    let root = Fixtures.repositoryRoot
    let build = try CommandRunner.run(["build", "samples", "--out", temp.path("out")], in: root)
    #expect(build.exitCode == 0, "\(build.stderr)")
    guard pythonHasPackages else {
      print("skipped: python3 with jsonschema and networkx is not available")
      return
    }
    let schema = root.appendingPathComponent("Schemas/graph.schema.json").path
    let result = try #require(try python(validate, [temp.path("out/graph.json"), schema]))
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.hasPrefix("ok "))

    // The schema can fail: a node without its label is refused.
    var graph = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temp.path("out/graph.json"))))
        as? [String: Any])
    var nodes = try #require(graph["nodes"] as? [[String: Any]])
    nodes[0].removeValue(forKey: "label")
    graph["nodes"] = nodes
    try JSONSerialization.data(withJSONObject: graph).write(to: URL(fileURLWithPath: temp.path("broken.json")))
    let broken = try #require(try python(validate, [temp.path("broken.json"), schema]))
    #expect(broken.status != 0)
    #expect(broken.output.contains("'label' is a required property"))
  }

  @Test func exportIsByteIdenticalAcrossRunsAndInputOrder() throws {
    let temp = try TemporaryDirectory()
    let samples = Fixtures.samplesDirectory
    let files = [
      "blog/macvlan-vs-ipvlan.html", "docs/cni-spec-overview.html", "docs/cnm-and-libnetwork.md",
      "feeds/netblog-atom.xml",
    ]
    .map { samples.appendingPathComponent($0).path }
    _ = try CommandRunner.run(["build"] + files + ["--out", temp.path("a")], in: temp.url)
    _ = try CommandRunner.run(["build"] + files.reversed() + ["--out", temp.path("b")], in: temp.url)
    _ = try CommandRunner.run(["build"] + files + ["--out", temp.path("a")], in: temp.url)
    let first = try Data(contentsOf: URL(fileURLWithPath: temp.path("a/graph.json")))
    let second = try Data(contentsOf: URL(fileURLWithPath: temp.path("b/graph.json")))
    #expect(!first.isEmpty)
    #expect(first == second)
  }

  /// Runs Graphviz `dot -Tsvg` on a file; nil when dot is not installed.
  private func dotToSVG(_ path: String) throws -> (status: Int32, stderr: String, svg: String)? {
    guard let dot = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile)
    else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dot)
    process.arguments = ["-Tsvg", path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let svg = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stderr, as: UTF8.self), String(decoding: svg, as: UTF8.self))
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func seedBuildWritesAGraphDiagramAndGlossaryThatTheirToolsAccept() throws {
    let temp = try TemporaryDirectory()
    let seed = try #require(Fixtures.seedFeedURL).path
    let build = try CommandRunner.run(["build", seed, "--out", temp.path("out")], in: temp.url)
    #expect(build.exitCode == 0, "\(build.stderr)")
    // The whole-graph diagram: Graphviz lays it out without a word on standard error.
    if let rendered = try dotToSVG(temp.path("out/graph.dot")) {
      #expect(rendered.status == 0)
      #expect(rendered.stderr.isEmpty, "\(rendered.stderr.prefix(500))")
      #expect(rendered.svg.contains(">Container Network Interface<"))
    } else {
      print("skipped the Graphviz check: dot is not installed (apt-get install graphviz)")
    }
    // The glossary: letter headings, an anchor per entry, the abbreviation pointing to its expansion.
    let glossary = try String(contentsOfFile: temp.path("out/glossary.md"), encoding: .utf8)
    #expect(glossary.hasPrefix("# Glossary"))
    #expect(glossary.contains("\n## C\n"))
    #expect(glossary.contains("<a id=\"container-network-interface\"></a>"))
    #expect(glossary.contains("CNI: see [Container Network Interface](#container-network-interface)"))
    // Relations reach the JSON export with their evidence, and networkx loads them all.
    if pythonHasPackages {
      let schema = Fixtures.repositoryRoot.appendingPathComponent("Schemas/graph.schema.json").path
      let result = try #require(try python(validate, [temp.path("out/graph.json"), schema]))
      #expect(result.status == 0, "\(result.output)")
      let graph = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temp.path("out/graph.json"))))
          as? [String: Any])
      let edges = try #require(graph["edges"] as? [[String: Any]])
      #expect(edges.contains { $0["type"] as? String == "proposed_by" })
      #expect(edges.allSatisfy { !(($0["evidence"] as? [Any]) ?? []).isEmpty })
    }
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func seedGraphResolvesItsAcronymsWithTheirExpansions() throws {
    let temp = try TemporaryDirectory()
    let seed = try #require(Fixtures.seedFeedURL).path
    let build = try CommandRunner.run(["build", seed, "--out", temp.path("out")], in: temp.url)
    #expect(build.exitCode == 0, "\(build.stderr)")
    let graph = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: temp.path("out/graph.json"))))
        as? [String: Any])
    let nodes = try #require(graph["nodes"] as? [[String: Any]])
    var pairs: [String: String] = [:]
    for node in nodes { if let short = node["abbreviation"] as? String { pairs[short] = node["label"] as? String } }
    // Every acronym the gold list says the text expands comes out with that expansion.
    for row in try SeedGold.rows("acronyms.tsv") {
      guard let short = row["short"], let long = row["long"] else { continue }
      #expect(
        pairs[short]?.lowercased().replacingOccurrences(of: "-", with: " ").hasPrefix(
          long.lowercased().replacingOccurrences(of: "-", with: " ").dropLast(1)) == true,
        "\(short) → \(long), got \(pairs[short] ?? "nothing")")
    }
    let cnm = try #require(nodes.first { $0["abbreviation"] as? String == "CNM" })
    let definition = try #require(cnm["definition"] as? [String: Any])
    let text = try #require(definition["text"] as? String)
    #expect(text.hasPrefix("The Container Network Model (CNM) is a specification proposed by Docker"))
  }
}
