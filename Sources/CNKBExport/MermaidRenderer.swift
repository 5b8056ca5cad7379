import CNKBModel
import Foundation

/// Renders a concept graph, or the neighbourhood of one concept, as a Mermaid flowchart (`graph LR`).
///
/// Every node id is `n_` followed by the concept id with anything but ASCII letters and digits rewritten, so no
/// id can be a Mermaid keyword (`end`, `graph`, `class`, …), start with a digit, or start with the `o` or `x`
/// that turns an edge into a circle or cross edge. Labels are double-quoted with every character that Mermaid or
/// HTML treat specially written as a Mermaid entity code (`#quot;`, `#60;`, …). Typed relations are arrows
/// labelled with their type; co-occurrence (`related_to`) is a dotted line without a label. Nodes get a class per
/// category. The output is byte-identical for the same graph whatever the order of its arrays.
public enum MermaidRenderer {
  /// The whole graph as a Mermaid flowchart, kept within `maximumEdges` relations and `maximumCharacters`.
  ///
  /// The defaults are Mermaid's own `maxEdges` and `maxTextSize`, so the chart renders with a default
  /// configuration. Characters are counted in UTF-16 code units, as Mermaid counts them (never fewer than Swift
  /// characters). When the graph does not fit, the strongest part is kept: typed relations before `related_to`,
  /// then heavier relations first, each bringing its two concepts; then the remaining concepts by score. A `%%`
  /// comment under the header says how much is shown. Only a limit smaller than that header and comment
  /// themselves can be exceeded.
  public static func render(_ graph: ConceptGraph, maximumEdges: Int = 500, maximumCharacters: Int = 50_000) -> String {
    render(graph, highlighted: nil, maximumEdges: maximumEdges, maximumCharacters: maximumCharacters)
  }

  /// The neighbourhood of `id` as a flowchart, its centre highlighted, within the same limits as the whole graph.
  ///
  /// The concepts are chosen by ``DOTRenderer/neighbourhood(of:in:depth:maxNodes:)``. Returns nil when the graph
  /// has no concept with that id.
  public static func render(
    neighbourhoodOf id: ConceptID, in graph: ConceptGraph, depth: Int = 1, maxNodes: Int = 25,
    maximumEdges: Int = 500, maximumCharacters: Int = 50_000
  ) -> String? {
    guard let subgraph = DOTRenderer.neighbourhood(of: id, in: graph, depth: depth, maxNodes: maxNodes) else {
      return nil
    }
    return render(subgraph, highlighted: id, maximumEdges: maximumEdges, maximumCharacters: maximumCharacters)
  }

  // MARK: - Selection

  /// The first line of every chart.
  private static let header = "graph LR"

  /// The chart: everything when it fits, else the strongest part that does, with a comment saying so.
  private static func render(
    _ graph: ConceptGraph, highlighted: ConceptID?, maximumEdges: Int, maximumCharacters: Int
  ) -> String {
    let concepts = uniqueConcepts(graph.concepts)
    let byID = Dictionary(uniqueKeysWithValues: concepts.map { ($0.id, $0) })
    let relations = graph.relations.filter { byID[$0.source] != nil && byID[$0.target] != nil }
    let names = nodeNames(for: concepts.map(\.id))

    var nodeLines: [ConceptID: String] = [:]
    for concept in concepts {
      nodeLines[concept.id] = nodeLine(concept, name: names[concept.id] ?? "n_", highlighted: concept.id == highlighted)
    }
    let edgeLines = relations.map { edgeLine($0, names: names) }

    let everything = assemble(
      nodes: concepts.map(\.id), edges: Array(relations.indices), concepts: byID, nodeLines: nodeLines,
      relations: relations, edgeLines: edgeLines, highlighted: highlighted, notice: nil)
    if relations.count <= max(0, maximumEdges) && everything.utf16.count <= maximumCharacters {
      return everything
    }

    // Room for the header, the longest notice the counts allow and every class definition that may be needed.
    let longestNotice = notice(
      shownRelations: relations.count, relations: relations.count, shownConcepts: concepts.count,
      concepts: concepts.count, maximumEdges: maximumEdges, maximumCharacters: maximumCharacters)
    let reserved =
      header.utf16.count + 1 + longestNotice.utf16.count + 1
      + classDefinitions.values.reduce(0) { $0 + $1.utf16.count + 1 }
    let budget = maximumCharacters - reserved

    var used = 0
    var keptNodes: Set<ConceptID> = []
    var keptEdges: [Int] = []
    for index in rankedRelations(relations) {
      guard keptEdges.count < maximumEdges else { break }
      let relation = relations[index]
      var cost = edgeLines[index].utf16.count + 1
      for id in Set([relation.source, relation.target]) where !keptNodes.contains(id) {
        cost += (nodeLines[id] ?? "").utf16.count + 1
      }
      guard used + cost <= budget else { break }
      used += cost
      keptNodes.insert(relation.source)
      keptNodes.insert(relation.target)
      keptEdges.append(index)
    }
    let byScore = concepts.sorted { lhs, rhs in
      let lhsScore = sanitizedScore(lhs.score)
      let rhsScore = sanitizedScore(rhs.score)
      return lhsScore != rhsScore ? lhsScore > rhsScore : lhs.id < rhs.id
    }
    for concept in byScore where !keptNodes.contains(concept.id) {
      let cost = (nodeLines[concept.id] ?? "").utf16.count + 1
      guard used + cost <= budget else { break }
      used += cost
      keptNodes.insert(concept.id)
    }

    let message = notice(
      shownRelations: keptEdges.count, relations: relations.count, shownConcepts: keptNodes.count,
      concepts: concepts.count, maximumEdges: maximumEdges, maximumCharacters: maximumCharacters)
    return assemble(
      nodes: keptNodes.sorted(), edges: keptEdges, concepts: byID, nodeLines: nodeLines, relations: relations,
      edgeLines: edgeLines, highlighted: highlighted, notice: message)
  }

