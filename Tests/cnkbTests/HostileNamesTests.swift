import Foundation
import Testing
import _CNKBTestSupport

/// Terms named like paths, Markdown, shell and SQL (`../../\`whoami\` {x} [a](javascript:alert(1)) | # *b*` and
/// `Robert'); DROP TABLE concept;--`): files stay inside the output folder under fixed names, and each format
/// carries the names as text.
@Suite struct HostileNamesTests {
  private static let pathLike = "../../`whoami` {x} [a](javascript:alert(1)) | # *b*"
  private static let sqlLike = "Robert'); DROP TABLE concept;--"

  private func build(_ temp: TemporaryDirectory) throws -> URL {
    let fixtures = Fixtures.directory().appendingPathComponent("hostile-names")
    let run = try CommandRunner.run(
      [
        "build", fixtures.appendingPathComponent("corpus").path, "--lexicon",
        fixtures.appendingPathComponent("lexicon").path, "--out", "out", "--glossary-min-score", "0",
        "--diagram-min-score", "0",
      ], in: temp.url)
    #expect(run.exitCode == 0, "\(run.stderr)")
    return temp.url.appendingPathComponent("out")
  }

  @Test func everyFileStaysInTheOutputFolderUnderAFixedName() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    #expect(try FileManager.default.contentsOfDirectory(atPath: temp.url.path) == ["out"])
    let written = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
    let expected: Set<String> = [
      "kb.sqlite", "graph.json", "graph.dot", "graph.svg", "graph.mmd", "graph.graphml", "glossary.md",
      "glossary.html", "glossary.json", "abbreviations.md", "glossary-hugo.json", ".diagram-cache", ".cnkb.lock",
    ]
    // SQLite's side files may or may not be there when the run ends.
    #expect(written.subtracting(["kb.sqlite-wal", "kb.sqlite-shm"]) == expected)
    for name in try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(".diagram-cache").path) {
      #expect(name.range(of: #"^[0-9a-f]{64}\.svg$"#, options: .regularExpression) != nil, "\(name)")
    }
    let parent = temp.url.deletingLastPathComponent().path
    #expect(!(try FileManager.default.contentsOfDirectory(atPath: parent)).contains { $0.contains("whoami") })
  }

  @Test func theStoreAndTheQuestionsKeepTheNamesAsText() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    let graph = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("graph.json")))
    let labels = Set(
      ((graph as? [String: Any])?["nodes"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String })
    #expect(labels == [Self.pathLike, Self.sqlLike, "VXLAN tunnel"])
    // The SQL-shaped name goes through the name index and every query as a bound value: it is found, and the
    // concept table is still there afterwards.
    for _ in 0..<2 {
      let define = try CommandRunner.run(
        ["define", Self.sqlLike, "--db", out.appendingPathComponent("kb.sqlite").path, "--format", "json"], in: temp.url
      )
      #expect(define.exitCode == 0, "\(define.stderr)")
      let answer = try JSONSerialization.jsonObject(with: Data(define.stdout.utf8)) as? [String: Any]
      #expect(answer?["label"] as? String == Self.sqlLike)
    }
    let stats = try CommandRunner.run(["stats", "--db", out.appendingPathComponent("kb.sqlite").path], in: temp.url)
    let concepts = stats.stdout.split(separator: "\n").first { $0.hasPrefix("concepts ") }
    #expect(stats.exitCode == 0 && concepts?.split(separator: " ").last == "3", "\(stats.stdout)")
  }

  @Test func markdownMermaidAndHTMLMakeNoLinksCodeOrNodesOfTheNames() throws {
    let temp = try TemporaryDirectory()
    let out = try build(temp)
    let html = try String(contentsOf: out.appendingPathComponent("glossary.html"), encoding: .utf8)
    #expect(!html.contains("href=\"javascript:"))
    // Each Mermaid label is one quoted string with the Markdown and Mermaid marks turned into entities.
    let mermaid = try String(contentsOf: out.appendingPathComponent("graph.mmd"), encoding: .utf8)
    let line = try #require(mermaid.split(separator: "\n").first { $0.contains("whoami") })
    let label = line.split(separator: "[\"", maxSplits: 1).last?.split(separator: "\"]").first ?? ""
    #expect(!label.contains { "`{}[]()\"".contains($0) }, "\(line)")
    // Python-Markdown (what MkDocs uses) renders glossary.md without a link, code span or table from a name.
    let code = """
      import sys, markdown
      print(markdown.markdown(open(sys.argv[1]).read(), extensions=["tables", "abbr"]))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code, out.appendingPathComponent("glossary.md").path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let page = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      print("skipped the Python-Markdown check: python3 with markdown is not available")
      return
    }
    #expect(!page.contains("href=\"javascript:"))
    #expect(!page.contains("<code>whoami"))
    #expect(page.contains("`whoami` {x} [a](javascript:alert(1))"))
  }
}
