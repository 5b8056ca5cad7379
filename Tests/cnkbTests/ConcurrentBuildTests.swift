import Foundation
import Testing
import _CNKBTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Two `cnkb build` runs on one output folder: the second waits for the first (or, with `--wait 0`, stops
/// at once with exit code 75 and says why); the store stays sound and the exports are a single build's.
@Suite(.serialized) struct ConcurrentBuildTests {
  /// How long a test lets its builds run before it calls them hung.
  private static let deadline: TimeInterval = 300

  private struct Run {
    var process: Process
    var stderr: URL
    var errorText: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }
  }

  private func start(_ arguments: [String], _ temp: TemporaryDirectory, _ name: String) throws -> Run {
    let stderr = temp.url.appendingPathComponent("\(name).err")
    let process = try CommandRunner.start(
      arguments, in: temp.url, stdout: temp.url.appendingPathComponent("\(name).out"), stderr: stderr)
    return Run(process: process, stderr: stderr)
  }

  /// Waits for the runs to end, killing them (and failing) after `deadline` seconds.
  private func finish(_ runs: [Run]) {
    let limit = Date().addingTimeInterval(Self.deadline)
    while runs.contains(where: { $0.process.isRunning }), Date() < limit { usleep(20_000) }
    for run in runs where run.process.isRunning {
      Issue.record("cnkb \(run.process.arguments ?? []) still running after \(Self.deadline) s: killed")
      kill(run.process.processIdentifier, SIGKILL)
    }
    for run in runs { run.process.waitUntilExit() }
  }

  private func build(_ out: String, wait: String? = nil) -> [String] {
    ["build", Fixtures.samplesDirectory.path, "--out", out] + (wait.map { ["--wait", $0] } ?? [])
  }

  /// `stats --check` on the store: SQLite's integrity check must say `ok`.
  private func integrity(_ temp: TemporaryDirectory, _ out: String) throws -> [String] {
    let result = try CommandRunner.run(
      ["stats", "--db", out + "/kb.sqlite", "--check", "--format", "json"], in: temp.url)
    #expect(result.exitCode == 0, "\(result.stderr)")
    struct Stats: Decodable { var integrity: [String]? }
    return try JSONDecoder().decode(Stats.self, from: Data(result.stdout.utf8)).integrity ?? []
  }

  private func graph(_ temp: TemporaryDirectory, _ out: String) throws -> Data {
    try Data(contentsOf: temp.url.appendingPathComponent(out).appendingPathComponent("graph.json"))
  }

  @Test func twoBuildsStartedAtOnceRunOneAfterTheOther() throws {
    let temp = try TemporaryDirectory("cnkb-concurrent")
    let reference = try CommandRunner.run(build("reference"), in: temp.url)
    #expect(reference.exitCode == 0, "\(reference.stderr)")

    let started = Date()
    let runs = [try start(build("out"), temp, "first"), try start(build("out"), temp, "second")]
    finish(runs)
    let seconds = Date().timeIntervalSince(started)

    for run in runs {
      let status = run.process.terminationStatus
      #expect(run.process.terminationReason == .exit, "ended by a signal: \(run.errorText)")
      #expect(
        status == 0 || (status == 75 && run.errorText.contains("another cnkb build")),
        "exit \(status): \(run.errorText)")
    }
    // With the default --wait, the later run waits and then finishes too; at most one of them waited.
    #expect(runs.allSatisfy { $0.process.terminationStatus == 0 })
    let waited = runs.filter { $0.errorText.contains("waiting for another cnkb build in out (pid ") }
    #expect(waited.count <= 1)
    print("two builds at once: \(waited.count) waited; both done in \(String(format: "%.1f", seconds)) s")

    #expect(try integrity(temp, "out") == ["ok"])
    #expect(try graph(temp, "out") == graph(temp, "reference"), "graph.json equals a single build's")
  }

  @Test func withWaitZeroTheSecondBuildStopsAtOnceWithExitCode75() throws {
    let temp = try TemporaryDirectory("cnkb-concurrent")
    let reference = try CommandRunner.run(build("reference"), in: temp.url)
    #expect(reference.exitCode == 0, "\(reference.stderr)")

    let first = try start(build("out"), temp, "first")
    // The holder writes its process id into the lock file once it has the lock.
    let lockFile = temp.url.appendingPathComponent("out/.cnkb.lock")
    let limit = Date().addingTimeInterval(60)
    while first.process.isRunning, Date() < limit {
      let holder = (try? String(contentsOf: lockFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
      if holder == "\(first.process.processIdentifier)" { break }
      usleep(5_000)
    }
    let second = try CommandRunner.run(build("out", wait: "0"), in: temp.url)
    let firstStillRan = first.process.isRunning
    finish([first])

    #expect(first.process.terminationStatus == 0, "\(first.errorText)")
    if firstStillRan {
      #expect(second.exitCode == 75, "\(second.stderr)")
      #expect(second.stderr.contains("out: error: another cnkb build (pid \(first.process.processIdentifier))"))
      #expect(second.stderr.contains("--wait"), "says how to wait longer")
    } else {
      // The first build was done before the second could try: nothing was contended.
      #expect(second.exitCode == 0, "\(second.stderr)")
    }
    #expect(try integrity(temp, "out") == ["ok"])
    #expect(try graph(temp, "out") == graph(temp, "reference"))
  }

  @Test func aShortWaitGivesUpWithTheSameMessage() throws {
    let temp = try TemporaryDirectory("cnkb-concurrent")
    // Hold the folder's lock from this process, as another build would.
    let out = temp.url.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let descriptor = open(out.appendingPathComponent(".cnkb.lock").path, O_RDWR | O_CREAT, 0o644)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
    _ = "\(getpid())\n".withCString { write(descriptor, $0, strlen($0)) }

    let started = Date()
    let result = try CommandRunner.run(build("out", wait: "1"), in: temp.url)
    let seconds = Date().timeIntervalSince(started)
    #expect(result.exitCode == 75, "\(result.stderr)")
    #expect(result.stderr.contains("waiting for another cnkb build in out (pid \(getpid()))…"))
    #expect(result.stderr.contains("out: error: another cnkb build (pid \(getpid())) is writing here"))
    #expect(seconds < 30, "gave up after about a second: took \(seconds) s")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("kb.sqlite").path), "touched nothing")

    // An ingest into the same folder waits for the same lock.
    let ingest = try CommandRunner.run(
      ["ingest", Fixtures.samplesDirectory.path, "--db", "out/kb.sqlite", "--wait", "0"], in: temp.url)
    #expect(ingest.exitCode == 75, "\(ingest.stderr)")
    #expect(ingest.stderr.contains("another cnkb build (pid \(getpid()))"))
  }
}
