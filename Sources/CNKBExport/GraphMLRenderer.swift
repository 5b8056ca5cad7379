import CNKBModel
import Foundation

/// Renders a concept graph as GraphML, for networkx, Gephi, yEd, Cytoscape desktop and other graph tools.
///
/// The graph is directed; every relation is an edge with its own id, so two concepts can be joined by several
/// relations of different types. Attributes are declared with `<key>` elements and typed: strings, `double`
/// for the score and weight, `int` for counts. Text is XML-escaped, and characters XML 1.0 forbids or
/// discourages (control characters other than tab, line feed and carriage return; U+FFFE and U+FFFF) are left
/// out. Absent values (no abbreviation, no definition, …) have no `<data>` element. The output is byte-identical
/// for the same graph whatever the order of its arrays.
public enum GraphMLRenderer {
  /// The graph as a GraphML document ending with a newline.
  ///
  /// Nodes come in id order, edges by source, target and type (ids `e0`, `e1`, … in that order). Relations that
  /// name a concept the graph lacks are left out. Aliases are joined with `|`, blank ones left out. Numbers are written in their
  /// shortest round-trip form (`0.9`, `3.0`, `1e-05`); non-finite ones as `0.0`.
  public static func render(_ graph: ConceptGraph) -> String {
    var text = ""
    render(graph, to: &text)
    return text
  }

  /// Writes the same document into `out` piece by piece, so a large graph's never exists as one string.
  public static func render(_ graph: ConceptGraph, to out: inout some TextOutputStream) {
    let concepts = uniqueConcepts(graph.concepts)
    let ids = Set(concepts.map(\.id))
    // Relations naming a concept the graph lacks are left out (copying the list only when there are some).
    let named = { (relation: Relation) in ids.contains(relation.source) && ids.contains(relation.target) }
    let relations = orderedRelations(
      graph.relations.allSatisfy(named) ? graph.relations : graph.relations.filter(named))

    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    out.write(
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        + "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        + "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
    for key in keys {
      out.write("  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.id)\" attr.type=\"\(key.type)\"/>\n")
    }
    out.write("  <graph id=\"cnkb\" edgedefault=\"directed\">\n")
    writeData("document_count", String(graph.documentCount), indent: "    ", to: &out)
    writeData("sentence_count", String(graph.sentenceCount), indent: "    ", to: &out)
    for concept in concepts {
      out.write("    <node id=\"")
      out.write(escaped(concept.id.rawValue))
      out.write("\">\n")
      writeNodeData(concept, to: &out)
      out.write("    </node>\n")
    }
    for (index, relation) in relations.enumerated() {
      out.write("    <edge id=\"e")
      out.write(String(index))
      out.write("\" source=\"")
      out.write(escaped(relation.source.rawValue))
      out.write("\" target=\"")
      out.write(escaped(relation.target.rawValue))
      out.write("\">\n")
      writeEdgeData(relation, to: &out)
      out.write("    </edge>\n")
    }
    out.write("  </graph>\n</graphml>\n")
  }

  // MARK: - Keys and data

  /// One `<key>` declaration: its id (also its attribute name), what it applies to and its type.
  private struct Key {
    var id: String
    var domain: String
    var type: String
  }

  /// Every attribute the document can carry, in declaration order.
  private static let keys: [Key] = [
    Key(id: "document_count", domain: "graph", type: "int"),
    Key(id: "sentence_count", domain: "graph", type: "int"),
    Key(id: "label", domain: "node", type: "string"),
    Key(id: "abbreviation", domain: "node", type: "string"),
    Key(id: "category", domain: "node", type: "string"),
    Key(id: "origin", domain: "node", type: "string"),
    Key(id: "definition", domain: "node", type: "string"),
    Key(id: "aliases", domain: "node", type: "string"),
    Key(id: "score", domain: "node", type: "double"),
    Key(id: "mentions", domain: "node", type: "int"),
    Key(id: "type", domain: "edge", type: "string"),
    Key(id: "weight", domain: "edge", type: "double"),
    Key(id: "evidence_count", domain: "edge", type: "int"),
    Key(id: "evidence_sentence", domain: "edge", type: "string"),
    Key(id: "evidence_document", domain: "edge", type: "string"),
  ]

  /// A node's attributes in declaration order, absent ones left out.
  private static func writeNodeData(_ concept: Concept, to out: inout some TextOutputStream) {
    let indent = "      "
    writeData("label", concept.label, indent: indent, to: &out)
    if let abbreviation = concept.abbreviation { writeData("abbreviation", abbreviation, indent: indent, to: &out) }
    if let category = concept.category { writeData("category", category, indent: indent, to: &out) }
    writeData("origin", concept.origin.rawValue, indent: indent, to: &out)
    if let definition = concept.definition { writeData("definition", definition.text, indent: indent, to: &out) }
    let aliases = concept.aliases.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    if !aliases.isEmpty { writeData("aliases", aliases.joined(separator: "|"), indent: indent, to: &out) }
    writeData("score", number(concept.score), indent: indent, to: &out)
    writeData("mentions", String(concept.mentionCount), indent: indent, to: &out)
  }

  /// An edge's attributes in declaration order; the evidence ones describe the first supporting sentence.
  private static func writeEdgeData(_ relation: Relation, to out: inout some TextOutputStream) {
    let indent = "      "
    writeData("type", relation.type, indent: indent, to: &out)
    writeData("weight", number(relation.weight), indent: indent, to: &out)
    writeData("evidence_count", String(relation.evidence.count), indent: indent, to: &out)
    if let first = firstEvidence(relation) {
      writeData("evidence_sentence", first.sentence, indent: indent, to: &out)
      writeData("evidence_document", first.document, indent: indent, to: &out)
    }
  }

  /// One `<data>` element on its own line.
  private static func writeData(_ key: String, _ value: String, indent: String, to out: inout some TextOutputStream) {
    out.write(indent)
    out.write("<data key=\"")
    out.write(key)
    out.write("\">")
    out.write(escaped(value))
    out.write("</data>\n")
  }

  // MARK: - Text

  /// A number in its shortest round-trip form, locale-independent; NaN, infinities and -0 become `0.0`.
  private static func number(_ value: Double) -> String {
    value.isFinite && value != 0 ? "\(value)" : "0.0"
  }

  /// Text safe in XML element content and double-quoted attributes.
  ///
  /// The five XML specials become entity references; tab, line feed and carriage return become character
  /// references so that parsers keep them exactly; other control characters and U+FFFE/U+FFFF are dropped.
  private static func escaped(_ text: String) -> String {
    // Most text needs nothing: no specials, no control characters, nothing outside ASCII to check.
    let plain = everyByte(of: text) {
      $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")
        && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'")
    }
    if plain { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t": result += "&#9;"
      case "\n": result += "&#10;"
      case "\r": result += "&#13;"
      case "\u{FFFE}", "\u{FFFF}": continue
      case _ where scalar.isControl: continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
