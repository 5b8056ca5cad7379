import CNKBModel
import Foundation

/// Renders the glossary as data for docs sites: MkDocs abbreviations, a Hugo data file and a full JSON glossary.
///
/// All three take the concepts scoring at least `minimumScore`; no entry, abbreviation or "see also" link
/// points to a concept below it. "See also" ranks related concepts as the Markdown glossary does: typed
/// relations before `related_to`, then heavier relations first, then by id. Output is byte-identical for the
/// same graph whatever the order of its arrays.
public enum GlossaryDataRenderer {
  /// The name the full glossary's `format` field carries.
  public static let glossaryFormat = "cnkb-glossary"

  /// The version the full glossary's `version` field carries; it grows when fields change meaning or go away.
  public static let glossaryVersion = 1

  /// A MkDocs (Python-Markdown `abbr`) snippet: one `*[CNI]: Container Network Interface` line per abbreviation.
  ///
  /// Lines are sorted by abbreviation (case-insensitively, then exactly). When concepts share an abbreviation,
  /// the highest-scoring one (then the smallest id) gets the line. Abbreviations containing `]` or `\` cannot be
  /// written in that syntax and are left out. The expansion is the label on one line, with `[` and `]` written
  /// as `(` and `)`. Empty when no concept has an abbreviation; otherwise ends with a newline.
  public static func mkdocsAbbreviations(_ graph: ConceptGraph, minimumScore: Double = 0) -> String {
    // Abbreviations link to nothing: no related entries are looked for.
    mkdocsAbbreviations(GlossaryContent(graph, minimumScore: minimumScore, seeAlsoLimit: 0))
  }

  /// The MkDocs abbreviations snippet of `content`, as above.
  public static func mkdocsAbbreviations(_ content: GlossaryContent) -> String {
    var chosen: [String: Concept] = [:]
    for concept in content.concepts {
      guard let abbreviation = displayedAbbreviation(of: concept),
        !abbreviation.contains("]"), !abbreviation.contains("\\")
      else { continue }
      let expansion = abbreviationExpansion(of: concept)
      guard !expansion.isEmpty, expansion != "\"\"", expansion != "''" else { continue }
      if let current = chosen[abbreviation] {
        let currentScore = sanitizedScore(current.score)
        let candidateScore = sanitizedScore(concept.score)
        guard candidateScore > currentScore || (candidateScore == currentScore && concept.id < current.id) else {
          continue
        }
      }
      chosen[abbreviation] = concept
    }
    let lines = chosen.keys.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }.compactMap { abbreviation in
      chosen[abbreviation].map { "*[\(abbreviation)]: \(abbreviationExpansion(of: $0))" }
    }
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  /// A Hugo data file (`data/glossary.json`): a JSON object keyed by concept id, one entry per concept.
  ///
  /// An object rather than an array so that templates can look entries up (`index site.Data.glossary "calico"`);
  /// `range` visits it in key order. Each entry has `id` (the stable slug), `title`, `short` (the definition
  /// found in the corpus, else the lexicon's description, which also wins over a corpus sentence that does not
  /// say what the term is; cut to its first sentence or to 200 characters at a word boundary with "…"; null
  /// when there is neither), `aka` (the abbreviation, then the aliases, one per
  /// case-insensitive spelling, never the title), `category` (or null), `seeAlso` (ids of at most
  /// `seeAlsoLimit` related entries) and `source` (the definition's document, or null).
  public static func hugoData(_ graph: ConceptGraph, minimumScore: Double = 0, seeAlsoLimit: Int = 5) -> String {
    hugoData(GlossaryContent(graph, minimumScore: minimumScore, seeAlsoLimit: seeAlsoLimit))
  }

  /// The Hugo data file of `content`, as above.
  public static func hugoData(_ content: GlossaryContent) -> String {
    var text = ""
    hugoData(content, to: &text)
    return text
  }

  /// Writes the Hugo data file of `content` to `out` as it is made.
  public static func hugoData(_ content: GlossaryContent, to out: inout some TextOutputStream) {
    let entries = hugoEntries(content)
    // An object keyed by id, written entry by entry as `JSONEncoder` writes the whole (keys sorted).
    JSONText.writeMembers(entries.keys.sorted(), open: "{", close: "}", indent: 0, to: &out) { id, out in
      JSONText.writeString(id, to: &out)
      out.write(" : ")
      if let entry = entries[id] { JSONText.write(entry.json, indent: 2, to: &out) }
    }
    out.write("\n")
  }

