import Foundation
import Testing
import _CNKBTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A build that cannot write (a read-only output folder, a full disk, an output path taken by a folder)
/// stops with a message naming the file and exit code 73, and leaves the previous outputs and the store
/// as they were.
@Suite struct OutputFailureTests {
  /// The outputs compared byte for byte before and after the failed build.
  private static let kept = ["graph.json", "graph.dot", "glossary.md"]

  /// A copy of the samples in `in/`, built once into `out/`; returns the outputs' bytes.
  private func buildOnce(_ temp: TemporaryDirectory) throws -> [String: Data] {
    try FileManager.default.copyItem(at: Fixtures.samplesDirectory, to: temp.url.appendingPathComponent("in"))
    let first = try CommandRunner.run(["build", "in", "--out", "out"], in: temp.url)
    #expect(first.exitCode == 0, "\(first.stderr)")
    return try outputs(temp)
  }

  private func outputs(_ temp: TemporaryDirectory) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in Self.kept {
      result[name] = try Data(contentsOf: temp.url.appendingPathComponent("out").appendingPathComponent(name))
    }
    return result
  }

  /// A new page big enough that storing it writes far more than the file size limit below.
  private func addPage(_ temp: TemporaryDirectory) throws {
    var page = "<html><body><article><h1>Added later</h1>"
    for index in 0..<3_000 {
      page += "<p>Paragraph \(index): Calico routes pod traffic over BGP while Cilium enforces policy with eBPF.</p>"
    }
    try temp.write("in/added.html", page + "</article></body></html>")
  }

  /// SQLite's integrity check through `cnkb stats --check`.
  private func integrity(_ temp: TemporaryDirectory) throws -> [String] {
    let result = try CommandRunner.run(["stats", "--db", "out/kb.sqlite", "--check", "--format", "json"], in: temp.url)
    #expect(result.exitCode == 0, "\(result.stderr)")
    struct Stats: Decodable { var integrity: [String]? }
    return try JSONDecoder().decode(Stats.self, from: Data(result.stdout.utf8)).integrity ?? []
  }

  /// Runs a program in `directory`, capturing its exit status and standard error.
  private func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let errors = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: errors)
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    defer { try? FileManager.default.removeItem(at: errors) }
    #expect(process.terminationReason == .exit, "\(executable) was killed by signal \(process.terminationStatus)")
    return (process.terminationStatus, try String(contentsOf: errors, encoding: .utf8))
  }

  @Test func readOnlyOutputFolder() throws {
    let temp = try TemporaryDirectory("cnkb-readonly")
    let before = try buildOnce(temp)
    try addPage(temp)
    let cnkb = CommandRunner.executableURL.path
    let out = temp.url.appendingPathComponent("out").path
    let status: Int32
    let stderr: String
    if geteuid() != 0 {
      chmod(out, 0o555)
      defer { chmod(out, 0o755) }
      (status, stderr) = try run(cnkb, ["build", "in", "--out", "out"], in: temp.url)
    } else {
      // Root writes whatever the mode says: run the build as nobody instead, for whom the folder (owned by
      // root, mode 755) is read-only. The inputs and the program stay readable to everyone.
      guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
        print("skipped: running as root and setpriv (util-linux) is missing, so no folder can be made read-only")
        return
      }
      chmod(temp.url.path, 0o755)
      let asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", cnkb]
      guard try run("/usr/bin/setpriv", asNobody + ["--version"], in: temp.url).0 == 0 else {
        print("skipped: running as root, and user nobody cannot run \(cnkb) (a folder on its path is private)")
        return
      }
      (status, stderr) = try run("/usr/bin/setpriv", asNobody + ["build", "in", "--out", "out"], in: temp.url)
    }
    #expect(status == 73, "\(stderr)")
    #expect(stderr.contains("out/kb.sqlite: error:") || stderr.contains("out/graph.json: error:"), "\(stderr)")
    #expect(stderr.contains("read-only") || stderr.contains("permission denied"), "\(stderr)")
    #expect(try outputs(temp) == before, "the previous outputs are untouched")
    #expect(try integrity(temp) == ["ok"])
  }

  @Test func fullDiskThroughAFileSizeLimit() throws {
    let temp = try TemporaryDirectory("cnkb-fsize")
    let before = try buildOnce(temp)
    try addPage(temp)
    // `ulimit -f 64` (blocks of 512 bytes in dash, 1 KiB in bash: 32 or 64 KiB) is far below what storing
    // the new page writes. cnkb ignores SIGXFSZ, so the write fails with EFBIG instead of killing it.
    let (status, stderr) = try run(
      "/bin/sh",
      ["-c", "ulimit -f 64 && exec \"$0\" \"$@\"", CommandRunner.executableURL.path, "build", "in", "--out", "out"],
      in: temp.url)
    #expect(status == 73, "\(stderr)")
    #expect(stderr.contains("out/kb.sqlite: error: cannot write the database: the disk is full or a file size limit"))
    #expect(!stderr.contains("INSERT"), "no SQL in the message")
    #expect(try outputs(temp) == before, "the previous outputs are untouched")
    #expect(try integrity(temp) == ["ok"])

    // With the limit gone the same build goes through and picks up the new page.
    let again = try CommandRunner.run(["build", "in", "--out", "out"], in: temp.url)
    #expect(again.exitCode == 0, "\(again.stderr)")
    #expect(again.stdout.contains("1 added"))
  }

  @Test func exportsStopAtAnOutputTheyCannotReplace() throws {
    let temp = try TemporaryDirectory("cnkb-blocked")
    let before = try buildOnce(temp)
    // A folder where glossary.html goes: the rename over it fails, whoever runs the build.
    let blocked = temp.url.appendingPathComponent("out/glossary.html")
    try FileManager.default.removeItem(at: blocked)
    try FileManager.default.createDirectory(
      at: blocked.appendingPathComponent("occupied"), withIntermediateDirectories: true)
    let result = try CommandRunner.run(["build", "in", "--out", "out"], in: temp.url)
    #expect(result.exitCode == 73, "\(result.stderr)")
    #expect(result.stderr.contains("out/glossary.html: error: cannot write the output:"), "\(result.stderr)")
    #expect(try outputs(temp) == before, "the other outputs are as they were")
    #expect(try integrity(temp) == ["ok"])
    // No temporary file is left behind.
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: temp.path("out")).filter {
      $0.contains(".tmp-")
    }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }
}
