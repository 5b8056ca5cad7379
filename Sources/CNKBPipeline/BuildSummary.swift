import Foundation

/// What a build did, and the size of the graph that stands after it: what a build's closing lines report.
public struct BuildSummary: Sendable, Hashable {
  /// How a build came by its graph and exports.
  public enum Outcome: Sendable, Hashable {
    /// The graph was extracted afresh and exported.
    case extracted
    /// Nothing the graph depends on changed: the stored graph was exported again.
    case reusedGraph
    /// Nothing changed and the exports were the ones the last build wrote: nothing was written.
    case upToDate
  }

  /// Concepts in the graph.
  public var concepts: Int
  /// Of those, the ones the lexicon gave (alone or with discovery).
  public var fromLexicon: Int
  /// Mentions of the concepts in the documents.
  public var mentions: Int
  /// Relations, typed and `related_to`.
  public var relations: Int
  /// Documents the graph was built from.
  public var documents: Int
  /// How the build came by them.
  public var outcome: Outcome

  /// Creates a summary from its figures.
  public init(concepts: Int, fromLexicon: Int, mentions: Int, relations: Int, documents: Int, outcome: Outcome) {
    self.concepts = concepts
    self.fromLexicon = fromLexicon
    self.mentions = mentions
    self.relations = relations
    self.documents = documents
    self.outcome = outcome
  }

  /// The summary of a graph in memory.
  public init(_ graph: ConceptGraph, outcome: Outcome) {
    self.init(
      concepts: graph.concepts.count, fromLexicon: graph.concepts.filter { $0.origin != .discovered }.count,
      mentions: graph.concepts.reduce(0) { $0 + $1.mentionCount }, relations: graph.relations.count,
      documents: graph.documentCount, outcome: outcome)
  }
}

/// What stands in an output folder after a build put its exports there: the graph they were made from, the
/// export options, whether Graphviz drew the pictures, and each file's size and modification time.
///
/// Two records are equal when the folder still holds what the build wrote; a file edited, replaced or removed
/// since changes its line.
struct ExportsRecord {
  /// The files `writeExports` puts in the folder.
  static let files = [
    "abbreviations.md", "glossary-hugo.json", "glossary.html", "glossary.json", "glossary.md", "graph.dot",
    "graph.graphml", "graph.json", "graph.mmd", "graph.svg",
  ]

  /// The record as stored, one fact per line.
  let text: String

  /// The record of `folder` as it is now, for a graph built from `graph` (its fingerprint).
  init(graph: String, folder: String, options: ExportOptions) {
    var lines = [
      "cnkb-exports-1", "graph \(graph)",
      "options \(options.glossaryMinimumScore) \(options.diagramMinimumScore) \(options.pictureConcepts) "
        + "\(options.diagramRelatedPerConcept)",
      "graphviz \(Graphviz().executableURL?.path ?? "none")",
    ]
    for name in Self.files {
      let path = folder + "/" + name
      var status = stat()
      if stat(path, &status) == 0 {
        lines.append(
          "\(name) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_ino)")
      } else {
        lines.append("\(name) none")
      }
    }
    text = lines.joined(separator: "\n")
  }
}
