import CNKBModel
import Foundation

/// Renders a concept graph as a Markdown glossary: one entry per concept under letter headings.
///
/// Each entry has a stable anchor (its concept id), the definition found in the corpus (or the curated
/// lexicon's description), its other names and links to its most strongly related entries. Abbreviations get
/// short entries that point to their expansion. The output is byte-identical for the same graph.
public enum GlossaryRenderer {
  /// The glossary of every concept scoring at least `minimumScore`, as Markdown ending with a newline.
  ///
  /// Concepts below the threshold get no entry, and no abbreviation or "See also" link points to them.
  /// "See also" lists at most `seeAlsoLimit` related entries: typed relations before `related_to`, then
  /// heavier relations first, then by id.
  public static func render(
    _ graph: ConceptGraph, minimumScore: Double = 0, title: String = "Glossary", seeAlsoLimit: Int = 5
  ) -> String {
    render(GlossaryContent(graph, minimumScore: minimumScore, seeAlsoLimit: seeAlsoLimit), title: title)
  }

  /// The glossary of `content`, as Markdown ending with a newline.
  public static func render(_ content: GlossaryContent, title: String = "Glossary") -> String {
    var text = ""
    render(content, title: title, to: &text)
    return text
  }

  /// Writes the glossary of `content` to `out` as it is made, as Markdown ending with a newline.
  public static func render(
    _ content: GlossaryContent, title: String = "Glossary", to out: inout some TextOutputStream
  ) {
    func write(_ lines: [String]) {
      for line in lines {
        out.write(line)
        out.write("\n")
      }
    }
    let concepts = content.concepts
    let byID = Dictionary(uniqueKeysWithValues: concepts.map { ($0.id, $0) })

    let entries = GlossaryIndexEntry.sorted(concepts)

    var sections: [(heading: String, entries: [GlossaryIndexEntry])] = []
    for entry in entries {
      let heading = entry.letter ?? symbolHeading
      if let index = sections.firstIndex(where: { $0.heading == heading }) {
        sections[index].entries.append(entry)
      } else {
        sections.append((heading, [entry]))
      }
    }
    // Digits and symbols come first, whichever character they sort by.
    sections = sections.filter { $0.heading == symbolHeading } + sections.filter { $0.heading != symbolHeading }

    let pointerCount = entries.filter(\.isPointer).count
    write([
      "# " + escaped(singleLine(title)), "",
      "\(counted(entries.count, "entry", "entries")): \(counted(concepts.count, "concept", "concepts")) and "
        + "\(counted(pointerCount, "abbreviation", "abbreviations")) that point to their expansion.",
    ])
    for section in sections {
      write(["", "## " + section.heading])
      for entry in section.entries {
        if entry.isPointer {
          write(["", "\(escaped(entry.key, lineStart: true)): see \(link(to: entry.concept))"])
        } else {
          let seeAlso = (content.related[entry.concept.id] ?? []).compactMap { byID[$0.id] }
          write([""] + entryLines(entry.concept, seeAlso: seeAlso))
        }
      }
    }
  }

  // MARK: - Entries

  /// The heading for digits and symbols: `#` escaped, since `## #` is an empty heading in CommonMark.
  private static let symbolHeading = "\\#"

