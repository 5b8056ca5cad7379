import CNKBModel
import Foundation

/// Renders a concept graph, or the neighbourhood of one concept, as a Graphviz digraph.
///
/// Concepts are clustered by category, edges are styled by relation type and the output is byte-identical for
/// the same graph whatever the order of its arrays.
public enum DOTRenderer {
  /// The whole graph as a Graphviz digraph, with `title` as the graph's caption.
  public static func render(_ graph: ConceptGraph, title: String = "cnkb") -> String {
    render(graph, title: title, highlighted: nil)
  }

  /// The subgraph within `depth` hops of `id`, following relations in either direction.
  ///
  /// The centre is always kept. Nearer concepts come before farther ones; among concepts at the same distance
  /// the strongest come first (a typed relation to a kept concept, then, among co-occurrences, concepts of
  /// standing; then the heaviest relation, concept score, id) until `maxNodes` concepts are kept. Only
  /// relations between kept concepts remain. Returns nil when the graph has no concept with that id.
  public static func neighbourhood(
    of id: ConceptID, in graph: ConceptGraph, depth: Int = 1, maxNodes: Int = 25
  ) -> ConceptGraph? {
    GraphNeighbourhoods(graph).neighbourhood(of: id, depth: depth, maxNodes: maxNodes)
  }

  /// The neighbourhood of `id` (see ``neighbourhood(of:in:depth:maxNodes:)``) as a digraph, centre filled.
  ///
  /// Returns nil when the graph has no concept with that id.
  public static func render(
    neighbourhoodOf id: ConceptID, in graph: ConceptGraph, depth: Int = 1, maxNodes: Int = 25
  ) -> String? {
    render(neighbourhoodOf: id, in: GraphNeighbourhoods(graph), depth: depth, maxNodes: maxNodes)
  }

  /// The same as ``render(neighbourhoodOf:in:depth:maxNodes:)``, over an index built once for many centres.
  public static func render(
    neighbourhoodOf id: ConceptID, in index: GraphNeighbourhoods, depth: Int = 1, maxNodes: Int = 25
  ) -> String? {
    guard let subgraph = index.neighbourhood(of: id, depth: depth, maxNodes: maxNodes),
      let centre = subgraph.concepts.first(where: { $0.id == id })
    else { return nil }
    return render(subgraph, title: "Neighbourhood of \(centre.label)", highlighted: id)
  }

  // MARK: - Rendering

  /// The clusters, in the order their keys sort, with the caption each one shows.
  private static let clusterLabels: [String: String] = [
    "concept": "Concepts",
    "driver_or_mode": "Drivers and modes",
    "organization": "Organizations",
    "project_or_product": "Projects and products",
    "protocol": "Protocols",
    "spec": "Specifications",
  ]

  /// How edges of one relation type look.
  private struct EdgeStyle {
    var color: String
    var style: String
    var labelled = true
    var undirected = false
    var minimumWidth = 1.0
    var maximumWidth = 3.0
  }

  /// Edge looks by relation type; unknown types fall back to a plain black arrow with their type as label.
  private static let edgeStyles: [String: EdgeStyle] = [
    "is_a": EdgeStyle(color: "#000000", style: "bold"),
    "part_of": EdgeStyle(color: "#4d4d4d", style: "dashed"),
    "implements": EdgeStyle(color: "#1f5fa8", style: "solid"),
    "proposed_by": EdgeStyle(color: "#7b3fa0", style: "solid"),
    "adopted_by": EdgeStyle(color: "#2a8a3e", style: "solid"),
    "created_by": EdgeStyle(color: "#a8551f", style: "solid"),
    "uses": EdgeStyle(color: "#c77800", style: "solid"),
    "supports": EdgeStyle(color: "#138a8a", style: "solid"),
    "provides": EdgeStyle(color: "#8a8a13", style: "solid"),
    "runs_on": EdgeStyle(color: "#b03a78", style: "solid"),
    "alternative_to": EdgeStyle(color: "#2d4a8a", style: "dotted"),
    "contrasts_with": EdgeStyle(color: "#c0392b", style: "dotted"),
    coOccurrenceType: EdgeStyle(
      color: "#a0a0a0", style: "solid", labelled: false, undirected: true, minimumWidth: 0.5, maximumWidth: 1.5),
  ]

  /// The look of relation types outside the vocabulary.
  private static let fallbackStyle = EdgeStyle(color: "#000000", style: "solid")

