import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb diagram`: the neighbourhood of a term as a Graphviz diagram, DOT or SVG.
struct DiagramCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagram",
    abstract: "Draw the neighbourhood of a term as Graphviz DOT, or SVG through Graphviz's dot.",
    discussion: """
      Keeps the concepts within --depth relations of the term (in either direction), nearest and strongest \
      first, up to --max-nodes, and the relations between them; the term is drawn filled. --format svg runs \
      Graphviz's dot (found on PATH) and needs Graphviz installed. Without --format, an --output ending in \
      .svg means svg.
      """
  )

  /// What the diagram is written as.
  enum DiagramFormat: String, ExpressibleByArgument, CaseIterable {
    /// Graphviz source.
    case dot
    /// SVG drawn by Graphviz's `dot -Tsvg`.
    case svg
  }

  @Argument(help: ArgumentHelp("The term at the centre.", valueName: "term"))
  var term: String

  @Option(help: "Follow relations this many steps out from the term.")
  var depth: Int = 1

  @Option(help: "Keep at most this many concepts, the term included.")
  var maxNodes: Int = 25

  @Option(help: ArgumentHelp("Output format: dot or svg (default: dot).", valueName: "format"))
  var format: DiagramFormat?

  @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
  var output: String?

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if term.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("give a term, e.g. cnkb diagram CNI")
    }
    if depth < 1 { throw ValidationError("--depth must be at least 1") }
    if maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1") }
  }

  func run() throws {
    // The term is looked up by name; then only the concepts the diagram keeps are read, a hop at a time.
    let concept = try Questions.concept(named: term, store, logging)
    let neighbourhood = try Questions.reading(store, logging) { base throws(PipelineError) in
      try base.diagramNeighbourhood(of: concept.id, depth: depth, maxNodes: maxNodes)
    }
    guard
      let neighbourhood,
      let dot = DOTRenderer.render(neighbourhoodOf: concept.id, in: neighbourhood, depth: depth, maxNodes: maxNodes)
    else {
      throw Questions.fail(.unknownTerm(term, suggestions: []), db: store.db)
    }
    let chosen = format ?? (output?.lowercased().hasSuffix(".svg") == true ? .svg : .dot)
    let data = chosen == .svg ? try Self.svg(from: dot) : Data(dot.utf8)
    guard let output else {
      FileHandle.standardOutput.write(data)
      return
    }
    do {
      let url = URL(fileURLWithPath: output)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url, options: .atomic)
    } catch {
      let failure = PipelineError.cannotWrite(path: output, reason: error.localizedDescription)
      Terminal.error(failure.description)
      throw ExitCode(failure.exitCode)
    }
    Terminal.out("wrote \(output)\n")
  }

  /// The diagram drawn as SVG by Graphviz's `dot`, or an error printed and an exit.
  ///
  /// Exits with 69 (a required program is unavailable) when `dot` is not on PATH, and 1 when it fails.
  static func svg(from dot: String) throws -> Data {
    let graphviz = Graphviz()
    guard graphviz.isAvailable else {
      Terminal.error(
        "error: Graphviz's dot was not found on PATH; install Graphviz (e.g. apt-get install graphviz or "
          + "brew install graphviz), or use --format dot")
      throw ExitCode(69)
    }
    do throws(GraphvizError) {
      return Data(try graphviz.svg(fromDOT: dot).utf8)
    } catch {
      Terminal.error("error: \(error.description)")
      throw ExitCode(1)
    }
  }
}
