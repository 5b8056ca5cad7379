import CNKBExport
import CNKBModel
import CNKBStore
import Foundation
import Logging

/// What `cnkb build` writes beside the database.
public struct ExportOptions: Sendable, Hashable {
  /// Concepts scoring below this stay out of the glossary.
  public var glossaryMinimumScore: Double = 2
  /// Concepts scoring below this stay out of the whole-graph diagram (the JSON export keeps every concept).
  public var diagramMinimumScore: Double = 4
  /// How many of the strongest concepts `graph.svg`, the picture of the whole, shows.
  public var pictureConcepts = 60
  /// Most `related_to` edges per concept in the whole-graph diagram (typed relations are all kept).
  public var diagramRelatedPerConcept = 2
  /// Creates the default options.
  public init() {}
}

extension KnowledgeBase {
  /// Writes the exports into `folder`: `graph.json` (every concept and relation), `graph.dot`, `graph.svg` and
  /// `graph.mmd` (the stronger concepts, clustered by category), `graph.graphml`, and the glossary as
  /// `glossary.md`, `glossary.html`, `glossary.json`, `abbreviations.md` (MkDocs) and `glossary-hugo.json`.
  ///
  /// The files replace the previous ones together, once every one of them is written: when any fails, none
  /// is replaced.
  public func writeExports(
    _ graph: ConceptGraph, to folder: String, options: ExportOptions = ExportOptions()
  ) throws(PipelineError) {
    let pending = PendingFiles()
    do throws(PipelineError) {
      try writeExports(graph, to: folder, options: options, pending: pending)
    } catch {
      pending.discard()
      throw error
    }
    try pending.commit()
  }

  /// Writes the exports beside their destinations in `folder`, leaving them in `pending` to be put in place.
  func writeExports(
    _ graph: ConceptGraph, to folder: String, options: ExportOptions, pending: PendingFiles
  ) throws(PipelineError) {
    let glossaryScore = options.glossaryMinimumScore
    let logger = self.logger
    // What every glossary format shows is worked out once, by the first lane's first group, and read by its
    // second: the two run one after the other on the same thread.
    let glossary = GlossaryContentBox()
    // The Graphviz drawings need only the graph: they start first, on their own thread, because their time is
    // mostly `dot` processes starting and finishing, which the lanes' work can fill. The page waits for them.
    let drawings = BackgroundWork { Self.drawGraphviz(graph, options: options, folder: folder, logger: logger) }
    defer { _ = drawings.wait() }
    // Independent groups of files in two lanes, one per core (a build stores its graph on a thread of its own
    // meanwhile, and the drawings run on a third). The large files are written as they are made, never held
    // whole: built as one string, the 17.9 MB glossary page of 50 MB of HTML held 51.9 MB at the build's peak
    // (graph.dot, graph.mmd and abbreviations.md, 3.2 MB together at 104 MB, are made whole). The glossary
    // files share the first lane, after the content they all show; the graph's files share the second. When
    // several groups fail, the first in this order is reported.
    let lanes: [[(files: String, write: @Sendable () throws(PipelineError) -> Void)]] = [
      [
        (
          "glossary.md and the glossary data",
          { () throws(PipelineError) in
            let content = glossary.content(of: graph, minimumScore: glossaryScore)
            try writeAtomically(to: folder + "/glossary.md", pending: pending) {
              GlossaryRenderer.render(content, to: &$0)
            }
            try writeAtomically(to: folder + "/glossary.json", pending: pending) {
              GlossaryDataRenderer.glossaryJSON(content, to: &$0)
            }
            try writeAtomically(
              GlossaryDataRenderer.mkdocsAbbreviations(content), to: folder + "/abbreviations.md", pending: pending)
            try writeAtomically(to: folder + "/glossary-hugo.json", pending: pending) {
              GlossaryDataRenderer.hugoData(content, to: &$0)
            }
          }
        ),
        (
          "graph.svg and glossary.html",
          { () throws(PipelineError) in
            let drawn = drawings.wait()
            if let picture = drawn.picture {
              try writeAtomically(picture, to: folder + "/graph.svg", pending: pending)
            }
            let content = glossary.content(of: graph, minimumScore: glossaryScore)
            try writeAtomically(to: folder + "/glossary.html", pending: pending) {
              GlossaryHTMLRenderer.render(content, diagrams: drawn.diagrams, to: &$0)
            }
          }
        ),
      ],
      [
        (
          "graph.graphml",
          { () throws(PipelineError) in
            try writeAtomically(to: folder + "/graph.graphml", pending: pending) {
              GraphMLRenderer.render(graph, to: &$0)
            }
          }
        ),
        (
          "graph.json",
          { () throws(PipelineError) in
            try writeAtomically(to: folder + "/graph.json", pending: pending) { NodeLinkJSON.write(graph, to: &$0) }
          }
        ),
        (
          "graph.dot and graph.mmd",
          { () throws(PipelineError) in
            let core = graph.keeping { $0.score >= options.diagramMinimumScore }
              .thinningAssociations(toStrongest: options.diagramRelatedPerConcept)
            try writeAtomically(DOTRenderer.render(core), to: folder + "/graph.dot", pending: pending)
            try writeAtomically(MermaidRenderer.render(core), to: folder + "/graph.mmd", pending: pending)
          }
        ),
      ],
    ]
    let failures = OrderedResults<PipelineError?>(count: lanes.count)
    DispatchQueue.concurrentPerform(iterations: lanes.count) { lane in
      var first: PipelineError?
      for group in lanes[lane] {
        var stage = StageClock(logger: logger)
        do throws(PipelineError) {
          try group.write()
        } catch {
          first = first ?? error
        }
        stage.lap("writing \(group.files)")
      }
      failures.store(first, at: lane)
    }
    for lane in lanes.indices {
      if let failure = failures.take(lane) { throw failure }
    }
  }