  /// The digraph: header, one cluster per category, then the edges; `highlighted` is drawn filled.
  private static func render(_ graph: ConceptGraph, title: String, highlighted: ConceptID?) -> String {
    let concepts = uniqueConcepts(graph.concepts)
    let ids = Set(concepts.map(\.id))
    let relations = canonicalRelations(graph.relations.filter { ids.contains($0.source) && ids.contains($0.target) })

    var lines: [String] = []
    lines.append("digraph \(quoted(title)) {")
    // newrank lets dot rank clusters and the edges between them together; without it Graphviz 2.43 fails with
    // "trouble in init_rank" on graphs with many edges across clusters.
    lines.append("  graph [label=\(quoted(title)), labelloc=t, fontname=\"Helvetica\", rankdir=LR, newrank=true];")
    lines.append("  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=11];")
    lines.append("  edge [fontname=\"Helvetica\", fontsize=9];")

    let clusters = Dictionary(grouping: concepts) { clusterKey(for: $0.category) }
    for key in clusters.keys.sorted() {
      lines.append("")
      lines.append("  subgraph cluster_\(key) {")
      lines.append("    label=\(quoted(clusterLabels[key] ?? "Concepts"));")
      lines.append("    style=\"rounded\";")
      lines.append("    color=\"#c8c8c8\";")
      for concept in clusters[key] ?? [] {
        lines.append("    " + nodeStatement(concept, highlighted: concept.id == highlighted))
      }
      lines.append("  }")
    }

    if !relations.isEmpty { lines.append("") }
    let typedMaximum = relations.filter { $0.type != coOccurrenceType }.map { sanitizedWeight($0.weight) }.max() ?? 0
    let coOccurrenceMaximum =
      relations.filter { $0.type == coOccurrenceType }.map { sanitizedWeight($0.weight) }.max() ?? 0
    for relation in relations {
      let maximum = relation.type == coOccurrenceType ? coOccurrenceMaximum : typedMaximum
      lines.append("  " + edgeStatement(relation, maximumWeight: maximum))
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The cluster a category belongs to: one of the known category keys, `concept` for nil or unknown ones.
  private static func clusterKey(for category: String?) -> String {
    guard let category else { return "concept" }
    let key = category.trimmingCharacters(in: .whitespaces).lowercased()
      .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    return clusterLabels[key] == nil ? "concept" : key
  }

  /// A node: its id, and its label with the abbreviation on a second line.
  private static func nodeStatement(_ concept: Concept, highlighted: Bool) -> String {
    var label =
      concept.label.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? concept.id.rawValue : concept.label
    if let abbreviation = concept.abbreviation?.trimmingCharacters(in: .whitespacesAndNewlines),
      !abbreviation.isEmpty, abbreviation.lowercased() != concept.label.lowercased()
    {
      label += "\n" + abbreviation
    }
    var attributes = ["label=\(quoted(label))"]
    if highlighted {
      attributes.append("style=\"rounded,filled,bold\"")
      attributes.append("fillcolor=\"#ffe08a\"")
    }
    return "\(quoted(concept.id.rawValue)) [\(attributes.joined(separator: ", "))];"
  }

  /// An edge, styled by its type, its pen width scaled by `weight / maximumWeight`.
  private static func edgeStatement(_ relation: Relation, maximumWeight: Double) -> String {
    let look = edgeStyles[relation.type] ?? fallbackStyle
    let fraction = maximumWeight > 0 ? min(1, sanitizedWeight(relation.weight) / maximumWeight) : 0
    let width = look.minimumWidth + (look.maximumWidth - look.minimumWidth) * fraction
    var attributes: [String] = []
    if look.labelled {
      attributes.append("label=\(quoted(relation.type))")
      attributes.append("fontcolor=\(quoted(look.color))")
    }
    attributes.append("color=\(quoted(look.color))")
    attributes.append("style=\(quoted(look.style))")
    attributes.append("penwidth=\(fixedTwoDecimals(width))")
    if look.undirected { attributes.append("dir=none") }
    return "\(quoted(relation.source.rawValue)) -> \(quoted(relation.target.rawValue)) "
      + "[\(attributes.joined(separator: ", "))];"
  }

  /// A DOT double-quoted string that shows `text` literally.
  ///
  /// Backslashes and quotes are escaped, every kind of line break becomes `\n` (a centred line break in
  /// labels), and other control characters become spaces. Braces, angle brackets and pipes need no escaping
  /// inside quoted strings as long as no record or HTML label is used, and none is.
  private static func quoted(_ text: String) -> String {
    var result = "\""
    var afterCarriageReturn = false
    // Scalars, not characters: a quote followed by a combining mark is one Character but still ends the string.
    for scalar in text.unicodeScalars {
      defer { afterCarriageReturn = scalar == "\r" }
      switch scalar {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case "\n" where afterCarriageReturn: continue
      case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += "\\n"
      case _ where scalar.isControl: result += " "
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