  /// Indices of `relations`, strongest first: typed before `related_to`, heavier first, then canonical order.
  private static func rankedRelations(_ relations: [Relation]) -> [Int] {
    relations.indices.sorted { lhsIndex, rhsIndex in
      let lhs = relations[lhsIndex]
      let rhs = relations[rhsIndex]
      let lhsTyped = lhs.type != coOccurrenceType
      let rhsTyped = rhs.type != coOccurrenceType
      if lhsTyped != rhsTyped { return lhsTyped }
      let lhsWeight = sanitizedWeight(lhs.weight)
      let rhsWeight = sanitizedWeight(rhs.weight)
      if lhsWeight != rhsWeight { return lhsWeight > rhsWeight }
      return (lhs.source, lhs.target, lhs.type) < (rhs.source, rhs.target, rhs.type)
    }
  }

  /// The comment that says how much of the graph a trimmed chart shows.
  private static func notice(
    shownRelations: Int, relations: Int, shownConcepts: Int, concepts: Int, maximumEdges: Int,
    maximumCharacters: Int
  ) -> String {
    "%% showing \(shownRelations) of \(relations) relations and \(shownConcepts) of \(concepts) concepts "
      + "(limits: \(maximumEdges) edges, \(maximumCharacters) characters); typed relations first, "
      + "then related_to by weight, then concepts by score"
  }