  /// The drawings `glossary.html` and `graph.svg` need: a diagram per glossary entry (by concept id) and the
  /// picture of the strongest concepts.
  ///
  /// Both need Graphviz; without it (or when it fails, which is logged) there are no diagrams and no picture.
  private static func drawGraphviz(
    _ graph: ConceptGraph, options: ExportOptions, folder: String, logger: Logger
  ) -> (diagrams: [ConceptID: String], picture: String?) {
    let graphviz = Graphviz()
    guard graphviz.isAvailable else {
      logger.notice("Graphviz's dot is not installed: glossary.html has no diagrams and graph.svg is not drawn")
      return ([:], nil)
    }
    var stage = StageClock(logger: logger)
    defer { stage.lap("drawing the glossary's diagrams and graph.svg with Graphviz") }
    var diagrams: [ConceptID: String] = [:]
    do throws(GraphvizError) {
      diagrams = try graphviz.glossaryDiagrams(
        for: graph, minimumScore: options.glossaryMinimumScore, maxNodes: 8,
        cacheFolder: URL(fileURLWithPath: folder).appendingPathComponent(".diagram-cache"))
    } catch {
      logger.warning("Graphviz could not draw the glossary's diagrams: \(error)")
    }
    var picture: String?
    do throws(GraphvizError) {
      let strongest = Set(
        graph.concepts.sorted { ($1.score, $0.id) < ($0.score, $1.id) }.prefix(options.pictureConcepts).map(\.id))
      let core = graph.keeping { strongest.contains($0.id) }.thinningAssociations(toStrongest: 1)
      picture = try graphviz.svg(fromDOT: DOTRenderer.render(core, title: "Core concepts"))
    } catch {
      logger.warning("Graphviz could not draw graph.svg: \(error)")
    }
    return (diagrams, picture)
  }

  /// The node-link JSON of a graph, sorted and pretty-printed, ending with a newline.
  public static func graphJSON(_ graph: ConceptGraph) -> String {
    var text = ""
    NodeLinkJSON.write(graph, to: &text)
    return text
  }

  /// `graph` with the stored evidence of every relation touching `ids` filled in (for a graph loaded with
  /// `evidenceFor: []`).
  public func fillingEvidence(of graph: ConceptGraph, touching ids: Set<ConceptID>) throws(PipelineError)
    -> ConceptGraph
  {
    let evidence = try storeCall { () throws(StoreError) in try store.relationEvidence(touching: ids) }
    var filled = graph
    for index in filled.relations.indices {
      let relation = filled.relations[index]
      guard ids.contains(relation.source) || ids.contains(relation.target) else { continue }
      filled.relations[index].evidence = evidence["\(relation.source) \(relation.target) \(relation.type)"] ?? []
    }
    return filled
  }

  /// The graph stored by the last build, for questions and diagrams.
  ///
  /// - Parameter evidenceFor: when given, only relations touching these concepts carry their evidence.
  public func loadGraph(includeMentions: Bool = false, evidenceFor: Set<ConceptID>? = nil) throws(PipelineError)
    -> ConceptGraph
  {
    try storeCall { () throws(StoreError) in
      try store.loadGraph(includeMentions: includeMentions, evidenceFor: evidenceFor)
    }
  }
}

extension ConceptGraph {
  /// The graph with every typed relation but only each concept's `limit` strongest `related_to` edges (an edge
  /// stays when either end keeps it), so a diagram of it stays readable.
  public func thinningAssociations(toStrongest limit: Int) -> ConceptGraph {
    var kept = Set<Int>()
    var byConcept: [ConceptID: [Int]] = [:]
    for (index, relation) in relations.enumerated() {
      if relation.type != "related_to" {
        kept.insert(index)
        continue
      }
      byConcept[relation.source, default: []].append(index)
      byConcept[relation.target, default: []].append(index)
    }
    for (_, indices) in byConcept {
      let ranked = indices.sorted {
        (-relations[$0].weight, relations[$0].source, relations[$0].target)
          < (-relations[$1].weight, relations[$1].source, relations[$1].target)
      }
      kept.formUnion(ranked.prefix(limit))
    }
    return ConceptGraph(
      concepts: concepts, relations: kept.sorted().map { relations[$0] }, documentCount: documentCount,
      sentenceCount: sentenceCount)
  }

  /// The graph restricted to the concepts that satisfy `keep`, and the relations between them.
  public func keeping(_ keep: (Concept) -> Bool) -> ConceptGraph {
    let kept = concepts.filter(keep)
    let ids = Set(kept.map(\.id))
    return ConceptGraph(
      concepts: kept, relations: relations.filter { ids.contains($0.source) && ids.contains($0.target) },
      documentCount: documentCount, sentenceCount: sentenceCount)
  }
}

/// The glossary's content, worked out by whichever export group asks first and kept for the others.
private final class GlossaryContentBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: GlossaryContent?

  func content(of graph: ConceptGraph, minimumScore: Double) -> GlossaryContent {
    lock.lock()
    defer { lock.unlock() }
    if let value { return value }
    let made = GlossaryContent(graph, minimumScore: minimumScore)
    value = made
    return made
  }
}
