import CNKBExport
import CNKBModel
import Crypto
import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why Graphviz could not draw a graph.
public enum GraphvizError: Error, CustomStringConvertible, Equatable, Sendable {
  /// No executable `dot` was found; the text says where it was looked for (`on PATH`, `at /some/dot`).
  case notFound(String)
  /// `dot` could not be started, or its input and output files could not be handled.
  case cannotRun(path: String, reason: String)
  /// `dot` exited with a non-zero status; `message` is what it wrote on standard error.
  case failed(path: String, status: Int32, message: String)
  /// `dot` was still running when the time ran out and was killed.
  case timedOut(path: String, after: Duration)

  /// The message a user sees, in the compiler-like shape `path: error: what (what to do)`.
  public var description: String {
    switch self {
    case .notFound(let place):
      "error: Graphviz's dot was not found \(place) (install Graphviz, e.g. apt-get install graphviz)"
    case .cannotRun(let path, let reason):
      "\(path): error: cannot run Graphviz: \(reason)"
    case .failed(let path, let status, let message):
      "\(path): error: Graphviz failed (exit \(status))" + (message.isEmpty ? "" : ": " + message)
    case .timedOut(let path, let after):
      "\(path): error: Graphviz did not finish within \(after) and was stopped (the graph may be too large)"
    }
  }
}

/// Graphviz's `dot`, run as a separate process to turn DOT source into SVG.
///
/// Each drawing runs one `dot -Tsvg` with the DOT on its standard input. Input and output go through files in
/// a private temporary folder, so nothing can block on a full pipe; a drawing that takes too long is killed.
/// `dot` loads only its layout and core plugins where that can be arranged (see `GraphvizPlugins`), so drawings
/// do not depend on the machine's fonts.
public struct Graphviz: Sendable {
  /// The `dot` executable, or nil when none was found.
  public let executableURL: URL?
  /// Where the executable was looked for, for error messages.
  private let searched: String
  /// The environment `dot` runs with.
  private let environment: [String: String]

  /// Finds `dot`: at `dotPath` when given (a path, or a bare name looked up on PATH), else on PATH.
  ///
  /// - Parameters:
  ///   - dotPath: an explicit executable, or nil to search PATH for `dot`.
  ///   - environment: the environment whose PATH is searched, and which `dot` runs with.
  public init(dotPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
    let name = dotPath ?? "dot"
    if name.contains("/") {
      executableURL = FileManager.default.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
      searched = "at \(name)"
      return
    }
    let folders = (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true)
    executableURL = folders.lazy.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
      .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    searched = "on PATH"
  }

  /// Whether an executable `dot` was found.
  public var isAvailable: Bool { executableURL != nil }

  /// The SVG that `dot -Tsvg` draws for `dot` source.
  ///
  /// `dot` runs with its core plugins only when they can be worked out (see `GraphvizPlugins`): labels are then
  /// measured with Graphviz's own font metrics, not the machine's fonts.
  ///
  /// - Throws: `GraphvizError.notFound` without an executable, `.failed` with dot's messages when it exits
  ///   with an error, `.timedOut` when it is still running after `timeout` (it is killed).
  public func svg(fromDOT source: String, timeout: Duration = .seconds(30)) throws(GraphvizError) -> String {
    try run(["-Tsvg"], input: source, timeout: timeout, plugins: corePlugins(timeout: timeout)).output
  }

  /// Whether drawings use Graphviz's core plugins only, and so its own font metrics (see `GraphvizPlugins`).
  public var measuresTextWithoutSystemFonts: Bool { corePlugins(timeout: .seconds(30)) != nil }

  /// The cut-down plugin configuration for this `dot`, worked out once per executable and process from `dot -v`;
  /// nil when it cannot be, and `dot` then draws with its own configuration.
  func corePlugins(timeout: Duration) -> GraphvizPlugins? {
    guard let executableURL else { return nil }
    // A GVBINDIR of the caller's own names the configuration `dot -v` reports.
    return Self.pluginsByExecutable.value(for: executableURL.path + "\u{0}" + (environment["GVBINDIR"] ?? "")) {
      guard let report = try? run(["-v"], input: "", timeout: timeout, plugins: nil) else { return nil }
      return GraphvizPlugins.from(versionReport: report.messages) { try? String(contentsOfFile: $0, encoding: .utf8) }
    }
  }

  /// What `corePlugins(timeout:)` found, by executable path and GVBINDIR.
  private static let pluginsByExecutable = Memo<GraphvizPlugins?>()

