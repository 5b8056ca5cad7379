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

  /// Each export's size, modification time and inode: what changes when a build writes the file again.
  private func identities(_ temp: TemporaryDirectory) throws -> [String: String] {
    var result: [String: String] = [:]
    for name in ["graph.json", "graph.dot", "glossary.md", "glossary.html", "graph.graphml"] {
      var status = stat()
      #expect(stat(temp.path("out/\(name)"), &status) == 0, "\(name)")
      result[name] = "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)"
    }
    return result
  }

  @Test func aSecondBuildWithNothingNewLeavesTheGraphAndItsExportsAlone() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    let first = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(!first.stdout.contains("nothing changed"))
    let before = try exports(temp)
    let written = try identities(temp)

    // Nothing new, and the exports are the files the first build wrote: none is written again.
    let second = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdout.contains("0 added, 0 changed"))
    #expect(second.stdout.contains("the graph and its exports are up to date"))
    #expect(try identities(temp) == written)
    #expect(try exports(temp) == before)
    // The figures are the first build's, read from the store.
    let figures = { (run: CommandRunner.Result) in
      run.stdout.split(separator: "\n").first { $0.contains(" concepts (") }
    }
    #expect(figures(second)?.hasPrefix(figures(first).map { String($0) } ?? "-") == true)

    // An export edited by hand is no longer the build's: the stored graph is exported again over it.
    let glossary = temp.url.appendingPathComponent("out/glossary.md")
    try (String(contentsOf: glossary, encoding: .utf8) + "\nA line added by hand.\n").write(
      to: glossary, atomically: false, encoding: .utf8)
    let third = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    #expect(third.stdout.contains("the stored graph was reused"))
    #expect(try exports(temp) == before)

    // Other export options are another set of exports.
    let options = try CommandRunner.run(
      ["build", corpus.path, "--out", temp.path("out"), "--glossary-min-score", "3"], in: temp.url)
    #expect(options.stdout.contains("the stored graph was reused"))

    // --rebuild extracts again, and a fresh extraction agrees with the reused graph byte for byte.
    let forced = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out"), "--rebuild"], in: temp.url)
    #expect(!forced.stdout.contains("nothing changed"))
    #expect(try exports(temp) == before)
  }

  /// A page deleted from the corpus leaves the store and the graph.
  ///
  /// The rebuild equals a build from scratch of what remains. An input that fails keeps what it stored, and
  /// `--keep-others` keeps what the inputs no longer name.
  @Test func aDeletedPageLeavesTheGraphButAFailingInputKeepsItsDocuments() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    let out = temp.path("out")
    let first = try CommandRunner.run(["build", corpus.path, "--out", out], in: temp.url)
    #expect(first.exitCode == 0, "\(first.stderr)")
    let page = corpus.appendingPathComponent("blog/macvlan-vs-ipvlan.html")
    let saved = try Data(contentsOf: page)
    try FileManager.default.removeItem(at: page)

    let pruned = try CommandRunner.run(["build", corpus.path, "--out", out], in: temp.url)
    #expect(pruned.exitCode == 0, "\(pruned.stderr)")
    #expect(pruned.stdout.contains("0 failed, 1 removed"))
    #expect(pruned.stderr.contains("macvlan-vs-ipvlan.html: note: removed from"))
    let fresh = try CommandRunner.run(["build", corpus.path, "--out", temp.path("fresh")], in: temp.url)
    #expect(fresh.exitCode == 0, "\(fresh.stderr)")
    for name in ["graph.json", "graph.dot", "glossary.md"] {
      #expect(
        try Data(contentsOf: temp.url.appendingPathComponent("out/\(name)"))
          == Data(contentsOf: temp.url.appendingPathComponent("fresh/\(name)")), "\(name)")
    }

    // The page comes back; then its folder goes missing: exit 66, and the folder's documents stay stored.
    try saved.write(to: page)
    _ = try CommandRunner.run(["build", corpus.path, "--out", out], in: temp.url)
    let blog = corpus.appendingPathComponent("blog")
    try FileManager.default.moveItem(at: blog, to: temp.url.appendingPathComponent("elsewhere"))
    let missing = try CommandRunner.run(
      ["build", blog.path, corpus.appendingPathComponent("docs").path, "--out", out], in: temp.url)
    #expect(missing.exitCode == 66)
    let stats = try CommandRunner.run(["stats", "--documents", "--db", temp.path("out/kb.sqlite")], in: temp.url)
    #expect(stats.stdout.contains("macvlan-vs-ipvlan.html"))

    // --keep-others: with the whole corpus stored again, a build of one folder leaves the others' documents.
    try FileManager.default.moveItem(at: temp.url.appendingPathComponent("elsewhere"), to: blog)
    _ = try CommandRunner.run(["build", corpus.path, "--out", out], in: temp.url)
    let kept = try CommandRunner.run(
      ["build", corpus.appendingPathComponent("docs").path, "--out", out, "--keep-others"], in: temp.url)
    #expect(kept.exitCode == 0, "\(kept.stderr)")
    #expect(!kept.stdout.contains("removed"))
    let after = try CommandRunner.run(["stats", "--documents", "--db", temp.path("out/kb.sqlite")], in: temp.url)
    #expect(after.stdout.contains("glossary-notes.txt"))
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
    #expect(!rebuilt.stdout.contains("nothing changed"))
    let graph = try String(contentsOf: temp.url.appendingPathComponent("out/graph.json"), encoding: .utf8)
    #expect(graph.contains("Generic Network Virtualization Encapsulation"))
  }

  @Test func aDifferentLexiconMeansANewExtraction() throws {
    let temp = try TemporaryDirectory()
    let corpus = try copySamples(temp)
    _ = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out")], in: temp.url)
    let bare = try CommandRunner.run(["build", corpus.path, "--out", temp.path("out"), "--no-lexicon"], in: temp.url)
    #expect(bare.exitCode == 0, "\(bare.stderr)")
    #expect(!bare.stdout.contains("nothing changed"))
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
