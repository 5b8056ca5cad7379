import CNKBModel
import Foundation

/// The node-link shape of `graph.json` (loaded by `networkx.node_link_graph(data, edges="edges")`).
struct NodeLinkGraph: Encodable {
  struct Figures: Encodable {
    var format = "cnkb-graph"
    var version = 1
    var documents: Int
    var sentences: Int
    var concepts: Int
    var relations: Int
  }
  struct Node: Encodable {
    var id: String
    var label: String
    var abbreviation: String?
    var aliases: [String]
    var category: String?
    var origin: String
    var score: Double
    var mentions: Int
    var documents: [String]
    var definition: Definition?
    var description: String?

    enum CodingKeys: String, CodingKey {
      case id, label, abbreviation, aliases, category, origin, score, mentions, documents, definition, description
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(label, forKey: .label)
      try container.encode(abbreviation, forKey: .abbreviation)
      try container.encode(aliases, forKey: .aliases)
      try container.encode(category, forKey: .category)
      try container.encode(origin, forKey: .origin)
      try container.encode(score, forKey: .score)
      try container.encode(mentions, forKey: .mentions)
      try container.encode(documents, forKey: .documents)
      try container.encode(definition, forKey: .definition)
      try container.encode(description, forKey: .description)
    }
  }
  struct Edge: Encodable {
    var source: String
    var target: String
    var type: String
    var key: String
    var weight: Double
    var evidence: [Evidence]
  }
  var directed = true
  var multigraph = true
  var graph: Figures
  var nodes: [Node]
  var edges: [Edge]

  init(_ graph: ConceptGraph) {
    self.graph = Figures(
      documents: graph.documentCount, sentences: graph.sentenceCount, concepts: graph.concepts.count,
      relations: graph.relations.count)
    nodes = graph.concepts.map {
      Node(
        id: $0.id.rawValue, label: $0.label, abbreviation: $0.abbreviation, aliases: $0.aliases, category: $0.category,
        origin: $0.origin.rawValue, score: ($0.score * 10_000).rounded() / 10_000, mentions: $0.mentionCount,
        documents: $0.documents, definition: $0.definition, description: $0.description)
    }
    edges = graph.relations.map {
      Edge(
        source: $0.source.rawValue, target: $0.target.rawValue, type: $0.type, key: $0.type,
        weight: ($0.weight * 10_000).rounded() / 10_000, evidence: $0.evidence)
    }
  }
}

extension KnowledgeBase {
  /// Writes the graph exports into `folder`: `graph.json`.
  public func writeExports(_ graph: ConceptGraph, to folder: String) throws(PipelineError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(NodeLinkGraph(graph)) else { return }
    try writeAtomically(String(decoding: data, as: UTF8.self) + "\n", to: folder + "/graph.json")
  }
}
