import CNKBModel

/// One curated term of `glossary/terms.jsonl`: its canonical label, category, other surfaces and description.
public struct LexiconEntry: Sendable, Hashable, Codable {
  /// The canonical label (`Container Network Interface`).
  public var label: String
  /// What kind of thing the entry names.
  public var category: ConceptCategory
  /// True abbreviations of the label, with their own casing (`CNI`, `cgroups`).
  public var abbreviations: [String]
  /// Other surface forms met in real writing (spelling and casing variants, old names).
  public var aliases: [String]
  /// One line in the curators' own words.
  public var description: String
  /// Labels of related entries of the same lexicon.
  public var seeAlso: [String]
  /// The line of `terms.jsonl` that defines the entry (1-based).
  public var line: Int

  /// Creates an entry.
  public init(
    label: String, category: ConceptCategory, abbreviations: [String] = [], aliases: [String] = [],
    description: String, seeAlso: [String] = [], line: Int = 0
  ) {
    self.label = label
    self.category = category
    self.abbreviations = abbreviations
    self.aliases = aliases
    self.description = description
    self.seeAlso = seeAlso
    self.line = line
  }

  /// Every surface that names the entry: the label, then the abbreviations, then the aliases.
  public var surfaces: [String] { [label] + abbreviations + aliases }

  /// The stable identifier a concept built from this entry gets (the slug of the label).
  public var conceptID: ConceptID { ConceptID(slugOf: label) }
}
