import CNKBModel
import Foundation

/// Renders a concept graph, or the neighbourhood of one concept, as Cytoscape.js elements JSON.
///
/// The document is `{"data": {…}, "directed": true, "multigraph": true, "elements": {"nodes": […], "edges": […]}}`:
/// pass `elements` to `cytoscape({elements})` or `cy.add`. Each element has only a `data` object. Nodes carry
/// `id`, `label`, `aliases`, `origin`, `score`, `mentions` and, when known, `abbreviation`, `category`,
/// `definition`, `definitionDocument` and `description` (absent values are left out, so `node[abbreviation]`
/// selects the ones that have one). Edges carry `id`, `source`, `target`, `type`, `weight`, `evidenceCount`
/// and, when there is evidence, the first `evidenceSentence` and `evidenceDocument`. Element ids are unique
/// across nodes and edges, as Cytoscape.js requires. Keys are sorted, and the output is byte-identical for the
/// same graph whatever the order of its arrays.
public enum CytoscapeRenderer {
  /// The whole graph as pretty-printed Cytoscape.js JSON ending with a newline.
  ///
  /// Nodes come in id order, edges by source, target and type. Relations that name a concept the graph lacks
  /// are left out, and so are blank aliases. NaN and infinite numbers are written as 0.
  public static func render(_ graph: ConceptGraph) -> String {
    let concepts = uniqueConcepts(graph.concepts)
    let ids = Set(concepts.map(\.id))
    let relations = orderedRelations(graph.relations.filter { ids.contains($0.source) && ids.contains($0.target) })

    var taken = Set(concepts.map(\.id.rawValue))
    var edges: [EdgeData] = []
    for (index, relation) in relations.enumerated() {
      var id = "e\(index)"
      while taken.contains(id) { id += "_" }
      taken.insert(id)
      let first = firstEvidence(relation)
      edges.append(
        EdgeData(
          id: id, source: relation.source.rawValue, target: relation.target.rawValue, type: relation.type,
          weight: finiteNumber(relation.weight), evidenceCount: relation.evidence.count,
          evidenceSentence: first?.sentence,
          evidenceDocument: first?.document))
    }
    let nodes = concepts.map { concept in
      NodeData(
        id: concept.id.rawValue, label: concept.label, abbreviation: concept.abbreviation,
        aliases: concept.aliases.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty },
        category: concept.category, origin: concept.origin.rawValue, score: finiteNumber(concept.score),
        mentions: concept.mentionCount, definition: concept.definition?.text,
        definitionDocument: concept.definition?.document, description: concept.description)
    }
    let document = Document(
      data: GraphData(
        name: "cnkb", documentCount: graph.documentCount, sentenceCount: graph.sentenceCount),
      elements: Elements(nodes: nodes.map { Element(data: $0) }, edges: edges.map { Element(data: $0) }))

    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    } catch {
      // Every value is a string, a finite number or a list of those, so encoding cannot fail.
      return "{\"elements\":{\"edges\":[],\"nodes\":[]}}\n"
    }
  }

  /// The neighbourhood of `id` as Cytoscape.js JSON; returns nil when the graph has no concept with that id.
  ///
  /// The concepts are chosen by ``DOTRenderer/neighbourhood(of:in:depth:maxNodes:)``.
  public static func render(
    neighbourhoodOf id: ConceptID, in graph: ConceptGraph, depth: Int = 1, maxNodes: Int = 25
  ) -> String? {
    DOTRenderer.neighbourhood(of: id, in: graph, depth: depth, maxNodes: maxNodes).map { render($0) }
  }

  // MARK: - Document

  /// The top-level object.
  private struct Document: Encodable {
    var data: GraphData
    var directed = true
    var multigraph = true
    var elements: Elements
  }

  /// What the graph as a whole says about itself.
  private struct GraphData: Encodable {
    var name: String
    var documentCount: Int
    var sentenceCount: Int
  }

  /// The node and edge lists.
  private struct Elements: Encodable {
    var nodes: [Element<NodeData>]
    var edges: [Element<EdgeData>]
  }

  /// One element: its data and nothing else.
  private struct Element<Payload: Encodable>: Encodable {
    var data: Payload
  }

  /// A node's data; nil fields are left out.
  private struct NodeData: Encodable {
    var id: String
    var label: String
    var abbreviation: String?
    var aliases: [String]
    var category: String?
    var origin: String
    var score: Double
    var mentions: Int
    var definition: String?
    var definitionDocument: String?
    var description: String?
  }

  /// An edge's data; nil fields are left out.
  private struct EdgeData: Encodable {
    var id: String
    var source: String
    var target: String
    var type: String
    var weight: Double
    var evidenceCount: Int
    var evidenceSentence: String?
    var evidenceDocument: String?
  }

}
