import Foundation
import Testing
import _CNKBTestSupport

/// A rebuild redoes only what changed: nothing when nothing changed, and the exports stay byte-identical.
@Suite struct IncrementalBuildTests {
  /// Copies the bundled samples into `temp/corpus` so a test may edit them.
  private func copySamples(_ temp: TemporaryDirectory) throws -> URL {
    let corpus = temp.url.appendingPathComponent("corpus")
    try FileManager.default.copyItem(at: Fixtures.samplesDirectory, to: corpus)
    return corpus
  }

  private func exports(_ temp: TemporaryDirectory) throws -> [Data] {
    try ["graph.json", "graph.dot", "glossary.md"].map {
      try Data(contentsOf: temp.url.appendingPathComponent("out/\($0)"))
    }
  }

  @Test func aSecondBuildWithNothingNewReusesTheGraphAndWritesTheSameExports() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    let first = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(!first.stdout.contains("reused"))
    let before = try exports(temp)

    let second = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdout.contains("0 added, 0 changed"))
    #expect(second.stdout.contains("the stored graph was reused"))
    #expect(try exports(temp) == before)

    // --rebuild extracts again, and a fresh extraction agrees with the reused graph byte for byte.
    let forced = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out"), "--rebuild"], in: temp.url)
    #expect(!forced.stdout.contains("reused"))
    #expect(try exports(temp) == before)
  }

  @Test func oneChangedDocumentIsReadAgainAndTheGraphFollowsIt() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    _ = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    let note = corpus.appendingPathComponent("notes/glossary-notes.txt")
    var text = try String(contentsOf: note, encoding: .utf8)
    text += "\n\nGeneve (Generic Network Virtualization Encapsulation) carries overlay traffic with options.\n"
    try text.write(to: note, atomically: true, encoding: .utf8)

    let rebuilt = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(rebuilt.exitCode == 0, "\(rebuilt.stderr)")
    #expect(rebuilt.stdout.contains("0 added, 1 changed"))
    #expect(!rebuilt.stdout.contains("reused"))
    let graph = try String(contentsOf: temp.url.appendingPathComponent("out/graph.json"), encoding: .utf8)
    #expect(graph.contains("Generic Network Virtualization Encapsulation"))
  }

  @Test func aDifferentLexiconMeansANewExtraction() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    _ = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    let bare = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out"), "--no-lexicon"], in: temp.url)
    #expect(bare.exitCode == 0, "\(bare.stderr)")
    #expect(!bare.stdout.contains("reused"))
    #expect(bare.stdout.contains("(0 from the lexicon"))
  }
}

/// The glossary's score threshold is the user's to set.
@Suite struct GlossaryThresholdTests {
  @Test func aHigherThresholdLeavesFewerEntries() throws {
    let temp = try TemporaryDirectory()
    let root = Fixtures.repositoryRoot
    func entries(_ score: String) throws -> Int {
      let run = try CommandRunner.run(
        ["build", "samples", "--out", temp.path("out-\(score)"), "--glossary-min-score", score], in: root)
      #expect(run.exitCode == 0, "\(run.stderr)")
      let glossary = try String(contentsOfFile: temp.path("out-\(score)/glossary.md"), encoding: .utf8)
      return glossary.components(separatedBy: "<a id=\"").count - 1
    }
    let all = try entries("0")
    let some = try entries("5")
    #expect(all > some)
    #expect(some > 0)
  }
}
