import CNKBExport
import CNKBModel

/// Writes `graph.json`, the node-link export (`networkx.node_link_graph(data, edges="edges")` loads it), as a
/// stream.
///
/// The text is what Foundation's `JSONEncoder` writes with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes` for the same value, byte for byte (a test holds the two side by side), but it is
/// written piece by piece: a large graph's export never has to exist in memory as a tree or as one string.
///
/// Top level: `directed`, `edges`, `graph` (format, version and corpus figures), `multigraph`, `nodes`; keys
/// sorted at every level, two spaces per level, `"key" : value`.
enum NodeLinkJSON {
  /// Writes the export of `graph` into `out`, ending with a newline.
  static func write(_ graph: ConceptGraph, to out: inout some TextOutputStream) {
    out.write("{\n  \"directed\" : true,\n  \"edges\" : ")
    writeArray(graph.relations, indent: 2, to: &out) { relation, out in
      out.write("{\n      \"evidence\" : ")
      writeArray(relation.evidence, indent: 6, to: &out) { evidence, out in
        out.write("{\n          \"document\" : ")
        writeString(evidence.document, to: &out)
        out.write(",\n          \"end\" : \(evidence.end),\n          \"sentence\" : ")
        writeString(evidence.sentence, to: &out)
        out.write(",\n          \"start\" : \(evidence.start)\n        }")
      }
      out.write(",\n      \"key\" : ")
      writeString(relation.type, to: &out)
      out.write(",\n      \"source\" : ")
      writeString(relation.source.rawValue, to: &out)
      out.write(",\n      \"target\" : ")
      writeString(relation.target.rawValue, to: &out)
      out.write(",\n      \"type\" : ")
      writeString(relation.type, to: &out)
      out.write(",\n      \"weight\" : \(number(rounded(relation.weight)))\n    }")
    }
    out.write(",\n  \"graph\" : {\n    \"concepts\" : \(graph.concepts.count),\n")
    out.write("    \"documents\" : \(graph.documentCount),\n    \"format\" : \"cnkb-graph\",\n")
    out.write("    \"relations\" : \(graph.relations.count),\n    \"sentences\" : \(graph.sentenceCount),\n")
    out.write("    \"version\" : 1\n  },\n  \"multigraph\" : true,\n  \"nodes\" : ")
    writeArray(graph.concepts, indent: 2, to: &out) { concept, out in
      out.write("{\n      \"abbreviation\" : ")
      writeOptionalString(concept.abbreviation, to: &out)
      out.write(",\n      \"aliases\" : ")
      writeArray(concept.aliases, indent: 6, to: &out) { alias, out in writeString(alias, to: &out) }
      out.write(",\n      \"category\" : ")
      writeOptionalString(concept.category, to: &out)
      out.write(",\n      \"definition\" : ")
      if let definition = concept.definition {
        out.write("{\n        \"document\" : ")
        writeString(definition.document, to: &out)
        out.write(",\n        \"kind\" : ")
        writeString(definition.kind, to: &out)
        out.write(",\n        \"text\" : ")
        writeString(definition.text, to: &out)
        out.write("\n      }")
      } else {
        out.write("null")
      }
      out.write(",\n      \"description\" : ")
      writeOptionalString(concept.description, to: &out)
      out.write(",\n      \"documents\" : ")
      writeArray(concept.documents, indent: 6, to: &out) { document, out in writeString(document, to: &out) }
      out.write(",\n      \"id\" : ")
      writeString(concept.id.rawValue, to: &out)
      out.write(",\n      \"label\" : ")
      writeString(concept.label, to: &out)
      out.write(",\n      \"mentions\" : \(concept.mentionCount),\n      \"origin\" : ")
      writeString(concept.origin.rawValue, to: &out)
      out.write(",\n      \"score\" : \(number(rounded(concept.score)))\n    }")
    }
    out.write("\n}\n")
  }

  /// An array whose brackets sit at `indent` spaces and whose elements sit two spaces further in.
  private static func writeArray<Element, Stream: TextOutputStream>(
    _ elements: [Element], indent: Int, to out: inout Stream, element: (Element, inout Stream) -> Void
  ) {
    JSONText.writeMembers(elements, open: "[", close: "]", indent: indent, to: &out, member: element)
  }

  /// Scores and weights are exported to four decimals.
  private static func rounded(_ value: Double) -> Double {
    (value * 10_000).rounded() / 10_000
  }

  private static func number(_ value: Double) -> String { JSONText.number(value) }

  private static func writeOptionalString(_ value: String?, to out: inout some TextOutputStream) {
    if let value { writeString(value, to: &out) } else { out.write("null") }
  }

  private static func writeString(_ value: String, to out: inout some TextOutputStream) {
    JSONText.writeString(value, to: &out)
  }
}
