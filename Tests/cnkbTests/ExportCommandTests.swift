import Foundation
import Testing
import _CNKBTestSupport

/// `cnkb export` writes every format, for the whole graph or one term's neighbourhood.
@Suite struct ExportCommandTests {
  /// Builds the samples once per test into `temp/out`.
  private func built(_ temp: TemporaryDirectory) throws -> String {
    let run = try CommandRunner.run(["build", "samples", "--out", temp.path("out")], in: Fixtures.repositoryRoot)
    #expect(run.exitCode == 0, "\(run.stderr)")
    return temp.path("out/kb.sqlite")
  }

  @Test func everyFormatComesOutForTheWholeGraphAndAroundATerm() throws {
    let temp = try TemporaryDirectory()
    let db = try built(temp)
    let expectations: [(String, String)] = [
      ("json", "\"directed\""), ("dot", "digraph"), ("mermaid", "graph LR"), ("graphml", "<graphml"),
      ("cytoscape", "\"elements\""), ("glossary-md", "# Glossary"), ("glossary-html", "<!DOCTYPE html>"),
      ("glossary-json", "\"entries\""), ("mkdocs", "*[CNI]: "), ("hugo", "\"title\""),
    ]
    for (format, marker) in expectations {
      let whole = try CommandRunner.run(["export", "--format", format, "--db", db], in: temp.url)
      #expect(whole.exitCode == 0, "\(format): \(whole.stderr)")
      #expect(whole.stdout.contains(marker), "\(format) output starts as expected")
    }
    let around = try CommandRunner.run(
      ["export", "--format", "graphml", "--around", "macvlan", "--max-nodes", "5", "--db", db], in: temp.url)
    #expect(around.exitCode == 0, "\(around.stderr)")
    #expect(around.stdout.components(separatedBy: "<node ").count - 1 == 5)
    #expect(around.stdout.contains("MACvlan"))
  }

  @Test func statsCountTheGraphAfterABuild() throws {
    let temp = try TemporaryDirectory()
    let db = try built(temp)
    let stats = try CommandRunner.run(["stats", "--format", "json", "--db", db], in: temp.url)
    #expect(stats.exitCode == 0, "\(stats.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
    let figures = try #require(json["statistics"] as? [String: Any])
    #expect((figures["concepts"] as? Int ?? 0) > 50)
    #expect((figures["relations"] as? Int ?? 0) > 50)
    #expect((figures["mentions"] as? Int ?? 0) >= (figures["concepts"] as? Int ?? 0))
  }

  @Test func writesAFileAndRefusesAnUnknownFormatOrTerm() throws {
    let temp = try TemporaryDirectory()
    let db = try built(temp)
    let written = try CommandRunner.run(
      ["export", "--format", "mermaid", "--output", temp.path("chart/graph.mmd"), "--db", db], in: temp.url)
    #expect(written.exitCode == 0, "\(written.stderr)")
    #expect(try String(contentsOfFile: temp.path("chart/graph.mmd"), encoding: .utf8).hasPrefix("graph LR"))
    let format = try CommandRunner.run(["export", "--format", "png", "--db", db], in: temp.url)
    #expect(format.exitCode == 64)
    let term = try CommandRunner.run(["export", "--format", "dot", "--around", "macvlann", "--db", db], in: temp.url)
    #expect(term.exitCode == 65)
    #expect(term.stderr.contains("MACvlan"), "suggests the near miss: \(term.stderr)")
  }
}
