/// What the concept stage needs to know from the curated lexicon, decoupled from how the lexicon is stored.
public struct Vocabulary: Sendable, Hashable {
  /// One curated entry.
  public struct Entry: Sendable, Hashable {
    /// The canonical label.
    public var label: String
    /// The category name (`spec`, `driver_or_mode`, …).
    public var category: String
    /// Abbreviations with their own casing.
    public var abbreviations: [String]
    /// Other surface forms.
    public var aliases: [String]
    /// The one-line description.
    public var description: String

    /// Creates an entry.
    public init(
      label: String, category: String, abbreviations: [String] = [], aliases: [String] = [], description: String = ""
    ) {
      self.label = label
      self.category = category
      self.abbreviations = abbreviations
      self.aliases = aliases
      self.description = description
    }
  }

  /// A curation decision applied on every build.
  public enum Override: Sendable, Hashable {
    /// Never keep a concept with this surface.
    case reject(String)
    /// Merge the concepts with these surfaces into the one labelled `into`.
    case merge([String], into: String)
    /// Give a concept a new label.
    case rename(String, to: String)
    /// Use this exact sentence (from this document) as the concept's definition.
    case pin(String, definition: String, document: String)
  }

  /// Curated entries; empty with `--no-lexicon`.
  public var entries: [Entry]
  /// English function words: candidate terms never start or end with one, and chunks break at them.
  public var stopwords: Set<String>
  /// Generic words and phrases never proposed as terms on their own.
  public var stopList: Set<String>
  /// Curation overrides.
  public var overrides: [Override]

  /// Creates a vocabulary.
  public init(
    entries: [Entry] = [], stopwords: Set<String> = [], stopList: Set<String> = [], overrides: [Override] = []
  ) {
    self.entries = entries
    self.stopwords = stopwords
    self.stopList = stopList
    self.overrides = overrides
  }
}