  /// The full entry of one concept, from its anchor to its "See also" line.
  private static func entryLines(_ concept: Concept, seeAlso: [Concept]) -> [String] {
    var heading = "### **\(escaped(displayLabel(of: concept)))**"
    if let abbreviation = displayedAbbreviation(of: concept) { heading += " (\(escaped(abbreviation)))" }
    var lines = ["<a id=\"\(attributeEscaped(concept.id.rawValue))\"></a>", heading]

    if let category = concept.category.map(categoryInWords), !category.isEmpty {
      lines += ["", "Category: " + escaped(category)]
    }
    // A sentence that does not say what the term is tells a reader less than the curated description: both
    // are shown, the description first.
    if concept.definition?.saysWhatItIs == false,
      let description = concept.description.map(singleLine), !description.isEmpty
    {
      lines += ["", "*From the curated lexicon:* " + escaped(description)]
    }
    if let definition = concept.definition, !singleLine(definition.text).isEmpty {
      var quote = "> " + escaped(singleLine(definition.text), lineStart: true)
      let document = definition.document.trimmingCharacters(in: .whitespacesAndNewlines)
      if !document.isEmpty { quote += " — [source](\(linkDestination(document)))" }
      // A sentence that does not say what the term is is introduced as a use, not shown as a definition.
      if !definition.saysWhatItIs { lines += ["", "*Where the corpus uses it:*"] }
      lines += ["", quote]
    } else if let description = concept.description.map(singleLine), !description.isEmpty {
      lines += ["", "*From the curated lexicon:* " + escaped(description)]
    }
    let aliases = otherNames(of: concept)
    if !aliases.isEmpty {
      lines += ["", "Also called: " + aliases.map { escaped($0) }.joined(separator: ", ")]
    }
    if !seeAlso.isEmpty {
      lines += ["", "See also: " + seeAlso.map(link(to:)).joined(separator: ", ")]
    }
    return lines
  }

  // MARK: - Markdown text

  /// A link to a concept's entry, with its label as text.
  private static func link(to concept: Concept) -> String {
    "[\(escaped(displayLabel(of: concept)))](#\(linkDestination(concept.id.rawValue)))"
  }

  /// Characters escaped wherever they appear: they could start emphasis, code, links, HTML, entities or math.
  private static let inlineSpecial: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "~", "$"]

  /// Characters that start a list or a setext underline when they begin a line.
  private static let leadingSpecial: Set<Unicode.Scalar> = ["-", "+", "="]

  /// Single-line text made safe for Markdown: it shows literally and cannot break the glossary's structure.
  ///
  /// A `#` is escaped at either end (it would open or close a heading). With `lineStart`, markers that open a
  /// list or underline a heading at the start of a line are escaped as well.
  private static func escaped(_ text: String, lineStart: Bool = false) -> String {
    var result = ""
    var scalars = Array(text.unicodeScalars)
    if let first = scalars.first, first == "#" || (lineStart && leadingSpecial.contains(first)) {
      result = "\\"
    } else if lineStart {
      // `1.` or `1)` at the start of a line would open an ordered list.
      let digits = scalars.prefix { ("0"..."9").contains($0) }.count
      if digits > 0, digits < scalars.count, scalars[digits] == "." || scalars[digits] == ")" {
        result.unicodeScalars.append(contentsOf: scalars[..<digits])
        result += "\\"
        scalars.removeFirst(digits)
      }
    }
    for (offset, scalar) in scalars.enumerated() {
      if inlineSpecial.contains(scalar) || (scalar == "#" && offset == scalars.count - 1 && offset > 0) {
        result += "\\"
      }
      result.unicodeScalars.append(scalar)
    }
    return result
  }

  /// Characters a link destination percent-encodes besides whitespace and control characters.
  private static let unsafeDestinationScalars: Set<Unicode.Scalar> = [
    "(", ")", "<", ">", "\\", "\"", "`", "[", "]", " ",
  ]
  private static let unsafeDestinationBytes = Set(unsafeDestinationScalars.map { UInt8($0.value) })

  /// A link destination that keeps the Markdown link intact: spaces, parentheses and the like percent-encoded.
  private static func linkDestination(_ target: String) -> String {
    // Concept ids are mostly printable ASCII with nothing to encode: those are returned as they are.
    if target.utf8.allSatisfy({ (0x21..<0x7F).contains($0) && !unsafeDestinationBytes.contains($0) }) { return target }
    let unsafe = unsafeDestinationScalars
    var result = ""
    for scalar in target.unicodeScalars {
      if unsafe.contains(scalar) || scalar.properties.isWhitespace || scalar.isControl {
        for byte in String(scalar).utf8 { result += "%" + hex(byte) }
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Text safe inside a double-quoted HTML attribute.
  private static func attributeEscaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "\"": result += "&quot;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Two upper-case hexadecimal digits.
  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
  }
}