  /// Runs `dot` with `arguments` and `source` on its standard input, and gives back its standard output and error.
  ///
  /// With `plugins`, `dot` reads them from a folder beside its input (`GVBINDIR`).
  private func run(
    _ arguments: [String], input source: String, timeout: Duration, plugins: GraphvizPlugins?
  ) throws(GraphvizError) -> (output: String, messages: String) {
    guard let executableURL else { throw .notFound(searched) }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cnkb-dot-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let inputURL = scratch.appendingPathComponent("graph.dot")
    let outputURL = scratch.appendingPathComponent("graph.svg")
    let errorURL = scratch.appendingPathComponent("stderr.txt")

    let process = Process()
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      try Data(source.utf8).write(to: inputURL)
      _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
      _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
      let input = try FileHandle(forReadingFrom: inputURL)
      let output = try FileHandle(forWritingTo: outputURL)
      let errors = try FileHandle(forWritingTo: errorURL)
      defer {
        try? input.close()
        try? output.close()
        try? errors.close()
      }
      process.executableURL = executableURL
      process.arguments = arguments
      process.standardInput = input
      process.standardOutput = output
      process.standardError = errors
      var environment = environment
      if let plugins {
        let folder = scratch.appendingPathComponent("plugins")
        try plugins.install(in: folder)
        environment["GVBINDIR"] = folder.path
      }
      process.environment = environment
      try process.run()
    } catch {
      throw .cannotRun(path: executableURL.path, reason: Self.reason(error))
    }

    if finished.wait(timeout: .now() + Self.interval(timeout)) == .timedOut {
      // SIGKILL straight away: dot has nothing to clean up, and a child can inherit a mask that blocks SIGTERM.
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
      throw .timedOut(path: executableURL.path, after: timeout)
    }
    let messages = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      throw .failed(
        path: executableURL.path, status: process.terminationStatus,
        message: messages.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    do {
      return (String(decoding: try Data(contentsOf: outputURL), as: UTF8.self), messages)
    } catch {
      throw .cannotRun(path: executableURL.path, reason: Self.reason(error))
    }
  }

  /// The SVG of each DOT source, in input order, drawn by up to `maximumConcurrency` `dot` processes at once.
  ///
  /// Each result is the SVG or the error that drawing met; one failure does not stop the others. The default
  /// concurrency is the number of active processor cores.
  public func svgs(
    fromDOT sources: [String], timeout: Duration = .seconds(30), maximumConcurrency: Int? = nil
  ) -> [Result<String, GraphvizError>] {
    guard !sources.isEmpty else { return [] }
    let workers = min(sources.count, max(1, maximumConcurrency ?? ProcessInfo.processInfo.activeProcessorCount))
    let board = WorkBoard(count: sources.count)
    // Threads rather than concurrentPerform: the workers mostly wait for dot, and Dispatch would cap them at the
    // core count whatever `maximumConcurrency` says.
    let done = DispatchGroup()
    for _ in 0..<workers {
      done.enter()
      let thread = Thread {
        while let index = board.nextIndex() {
          let result: Result<String, GraphvizError>
          do throws(GraphvizError) {
            result = .success(try svg(fromDOT: sources[index], timeout: timeout))
          } catch {
            result = .failure(error)
          }
          board.record(result, at: index)
        }
        done.leave()
      }
      thread.start()
    }
    done.wait()
    return board.results()
  }

  /// The duration as Dispatch takes it, clamped to zero and a very large finite value.
  private static func interval(_ duration: Duration) -> DispatchTimeInterval {
    let (seconds, attoseconds) = duration.components
    let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    return .nanoseconds(Int(min(max(0, nanoseconds), Double(Int.max / 2))))
  }

  /// A short reason for a Foundation error.
  private static func reason(_ error: any Error) -> String {
    (error as NSError).localizedFailureReason ?? error.localizedDescription
  }

  /// Values worked out once per key and process; a caller asking while another works one out waits for it.
  private final class Memo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for key: String, _ make: () -> Value) -> Value {
      lock.lock()
      defer { lock.unlock() }
      if let known = values[key] { return known }
      let made = make()
      values[key] = made
      return made
    }
  }

  /// The next index to draw and the results so far, shared by the workers under a lock.
  private final class WorkBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<String, GraphvizError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < slots.count else { return nil }
      next += 1
      return next - 1
    }

    func record(_ result: Result<String, GraphvizError>, at index: Int) {
      lock.lock()
      defer { lock.unlock() }
      slots[index] = result
    }

    func results() -> [Result<String, GraphvizError>] {
      lock.lock()
      defer { lock.unlock() }
      return slots.map { $0 ?? .failure(.cannotRun(path: "dot", reason: "the drawing was never attempted")) }
    }
  }
}

