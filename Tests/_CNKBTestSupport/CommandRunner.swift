import Foundation

/// Runs the built `cnkb` executable the way a user would, capturing its exit code and output.
public enum CommandRunner {
  /// What a finished run printed and returned.
  public struct Result: Sendable {
    /// The process exit status.
    public var exitCode: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
  }

  /// The `cnkb` binary beside the test bundle (SwiftPM builds it because the tests depend on it).
  public static var executableURL: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    // On Linux the runner is `<products>/cnkbPackageTests.xctest`; on macOS it sits inside a bundle.
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("cnkb").path),
      folder.path != "/"
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("cnkb")
  }

  /// Starts `cnkb` with the arguments; the caller waits for or kills the process.
  public static func start(
    _ arguments: [String], in directory: URL, stdout: URL, stderr: URL
  ) throws -> Process {
    let process = Process()
    process.executableURL = executableURL
    process.arguments = arguments
    process.currentDirectoryURL = directory
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Runs `cnkb` to completion in `directory`, feeding `input` on standard input.
  public static func run(_ arguments: [String], in directory: URL, input: Data? = nil) throws -> Result {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cnkb-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    let inURL = scratch.appendingPathComponent("stdin")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: inURL.path, contents: input ?? Data())

    let process = Process()
    process.executableURL = executableURL
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    try process.run()
    process.waitUntilExit()
    return Result(
      exitCode: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }
}

/// A temporary folder removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  /// The folder.
  public let url: URL

  /// Creates a fresh empty folder under the system's temporary directory.
  public init(_ prefix: String = "cnkb-test") throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// A path inside the folder.
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes a file inside the folder (creating subfolders) and returns its path.
  @discardableResult
  public func write(_ name: String, _ data: Data) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
    return file.path
  }

  /// Writes a UTF-8 text file inside the folder and returns its path.
  @discardableResult
  public func write(_ name: String, _ text: String) throws -> String {
    try write(name, Data(text.utf8))
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// The gold lists of `../shared/eval/seed-dev`, read at run time (never copied into the project).
public enum SeedGold {
  /// The folder, when `../shared` is present.
  public static var directory: URL? {
    let url = Fixtures.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/eval/seed-dev")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// Rows of a TSV file in the gold folder, as dictionaries keyed by the header's column names.
  public static func rows(_ file: String) throws -> [[String: String]] {
    guard let directory else { return [] }
    let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard !lines.isEmpty else { return [] }
    let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    return lines.map { line in
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      var row: [String: String] = [:]
      for (index, name) in header.enumerated() where index < cells.count { row[name] = cells[index] }
      return row
    }
  }
}