  /// The Hugo data file's entries by id.
  static func hugoEntries(_ content: GlossaryContent) -> [String: HugoEntry] {
    var entries: [String: HugoEntry] = [:]
    for concept in content.concepts {
      // A sentence that does not say what the term is gives way to the curated description, when there is one.
      let description = concept.description.map(singleLine).flatMap { $0.isEmpty ? nil : $0 }
      let found = usableDefinition(of: concept)
      let definition = found?.saysWhatItIs == false && description != nil ? nil : found
      let summary = definition?.text ?? description
      let document = definition.map { singleLine($0.document) }
      entries[concept.id.rawValue] = HugoEntry(
        id: concept.id.rawValue, title: displayLabel(of: concept), short: summary.map(shortText),
        aka: akaNames(of: concept), category: cleanCategory(concept.category),
        seeAlso: (content.related[concept.id] ?? []).map(\.id.rawValue),
        source: document.flatMap { $0.isEmpty ? nil : $0 })
    }
    return entries
  }

  /// The full glossary as JSON for any other consumer: format name and version, then one entry per concept.
  ///
  /// Entries are sorted by id and carry `id`, `label`, `abbreviation`, `aliases`, `category`, `origin`,
  /// `score`, `definition` (`{text, document, kind}` exactly as found, or null; `kind` as in the graph export), `description` and `seeAlso` (at
  /// most `seeAlsoLimit` `{id, type, weight}` objects, best first: the strongest relation to each related
  /// concept, in either direction). Absent values are null; NaN and infinite numbers are written as 0.
  public static func glossaryJSON(_ graph: ConceptGraph, minimumScore: Double = 0, seeAlsoLimit: Int = 5) -> String {
    glossaryJSON(GlossaryContent(graph, minimumScore: minimumScore, seeAlsoLimit: seeAlsoLimit))
  }

  /// The full glossary of `content` as JSON, as above.
  public static func glossaryJSON(_ content: GlossaryContent) -> String {
    var text = ""
    glossaryJSON(content, to: &text)
    return text
  }

  /// Writes the full glossary of `content` as JSON to `out` as it is made.
  public static func glossaryJSON(_ content: GlossaryContent, to out: inout some TextOutputStream) {
    let document = glossaryDocument(content)
    // Written entry by entry as `JSONEncoder` writes the whole document (keys sorted: entries, format, version).
    out.write("{\n  \"entries\" : ")
    JSONText.writeMembers(document.entries, open: "[", close: "]", indent: 2, to: &out) { entry, out in
      JSONText.write(entry.json, indent: 4, to: &out)
    }
    out.write(",\n  \"format\" : ")
    JSONText.writeString(document.format, to: &out)
    out.write(",\n  \"version\" : \(document.version)\n}\n")
  }

  /// The full glossary's value.
  static func glossaryDocument(_ content: GlossaryContent) -> GlossaryDocument {
    let entries = content.concepts.map { concept in
      GlossaryEntry(
        id: concept.id.rawValue, label: concept.label, abbreviation: concept.abbreviation,
        aliases: Array(Set(concept.aliases.map(singleLine).filter { !$0.isEmpty })).sorted(),
        category: concept.category, origin: concept.origin.rawValue, score: finiteNumber(concept.score),
        definition: concept.definition.map { DefinitionEntry(text: $0.text, document: $0.document, kind: $0.kind) },
        description: concept.description,
        seeAlso: (content.related[concept.id] ?? []).map {
          SeeAlsoEntry(id: $0.id.rawValue, type: $0.type, weight: $0.weight)
        })
    }
    return GlossaryDocument(format: glossaryFormat, version: glossaryVersion, entries: entries)
  }

  // MARK: - Documents

  /// One entry of the Hugo data file.
  struct HugoEntry: Encodable {
    var id: String
    var title: String
    var short: String?
    var aka: [String]
    var category: String?
    var seeAlso: [String]
    var source: String?

    enum CodingKeys: String, CodingKey { case id, title, short, aka, category, seeAlso, source }

    /// The entry as `encode(to:)` writes it, keys sorted.
    var json: JSONText.Value {
      .object([
        ("aka", .array(aka.map { .string($0) })), ("category", .string(category)), ("id", .string(id)),
        ("seeAlso", .array(seeAlso.map { .string($0) })), ("short", .string(short)), ("source", .string(source)),
        ("title", .string(title)),
      ])
    }

