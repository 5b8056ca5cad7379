import Foundation
import Testing
import _CNKBTestSupport

/// A corpus page and lexicon whose terms are `<script>alert(1)</script>` and `"]; x [label="pwned`: every
/// file `cnkb build` writes stays valid and carries the text, never the markup.
@Suite struct HostileOutputTests {
  private static let script = "<script>alert(1)</script>"
  private static let pwned = "\"]; x [label=\"pwned"

  /// Builds the hostile fixture corpus and returns the output folder.
  private func build(_ temp: TemporaryDirectory) throws -> URL {
    let fixtures = Fixtures.directory().appendingPathComponent("hostile")
    let run = try CommandRunner.run(
      [
        "build", fixtures.appendingPathComponent("corpus").path, "--lexicon",
        fixtures.appendingPathComponent("lexicon").path, "--out", temp.path("out"), "--glossary-min-score", "0",
        "--diagram-min-score", "0",
      ], in: temp.url)
    #expect(run.exitCode == 0, "\(run.stderr)")
    return temp.url.appendingPathComponent("out")
  }

  private func text(_ out: URL, _ name: String) throws -> String {
    try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
  }

  /// Runs a program, returning its status and standard error (nil when it cannot be started).
  private func run(_ executable: String, _ arguments: [String]) -> (status: Int32, stderr: String, stdout: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return nil }
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stderr, as: UTF8.self), String(decoding: stdout, as: UTF8.self))
  }

  @Test func jsonFilesParseAndKeepTheLabelsExactly() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    for name in ["graph.json", "glossary.json", "glossary-hugo.json"] {
      let data = try Data(contentsOf: out.appendingPathComponent(name))
      _ = try JSONSerialization.jsonObject(with: data)
      let raw = try text(out, name)
      #expect(raw.contains("alert(1)"), "\(name) names the term")
    }
    let graph = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("graph.json")))
        as? [String: Any])
    let labels = Set(((graph["nodes"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String })
    #expect(labels.isSuperset(of: [Self.script, Self.pwned]))
  }

  @Test func graphvizDrawsTheDOTAndTheLabelsComeBackAsText() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    guard let drawn = run("dot", ["-Tsvg", out.appendingPathComponent("graph.dot").path]), drawn.status != 127 else {
      print("skipped: Graphviz's dot is not installed")
      return
    }
    #expect(drawn.status == 0)
    #expect(drawn.stderr.isEmpty, "\(drawn.stderr)")
    #expect(drawn.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!drawn.stdout.contains(Self.script))
    // Three concepts and no stray node named "x" that a broken attribute list would have made.
    #expect(drawn.stdout.components(separatedBy: "class=\"node\"").count - 1 == 3)
  }

  @Test func graphMLLoadsInNetworkxWithTheLabelsExact() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    let code = """
      import sys, networkx
      g = networkx.read_graphml(sys.argv[1])
      labels = sorted(d["label"] for _, d in g.nodes(data=True))
      print("\\n".join(labels))
      """
    guard let result = run("python3", ["-c", code, out.appendingPathComponent("graph.graphml").path]),
      !result.stderr.contains("No module named")
    else {
      print("skipped: python3 with networkx is not available")
      return
    }
    #expect(result.status == 0, "\(result.stderr)")
    let labels = Set(result.stdout.split(separator: "\n").map(String.init))
    #expect(labels.isSuperset(of: [Self.script, Self.pwned]))
  }

  @Test func mermaidMarkdownAndHTMLCarryNoRawMarkup() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    let mermaid = try text(out, "graph.mmd")
    #expect(!mermaid.contains("<script"))
    // Every label is one quoted string: no quote inside a label survives unescaped.
    for line in mermaid.split(separator: "\n") where line.contains("[\"") {
      let inside = line.split(separator: "[\"", maxSplits: 1).last?.split(separator: "\"]").first ?? ""
      #expect(!inside.contains("\""), "\(line)")
    }
    let html = try text(out, "glossary.html")
    #expect(!html.contains(Self.script))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!html.contains("onerror="))
    let markdown = try text(out, "glossary.md")
    #expect(!markdown.contains("<script>"))
    let abbreviations = try text(out, "abbreviations.md")
    #expect(abbreviations.split(separator: "\n").allSatisfy { $0.hasPrefix("*[") })
    #expect(abbreviations.contains("*[XSSK]:"))
    // MkDocs reads the snippet with Python-Markdown's abbr extension, which puts the expansion in an escaped
    // title attribute: the page it makes has no script element.
    let code = """
      import sys, markdown
      print(markdown.markdown("XSSK in a sentence.\\n\\n" + open(sys.argv[1]).read(), extensions=["abbr"]))
      """
    if let page = run("python3", ["-c", code, out.appendingPathComponent("abbreviations.md").path]),
      page.status == 0
    {
      #expect(page.stdout.contains("<abbr title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">XSSK</abbr>"))
      #expect(!page.stdout.contains("<script>"))
    } else {
      print("skipped the MkDocs check: python3 with markdown is not available")
    }
  }
}