  /// The chart text: header, notice, node declarations by id, edges in canonical order, then class definitions.
  private static func assemble(
    nodes: [ConceptID], edges: [Int], concepts: [ConceptID: Concept], nodeLines: [ConceptID: String],
    relations: [Relation], edgeLines: [String], highlighted: ConceptID?, notice: String?
  ) -> String {
    var lines = [header]
    if let notice { lines.append(notice) }
    var classes: Set<String> = []
    for id in nodes {
      guard let line = nodeLines[id] else { continue }
      lines.append(line)
      classes.insert(id == highlighted ? centreClass : categoryClass(concepts[id]?.category))
    }
    let ordered = edges.sorted { lhsIndex, rhsIndex in
      let lhs = relations[lhsIndex]
      let rhs = relations[rhsIndex]
      if (lhs.source, lhs.target, lhs.type) != (rhs.source, rhs.target, rhs.type) {
        return (lhs.source, lhs.target, lhs.type) < (rhs.source, rhs.target, rhs.type)
      }
      return edgeLines[lhsIndex] < edgeLines[rhsIndex]
    }
    lines += ordered.map { edgeLines[$0] }
    for name in classes.sorted() {
      if let definition = classDefinitions[name] { lines.append(definition) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Statements

  /// The class of the highlighted centre of a neighbourhood chart.
  private static let centreClass = "centre"

  /// A `classDef` line per node class: one per category, plus the centre of a neighbourhood.
  private static let classDefinitions: [String: String] = [
    "concept": "  classDef concept fill:#f3f4f6,stroke:#4b5563,color:#111111",
    "driver_or_mode": "  classDef driver_or_mode fill:#ede9fe,stroke:#6d28d9,color:#111111",
    "organization": "  classDef organization fill:#fce7f3,stroke:#be185d,color:#111111",
    "project_or_product": "  classDef project_or_product fill:#ffedd5,stroke:#c2410c,color:#111111",
    "protocol": "  classDef protocol fill:#dcfce7,stroke:#15803d,color:#111111",
    "spec": "  classDef spec fill:#dbeafe,stroke:#1d4ed8,color:#111111",
    centreClass: "  classDef centre fill:#ffe08a,stroke:#000000,stroke-width:3px,color:#111111",
  ]

  /// The class a category belongs to: one of the known category keys, `concept` for nil or unknown ones.
  private static func categoryClass(_ category: String?) -> String {
    guard let category else { return "concept" }
    let key = category.trimmingCharacters(in: .whitespaces).lowercased()
      .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    return key != centreClass && classDefinitions[key] != nil ? key : "concept"
  }

  /// A node declaration: `n_id["Label (ABBR)"]:::category`.
  private static func nodeLine(_ concept: Concept, name: String, highlighted: Bool) -> String {
    let trimmedLabel = singleLine(concept.label)
    var label = trimmedLabel.isEmpty ? concept.id.rawValue : trimmedLabel
    if let abbreviation = concept.abbreviation.map(singleLine), !abbreviation.isEmpty,
      abbreviation.lowercased() != label.lowercased()
    {
      label += " (\(abbreviation))"
    }
    let className = highlighted ? centreClass : categoryClass(concept.category)
    return "  \(name)[\"\(escaped(label))\"]:::\(className)"
  }

  /// An edge: `-->|type|` for typed relations, `-.-` without a label for co-occurrence.
  private static func edgeLine(_ relation: Relation, names: [ConceptID: String]) -> String {
    let source = names[relation.source] ?? "n_"
    let target = names[relation.target] ?? "n_"
    if relation.type == coOccurrenceType { return "  \(source) -.- \(target)" }
    return "  \(source) -->|\(edgeText(relation.type))| \(target)"
  }

  /// An edge label: bare when it is a plain word like `is_a`, else double-quoted and escaped.
  private static func edgeText(_ type: String) -> String {
    let plain = type.unicodeScalars.allSatisfy {
      $0.isASCII && ($0.properties.isAlphabetic || isDigit($0)) || $0 == "_"
    }
    if plain, let first = type.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic { return type }
    let text = singleLine(type)
    return "\"\(escaped(text.isEmpty ? "relation" : text))\""
  }

  // MARK: - Names and text

  /// A safe, unique Mermaid id for every concept id: `n_` plus the id with other characters rewritten.
  ///
  /// ASCII letters and digits are kept, other ASCII characters become `_`, and other scalars become `u` and
  /// their hexadecimal code. When two ids rewrite alike, the later one in id order gets `_2`, `_3`, … (never a
  /// name that another id rewrites to).
  private static func nodeNames(for ids: [ConceptID]) -> [ConceptID: String] {
    let sorted = Array(Set(ids)).sorted()
    var bases: [ConceptID: String] = [:]
    for id in sorted {
      var name = "n_"
      for scalar in id.rawValue.unicodeScalars {
        if scalar.isASCII && (scalar.properties.isAlphabetic || isDigit(scalar)) {
          name.unicodeScalars.append(scalar)
        } else if scalar.isASCII {
          name += "_"
        } else {
          name += "u" + String(scalar.value, radix: 16)
        }
      }
      bases[id] = name
    }
    let natural = Set(bases.values)
    var taken: Set<String> = []
    var names: [ConceptID: String] = [:]
    for id in sorted {
      let base = bases[id] ?? "n_"
      var name = base
      var suffix = 2
      while taken.contains(name) || (name != base && natural.contains(name)) {
        name = "\(base)_\(suffix)"
        suffix += 1
      }
      taken.insert(name)
      names[id] = name
    }
    return names
  }

  /// Whether a scalar is an ASCII digit.
  private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  /// Characters written as Mermaid entity codes inside a quoted label, and the codes.
  ///
  /// `#` is escaped so that text such as `#quot;` shows literally; colons and semicolons so that no line can
  /// match Mermaid's `style …:…#…;` rewriting; the rest because they are HTML or Mermaid syntax.
  private static let entityCodes: [Unicode.Scalar: String] = [
    "\"": "#quot;", "#": "#35;", "&": "#38;", "<": "#60;", ">": "#62;", "`": "#96;", "[": "#91;", "]": "#93;",
    "{": "#123;", "}": "#125;", "|": "#124;", "(": "#40;", ")": "#41;", ":": "#58;", ";": "#59;", "\\": "#92;",
  ]

  /// Single-line text made safe inside a double-quoted Mermaid label.
  ///
  /// Special characters become entity codes. Mermaid marks entities internally with `ﬂ°` and `¶ß`, so the
  /// ligature `ﬂ` is written as `fl` and a `¶` directly before `ß` is kept apart by a zero-width space;
  /// otherwise those pairs would turn into `&` and `;`.
  private static func escaped(_ text: String) -> String {
    var result = ""
    let scalars = Array(singleLine(text).unicodeScalars)
    for (offset, scalar) in scalars.enumerated() {
      if let code = entityCodes[scalar] {
        result += code
      } else if scalar == "\u{FB02}" {
        result += "fl"
      } else {
        result.unicodeScalars.append(scalar)
        if scalar == "¶", offset + 1 < scalars.count, scalars[offset + 1] == "ß" {
          result.unicodeScalars.append("\u{200B}")
        }
      }
    }
    return result
  }
}