extension Graphviz {
  /// Neighbourhood diagrams for the HTML glossary: for each concept scoring at least `minimumScore`, the SVG of
  /// its neighbourhood among those concepts, keyed by concept id.
  ///
  /// Concepts without a relation to another glossary concept get no diagram. Each node other than the centre
  /// links to its glossary entry. Pass the result to `GlossaryHTMLRenderer.render(_:diagrams:minimumScore:…)`
  /// with the same `minimumScore`, so every linked node has an entry.
  ///
  /// - Throws: the first error in concept order when any drawing fails (`GraphvizError.notFound` when there is
  ///   no `dot`).
  ///
  /// At most `limit` concepts get a diagram, the highest-scoring first, so a glossary of a large corpus stays a
  /// page a browser opens.
  ///
  /// With `cacheFolder`, each drawing is kept there under the hash of its DOT source and reused by later calls,
  /// so a rebuild draws only the neighbourhoods that changed; drawings no longer needed are removed.
  public func glossaryDiagrams(
    for graph: ConceptGraph, minimumScore: Double = 0, depth: Int = 1, maxNodes: Int = 12,
    timeout: Duration = .seconds(30), cacheFolder: URL? = nil, limit: Int = 500
  ) throws(GraphvizError) -> [ConceptID: String] {
    let glossary = graph.keeping { $0.score >= minimumScore }
    let index = GraphNeighbourhoods(glossary)
    let chosen = Set(
      glossary.concepts.filter { index.hasNeighbours($0.id) }
        .sorted { ($1.score, $0.id) < ($0.score, $1.id) }.prefix(max(0, limit)).map(\.id))
    var ids: [ConceptID] = []
    var sources: [String] = []
    for concept in glossary.concepts where chosen.contains(concept.id) {
      guard
        let neighbourhood = index.neighbourhood(of: concept.id, depth: depth, maxNodes: maxNodes),
        neighbourhood.concepts.count > 1,
        let dot = DOTRenderer.render(neighbourhoodOf: concept.id, in: index, depth: depth, maxNodes: maxNodes)
      else { continue }
      ids.append(concept.id)
      sources.append(Self.linkingNodes(of: dot, to: neighbourhood.concepts.map(\.id), except: concept.id))
    }
    guard isAvailable else { throw .notFound(searched) }
    var diagrams: [ConceptID: String] = [:]
    // Drawings already in the cache are read back; the rest are drawn and stored.
    // Drawn with the core plugins or with the system's, the same source gives different drawings.
    let plugins = corePlugins(timeout: timeout)?.config ?? "system plugins"
    let keys = sources.map { cacheKey(for: $0, plugins: plugins) }
    var missing: [Int] = []
    for (index, key) in keys.enumerated() {
      if let cacheFolder,
        let cached = try? String(contentsOf: cacheFolder.appendingPathComponent(key), encoding: .utf8)
      {
        diagrams[ids[index]] = cached
      } else {
        missing.append(index)
      }
    }
    let drawn = svgs(fromDOT: missing.map { sources[$0] }, timeout: timeout)
    for (index, result) in zip(missing, drawn) {
      let svg = try result.get()
      diagrams[ids[index]] = svg
      if let cacheFolder {
        try? FileManager.default.createDirectory(at: cacheFolder, withIntermediateDirectories: true)
        try? Data(svg.utf8).write(to: cacheFolder.appendingPathComponent(keys[index]), options: .atomic)
      }
    }
    if let cacheFolder, let stored = try? FileManager.default.contentsOfDirectory(atPath: cacheFolder.path) {
      let used = Set(keys)
      for name in stored where name.hasSuffix(".svg") && !used.contains(name) {
        try? FileManager.default.removeItem(at: cacheFolder.appendingPathComponent(name))
      }
    }
    return diagrams
  }

  /// The cache file name of a drawing: the SHA-256 of the executable's path, the plugins it draws with and the
  /// DOT source.
  private func cacheKey(for source: String, plugins: String) -> String {
    var hasher = SHA256()
    hasher.update(data: Data((executableURL?.path ?? "").utf8))
    hasher.update(data: Data([0]))
    hasher.update(data: Data(plugins.utf8))
    hasher.update(data: Data([0]))
    hasher.update(data: Data(source.utf8))
    return hasher.finalize().map { String(format: "%02x", $0) }.joined() + ".svg"
  }

  /// The DOT source with a link from each node in `ids` (but `centre`) to the page anchor of its id.
  ///
  /// The statements go before the closing brace; later attributes add to a node without moving it.
  static func linkingNodes(of dot: String, to ids: [ConceptID], except centre: ConceptID) -> String {
    let statements = ids.filter { $0 != centre }.compactMap { id -> String? in
      // Graphviz expands backslash escapes in URL values; ids are slugs, but never pass one through.
      guard !id.rawValue.contains("\\"), !id.rawValue.contains("\""), !id.rawValue.contains("\n") else { return nil }
      return "  \"\(id.rawValue)\" [URL=\"#\(id.rawValue)\"];"
    }
    guard !statements.isEmpty, let close = dot.range(of: "}", options: .backwards) else { return dot }
    return String(dot[..<close.lowerBound]) + statements.joined(separator: "\n") + "\n" + dot[close.lowerBound...]
  }
}
