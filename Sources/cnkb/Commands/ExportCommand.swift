import ArgumentParser
import CNKBPipeline
import Foundation

/// `cnkb export`: the stored graph, or one term's neighbourhood, in a format another tool imports.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the graph, or a term's neighbourhood, as JSON, DOT, Mermaid, GraphML, Cytoscape or a glossary.",
    discussion: """
      Formats: json (node-link, what graph.json holds), dot (Graphviz), mermaid (graph LR, trimmed to the \
      strongest part under Mermaid's limits of 500 edges and 50,000 characters, saying so in a comment), \
      graphml (networkx, Gephi, yEd), cytoscape (Cytoscape.js elements), glossary-md, glossary-html, \
      glossary-json, mkdocs (a MkDocs Material abbreviations snippet) and hugo (a Hugo data file). \
      --around TERM keeps the concepts within --depth relations of the term.
      """
  )

  /// The formats `cnkb export` writes.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, dot, mermaid, graphml, cytoscape
    case glossaryMarkdown = "glossary-md"
    case glossaryHTML = "glossary-html"
    case glossaryJSON = "glossary-json"
    case mkdocs, hugo
  }

  @Option(
    help: ArgumentHelp("The format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "format"))
  var format: Format

  @Option(help: ArgumentHelp("Only this term's neighbourhood.", valueName: "term"))
  var around: String?

  @Option(help: "With --around: follow relations this many steps out.")
  var depth: Int = 1

  @Option(help: "With --around: keep at most this many concepts.")
  var maxNodes: Int = 25

  @Option(help: ArgumentHelp("Glossary formats: leave out concepts scoring below this.", valueName: "score"))
  var minScore: Double = ExportOptions().glossaryMinimumScore

  @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
  var output: String?

  @OptionGroup var store: StoreOptions
  @OptionGroup var logging: LoggingOptions

  func validate() throws {
    if depth < 1 { throw ValidationError("--depth must be at least 1") }
    if maxNodes < 1 { throw ValidationError("--max-nodes must be at least 1") }
    if around != nil && around?.trimmingCharacters(in: .whitespaces).isEmpty == true {
      throw ValidationError("--around needs a term")
    }
  }

  func run() throws {
    let graph: ConceptGraph
    if let around {
      // Only the concepts the neighbourhood keeps are read, a hop at a time, not the whole graph.
      let concept = try Questions.concept(named: around, store, logging)
      guard
        let read = try Questions.reading(
          store, logging,
          { base throws(PipelineError) in
            try base.diagramNeighbourhood(of: concept.id, depth: depth, maxNodes: maxNodes)
          }),
        let part = DOTRenderer.neighbourhood(of: concept.id, in: read, depth: depth, maxNodes: maxNodes)
      else {
        throw Questions.fail(.unknownTerm(around, suggestions: []), db: store.db)
      }
      graph = part
    } else {
      graph = try Questions.load(store, logging).graph
    }
    let text = try Self.render(graph, as: format, minimumScore: around == nil ? minScore : 0)
    guard let output else {
      Terminal.out(text)
      return
    }
    do {
      let url = URL(fileURLWithPath: output)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      let failure = PipelineError.cannotWrite(path: output, reason: error.localizedDescription)
      Terminal.error(failure.description)
      throw ExitCode(failure.exitCode)
    }
    Terminal.error("wrote \(output)")
  }

  /// The graph in `format`.
  static func render(_ graph: ConceptGraph, as format: Format, minimumScore: Double) throws -> String {
    switch format {
    case .json: return KnowledgeBase.graphJSON(graph)
    case .dot: return DOTRenderer.render(graph)
    case .mermaid: return MermaidRenderer.render(graph)
    case .graphml: return GraphMLRenderer.render(graph)
    case .cytoscape: return CytoscapeRenderer.render(graph)
    case .glossaryMarkdown: return GlossaryRenderer.render(graph, minimumScore: minimumScore)
    case .glossaryJSON: return GlossaryDataRenderer.glossaryJSON(graph, minimumScore: minimumScore)
    case .mkdocs: return GlossaryDataRenderer.mkdocsAbbreviations(graph, minimumScore: minimumScore)
    case .hugo: return GlossaryDataRenderer.hugoData(graph, minimumScore: minimumScore)
    case .glossaryHTML:
      let graphviz = Graphviz()
      let diagrams =
        graphviz.isAvailable ? (try? graphviz.glossaryDiagrams(for: graph, minimumScore: minimumScore)) ?? [:] : [:]
      if !graphviz.isAvailable {
        Terminal.error("note: Graphviz's dot is not installed, so the glossary page has no diagrams")
      }
      return GlossaryHTMLRenderer.render(graph, diagrams: diagrams, minimumScore: minimumScore)
    }
  }
}