    /// Writes every field, absent ones as null.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(title, forKey: .title)
      try container.encode(short, forKey: .short)
      try container.encode(aka, forKey: .aka)
      try container.encode(category, forKey: .category)
      try container.encode(seeAlso, forKey: .seeAlso)
      try container.encode(source, forKey: .source)
    }
  }

  /// The full glossary: what it is, then its entries.
  struct GlossaryDocument: Encodable {
    var format: String
    var version: Int
    var entries: [GlossaryEntry]
  }

  /// One concept of the full glossary.
  struct GlossaryEntry: Encodable {
    var id: String
    var label: String
    var abbreviation: String?
    var aliases: [String]
    var category: String?
    var origin: String
    var score: Double
    var definition: DefinitionEntry?
    var description: String?
    var seeAlso: [SeeAlsoEntry]

    enum CodingKeys: String, CodingKey {
      case id, label, abbreviation, aliases, category, origin, score, definition, description, seeAlso
    }

    /// The entry as `encode(to:)` writes it, keys sorted.
    var json: JSONText.Value {
      .object([
        ("abbreviation", .string(abbreviation)), ("aliases", .array(aliases.map { .string($0) })),
        ("category", .string(category)),
        (
          "definition",
          definition.map {
            .object([("document", .string($0.document)), ("kind", .string($0.kind)), ("text", .string($0.text))])
          } ?? .null
        ),
        ("description", .string(description)), ("id", .string(id)), ("label", .string(label)),
        ("origin", .string(origin)), ("score", .number(score)),
        (
          "seeAlso",
          .array(
            seeAlso.map {
              .object([("id", .string($0.id)), ("type", .string($0.type)), ("weight", .number($0.weight))])
            })
        ),
      ])
    }

    /// Writes every field, absent ones as null.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(label, forKey: .label)
      try container.encode(abbreviation, forKey: .abbreviation)
      try container.encode(aliases, forKey: .aliases)
      try container.encode(category, forKey: .category)
      try container.encode(origin, forKey: .origin)
      try container.encode(score, forKey: .score)
      try container.encode(definition, forKey: .definition)
      try container.encode(description, forKey: .description)
      try container.encode(seeAlso, forKey: .seeAlso)
    }
  }

  /// A definition sentence, the document it came from, and how it presents the term.
  struct DefinitionEntry: Encodable {
    var text: String
    var document: String
    var kind: String
  }

  /// One related concept: its id, and the type and weight of the strongest relation to it.
  struct SeeAlsoEntry: Encodable {
    var id: String
    var type: String
    var weight: Double
  }

  // MARK: - Concepts

  /// The label as an abbreviation's expansion: one line, square brackets turned into parentheses.
  private static func abbreviationExpansion(of concept: Concept) -> String {
    displayLabel(of: concept).replacingOccurrences(of: "[", with: "(").replacingOccurrences(of: "]", with: ")")
  }

  /// The abbreviation, then the aliases sorted, each on one line, one per case-insensitive spelling, not the title.
  private static func akaNames(of concept: Concept) -> [String] {
    let abbreviation = displayedAbbreviation(of: concept).map { [$0] } ?? []
    return abbreviation + otherNames(of: concept)
  }

  /// The category on one line, or nil when there is none.
  private static func cleanCategory(_ category: String?) -> String? {
    guard let category = category.map(singleLine), !category.isEmpty else { return nil }
    return category
  }

  /// The corpus definition on one line, when it has any text.
  private static func usableDefinition(of concept: Concept) -> Definition? {
    guard var definition = concept.definition else { return nil }
    definition.text = singleLine(definition.text)
    return definition.text.isEmpty ? nil : definition
  }

  // MARK: - Short text

  /// The longest `short` text, in characters, "…" included.
  private static let shortLimit = 200

  /// Words that end with a full stop without ending the sentence.
  private static let abbreviatedWords: Set<String> = [
    "approx", "cf", "co", "dr", "e.g", "etc", "i.e", "inc", "ltd", "mr", "mrs", "ms", "no", "st", "vs",
  ]

  /// The first sentence of one-line text, cut at a word boundary with "…" when longer than ``shortLimit``.
  private static func shortText(_ text: String) -> String {
    let sentence = firstSentence(singleLine(text))
    guard sentence.count > shortLimit else { return sentence }
    let head = sentence.prefix(shortLimit - 1)
    var cut = head
    if let space = head.lastIndex(where: \.isWhitespace), head.distance(from: head.startIndex, to: space) >= 40 {
      cut = head[..<space]
    }
    let trimmed = cut.reversed().drop { $0.isWhitespace || ",;:-–—(".contains($0) }.reversed()
    return String(trimmed) + "…"
  }

  /// Text up to the first `.`, `!` or `?` that is followed by a space and a capital, digit or quote.
  ///
  /// A full stop after a single letter, after a word containing a full stop (`e.g.`, `U.S.`) or after a common
  /// abbreviation does not end the sentence.
  private static func firstSentence(_ text: String) -> String {
    let characters = Array(text)
    var wordStart = 0
    for index in characters.indices {
      let character = characters[index]
      if character.isWhitespace { wordStart = index + 1 }
      guard ".!?".contains(character), index + 2 < characters.count, characters[index + 1] == " " else { continue }
      let next = characters[index + 2]
      guard next.isUppercase || next.isNumber || "\"“‘'(".contains(next) else { continue }
      if character == "." {
        let word = String(characters[wordStart..<index])
        let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "(\"“‘'"))
        if bare.count <= 1 || bare.contains(".") || abbreviatedWords.contains(bare.lowercased()) { continue }
      }
      return String(characters[...index])
    }
    return text
  }
}
