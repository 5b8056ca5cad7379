import Foundation
import Testing
import _CNKBTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A run killed with SIGKILL mid-ingest, or two runs at once, never damage the store or duplicate documents.
@Suite(.serialized) struct CrashRecoveryTests {
  /// Writes `count` distinct copies of a real sample page into `folder`.
  private func makeCorpus(_ temp: TemporaryDirectory, count: Int) throws {
    let page = try String(
      contentsOf: Fixtures.samplesDirectory.appendingPathComponent("blog/macvlan-vs-ipvlan.html"), encoding: .utf8)
    for index in 0..<count {
      let copy = page.replacingOccurrences(
        of: "</h1>", with: " (copy \(index))</h1><p>This is copy number \(index) of the page.</p>")
      try temp.write(String(format: "corpus/page-%04d.html", index), copy)
    }
  }

  private struct Stats: Decodable {
    struct Statistics: Decodable { var documents: Int }
    struct Summary: Decodable { var source: String }
    var statistics: Statistics
    var documents: [Summary]?
    var integrity: [String]?
  }

  private func stats(_ temp: TemporaryDirectory, db: String) throws -> Stats {
    let result = try CommandRunner.run(
      ["stats", "--db", db, "--documents", "--check", "--format", "json"], in: temp.url)
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try JSONDecoder().decode(Stats.self, from: Data(result.stdout.utf8))
  }

  @Test func sigkillMidIngestThenRerunLeavesEveryDocumentExactlyOnce() throws {
    let count = 400
    let temp = try TemporaryDirectory()
    try makeCorpus(temp, count: count)
    let db = temp.path("kb.sqlite")
    for trial in 0..<3 {
      try? FileManager.default.removeItem(atPath: db)
      let process = try CommandRunner.start(
        ["ingest", "corpus", "--db", db], in: temp.url,
        stdout: temp.url.appendingPathComponent("out-\(trial)"), stderr: temp.url.appendingPathComponent("err-\(trial)")
      )
      // Wait until some documents are stored (a different amount each trial), then kill without warning.
      let threshold = 5 + trial * 40
      let deadline = Date().addingTimeInterval(60)
      while process.isRunning, Date() < deadline {
        if FileManager.default.fileExists(atPath: db),
          let seen = try? stats(temp, db: db), seen.statistics.documents >= threshold
        {
          break
        }
        usleep(20_000)
      }
      #expect(process.isRunning, "the ingest was still running when killed (trial \(trial))")
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)

      let interrupted = try stats(temp, db: db)
      #expect(interrupted.integrity == ["ok"])
      #expect(interrupted.statistics.documents < count, "killed before the end (trial \(trial))")

      let rerun = try CommandRunner.run(["ingest", "corpus", "--db", db], in: temp.url)
      #expect(rerun.exitCode == 0, "\(rerun.stderr)")
      #expect(rerun.stdout.contains("\(count - interrupted.statistics.documents) added"))
      let final = try stats(temp, db: db)
      #expect(final.integrity == ["ok"])
      #expect(final.statistics.documents == count)
      let sources = final.documents?.map(\.source) ?? []
      #expect(Set(sources).count == count, "every document exactly once")
    }
  }

  @Test func twoIngestsAtOnceBothFinishWithoutDuplicates() throws {
    let count = 120
    let temp = try TemporaryDirectory()
    try makeCorpus(temp, count: count)
    let db = temp.path("kb.sqlite")
    let first = try CommandRunner.start(
      ["ingest", "corpus", "--db", db], in: temp.url,
      stdout: temp.url.appendingPathComponent("a.out"), stderr: temp.url.appendingPathComponent("a.err"))
    let second = try CommandRunner.start(
      ["ingest", "corpus", "--db", db], in: temp.url,
      stdout: temp.url.appendingPathComponent("b.out"), stderr: temp.url.appendingPathComponent("b.err"))
    first.waitUntilExit()
    second.waitUntilExit()
    let errors = [
      try String(contentsOf: temp.url.appendingPathComponent("a.err"), encoding: .utf8),
      try String(contentsOf: temp.url.appendingPathComponent("b.err"), encoding: .utf8),
    ]
    // Each run either finishes or stops with the documented "locked" message; neither corrupts the store.
    for (process, stderr) in zip([first, second], errors) where process.terminationStatus != 0 {
      #expect(process.terminationStatus == 75, "\(stderr)")
      #expect(stderr.contains("another cnkb"))
    }
    let rerun = try CommandRunner.run(["ingest", "corpus", "--db", db], in: temp.url)
    #expect(rerun.exitCode == 0)
    let final = try stats(temp, db: db)
    #expect(final.integrity == ["ok"])
    #expect(final.statistics.documents == count)
  }
}
