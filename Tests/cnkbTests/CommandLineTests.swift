import Foundation
import Testing
import _CNKBTestSupport

/// The `cnkb` binary as a user runs it: exit codes, what goes to stdout and stderr, and the store it leaves.
@Suite struct CommandLineTests {
  private let root = Fixtures.repositoryRoot

  private func sha256(ofFile path: String) throws -> Data {
    // A byte-for-byte copy is enough to compare two states of a small database file.
    try Data(contentsOf: URL(fileURLWithPath: path))
  }

  @Test func unknownSubcommandIsAUsageError() throws {
    let result = try CommandRunner.run(["frobnicate"], in: root)
    #expect(result.exitCode == 64)
    #expect(result.stderr.contains("frobnicate"))
  }

  @Test func missingPathExitsWith66AndNamesIt() throws {
    let temp = try TemporaryDirectory()
    let result = try CommandRunner.run(
      ["ingest", temp.path("no-such-page.html"), "--db", temp.path("kb.sqlite")], in: temp.url)
    #expect(result.exitCode == 66)
    #expect(result.stderr.contains("no-such-page.html: error:"))
  }

  @Test func searchOnAMissingDatabaseSaysSo() throws {
    let temp = try TemporaryDirectory()
    let result = try CommandRunner.run(["search", "bridge", "--db", temp.path("none.sqlite")], in: temp.url)
    #expect(result.exitCode == 66)
    #expect(result.stderr.contains("none.sqlite: error: no database here"))
    #expect(!FileManager.default.fileExists(atPath: temp.path("none.sqlite")))
  }

  /// A build names the allocator it runs on: jemalloc, which the executable links.
  ///
  /// Losing the link would silently give back what jemalloc saves (14% of a 50 MB build; BENCHMARKS.md).
  @Test func aBuildRunsOnJemalloc() throws {
    let temp = try TemporaryDirectory()
    let result = try CommandRunner.run(
      ["build", "samples/blog/macvlan-vs-ipvlan.html", "--out", temp.path("out"), "--log-level", "info"], in: root)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stderr.contains("memory allocator: jemalloc 5."), "\(result.stderr.prefix(400))")
  }

  @Test func textPrintsStructureOfASamplePage() throws {
    let result = try CommandRunner.run(["text", "samples/blog/macvlan-vs-ipvlan.html"], in: root)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("source: samples/blog/macvlan-vs-ipvlan.html"))
    #expect(result.stdout.contains("\n## "), "a level-1 heading is printed with ##")
    #expect(result.stdout.contains("\n- "), "list items are printed as a list")
    #expect(!result.stdout.contains("<"), "no markup survives")
  }

  @Test func textReadsStandardInputAsJSON() throws {
    let page = "<html><body><h1>Overlay networks</h1><p>VXLAN wraps frames in UDP. It uses port 4789.</p></body></html>"
    let result = try CommandRunner.run(["text", "-", "--format", "json"], in: root, input: Data(page.utf8))
    #expect(result.exitCode == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    let sentences = try #require(json.first?["sentences"] as? [[String: Any]])
    #expect(
      sentences.map { $0["text"] as? String } == [
        "Overlay networks", "VXLAN wraps frames in UDP.", "It uses port 4789.",
      ])
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func secondIngestOfTheSeedChangesNothing() throws {
    let temp = try TemporaryDirectory()
    let seed = try #require(Fixtures.seedFeedURL).path
    let db = temp.path("kb.sqlite")
    let first = try CommandRunner.run(["ingest", seed, "--db", db], in: temp.url)
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(first.stdout.contains("20 added, 0 changed, 0 unchanged"))
    let before = try sha256(ofFile: db)

    let second = try CommandRunner.run(["ingest", seed, "--db", db], in: temp.url)
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdout.contains("0 added, 0 changed, 20 unchanged, 0 skipped, 0 failed"))
    #expect(try sha256(ofFile: db) == before, "the database file is byte-identical after a no-op ingest")
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func searchFindsIPvlanInTheBreakdownPost() throws {
    let temp = try TemporaryDirectory()
    let seed = try #require(Fixtures.seedFeedURL).path
    let db = temp.path("kb.sqlite")
    _ = try CommandRunner.run(["ingest", seed, "--db", db], in: temp.url)
    let posts = try SeedGold.rows("posts.tsv")
    let post18 = try #require(posts.first { $0["num"] == "18" })

    let result = try CommandRunner.run(["search", "IPvlan", "--db", db], in: temp.url)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains(try #require(post18["url"])))
    #expect(result.stdout.contains(try #require(post18["title"])))
    #expect(result.stdout.lowercased().contains("[ipvlan"), "the match is highlighted in the snippet")
  }

  @Test func removeTakesADocumentOut() throws {
    let temp = try TemporaryDirectory()
    let page = try temp.write("page.html", "<p>Flannel gives each host a subnet.</p>")
    let db = temp.path("kb.sqlite")
    #expect(try CommandRunner.run(["ingest", page, "--db", db], in: temp.url).exitCode == 0)
    let removed = try CommandRunner.run(["remove", page, "--db", db], in: temp.url)
    #expect(removed.exitCode == 0)
    #expect(removed.stdout.contains("removed  \(page)"))
    let search = try CommandRunner.run(["search", "Flannel", "--db", db], in: temp.url)
    #expect(!search.stdout.contains("Flannel"))
    let again = try CommandRunner.run(["remove", page, "--db", db], in: temp.url)
    #expect(again.exitCode == 66)
    #expect(again.stderr.contains("no stored document has this source"))
  }

  @Test func aFileThatIsNotADatabaseIsRefusedAndKept() throws {
    let temp = try TemporaryDirectory()
    let notes = try temp.write("notes.sqlite", "these are my notes, not a database\n")
    let page = try temp.write("page.html", "<p>Calico routes with BGP.</p>")
    let result = try CommandRunner.run(["ingest", page, "--db", notes], in: temp.url)
    #expect(result.exitCode == 73)
    #expect(result.stderr.contains("notes.sqlite: error:"))
    #expect(try String(contentsOfFile: notes, encoding: .utf8) == "these are my notes, not a database\n")
  }
}
