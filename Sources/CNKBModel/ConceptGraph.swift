/// A concept's stable identifier: the slug of its normalised label (`container-network-interface`).
///
/// JSON, DOT, the glossary and the database all use it, so it must not change between runs.
public struct ConceptID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The slug.
  public var rawValue: String

  /// Wraps an existing slug.
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Makes the slug of a label: lower-cased letters and digits, other runs turned into one `-`.
  public init(slugOf label: String) {
    var slug = ""
    var pendingDash = false
    for scalar in label.lowercased().unicodeScalars {
      if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
        if pendingDash && !slug.isEmpty { slug.append("-") }
        pendingDash = false
        slug.unicodeScalars.append(scalar)
      } else if scalar == "+" {
        if pendingDash && !slug.isEmpty { slug.append("-") }
        pendingDash = false
        slug.append("plus")
      } else {
        pendingDash = true
      }
    }
    rawValue = slug.isEmpty ? "concept" : slug
  }

  public static func < (lhs: ConceptID, rhs: ConceptID) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String { rawValue }

  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

/// Where a concept came from.
public enum ConceptOrigin: String, Sendable, Hashable, Codable {
  /// Only the curated lexicon named it (and the corpus mentions it).
  case lexicon
  /// Discovery found it in the corpus; the lexicon does not know it.
  case discovered
  /// Both the lexicon and discovery found it.
  case both
}

/// One place a concept is mentioned: document, sentence and character offsets.
public struct Mention: Sendable, Hashable, Codable {
  /// The document's source (URL or path).
  public var document: String
  /// The sentence's ordinal in its document.
  public var sentence: Int
  /// Start offset in the document's text, in Unicode scalars.
  public var start: Int
  /// End offset (exclusive) in the document's text.
  public var end: Int
  /// The text as written.
  public var surface: String

  /// Creates a mention.
  public init(document: String, sentence: Int, start: Int, end: Int, surface: String) {
    self.document = document
    self.sentence = sentence
    self.start = start
    self.end = end
    self.surface = surface
  }
}

/// A sentence chosen as a concept's definition, with the document it came from.
public struct Definition: Sendable, Hashable, Codable {
  /// The sentence, exactly as stored (never rewritten).
  public var text: String
  /// The document's source.
  public var document: String
  /// How the sentence defines the term (`copula`, `appositive`, `label`, `known-as`, …).
  public var kind: String

  /// Creates a definition.
  public init(text: String, document: String, kind: String) {
    self.text = text
    self.document = document
    self.kind = kind
  }

  /// Kinds of sentence that do not say what a term is.
  ///
  /// They only mention it, list its members, say what it does or has done to it, or have it as their subject:
  /// the best sentence found when none defines the term.
  public static let weakKinds: Set<String> = ["mention", "enumeration", "does", "subject"]

  /// Whether the sentence says what the term is (a copula, a label, an appositive, a gloss, a pinned one).
  public var saysWhatItIs: Bool { !Self.weakKinds.contains(kind) }
}

/// A concept of the corpus: what a glossary entry and a graph node are made of.
public struct Concept: Sendable, Hashable, Codable {
  /// Stable slug of the label.
  public var id: ConceptID
  /// The canonical label.
  public var label: String
  /// The abbreviation, with its own casing, when the concept has one.
  public var abbreviation: String?
  /// Every other surface form merged into this concept, sorted.
  public var aliases: [String]
  /// One of spec, driver_or_mode, protocol, project_or_product, organization, concept; nil when unknown.
  public var category: String?
  /// Whether the lexicon, discovery or both produced it.
  public var origin: ConceptOrigin
  /// Ranking score: higher is more central to the corpus.
  public var score: Double
  /// Number of mentions in the corpus.
  public var mentionCount: Int
  /// Sources of the documents that mention it, sorted.
  public var documents: [String]
  /// The corpus sentence that best defines it, when one was found.
  public var definition: Definition?
  /// The lexicon's one-line description, when the lexicon knows the concept.
  public var description: String?
  /// Every mention, sorted by document then offset.
  public var mentions: [Mention]

  /// Creates a concept.
  public init(
    id: ConceptID, label: String, abbreviation: String? = nil, aliases: [String] = [], category: String? = nil,
    origin: ConceptOrigin, score: Double, mentionCount: Int, documents: [String], definition: Definition? = nil,
    description: String? = nil, mentions: [Mention] = []
  ) {
    self.id = id
    self.label = label
    self.abbreviation = abbreviation
    self.aliases = aliases
    self.category = category
    self.origin = origin
    self.score = score
    self.mentionCount = mentionCount
    self.documents = documents
    self.definition = definition
    self.description = description
    self.mentions = mentions
  }
}

/// A sentence that supports a relation.
public struct Evidence: Sendable, Hashable, Codable {
  /// The document's source.
  public var document: String
  /// The sentence text.
  public var sentence: String
  /// Start offset of the sentence in the document's text.
  public var start: Int
  /// End offset (exclusive).
  public var end: Int

  /// Creates evidence.
  public init(document: String, sentence: String, start: Int, end: Int) {
    self.document = document
    self.sentence = sentence
    self.start = start
    self.end = end
  }
}

/// A typed, weighted edge between two concepts, with the sentences that support it.
public struct Relation: Sendable, Hashable, Codable {
  /// The subject concept.
  public var source: ConceptID
  /// The object concept.
  public var target: ConceptID
  /// The relation type (`is_a`, `uses`, …, or `related_to` for co-occurrence).
  public var type: String
  /// Strength of the relation.
  public var weight: Double
  /// Supporting sentences, sorted by document then offset.
  public var evidence: [Evidence]

  /// Creates a relation.
  public init(source: ConceptID, target: ConceptID, type: String, weight: Double, evidence: [Evidence]) {
    self.source = source
    self.target = target
    self.type = type
    self.weight = weight
    self.evidence = evidence
  }
}

/// The concepts of a corpus and the relations between them, in canonical order.
public struct ConceptGraph: Sendable, Hashable, Codable {
  /// Concepts sorted by id.
  public var concepts: [Concept]
  /// Relations sorted by source, target, type.
  public var relations: [Relation]
  /// Number of documents the graph was built from.
  public var documentCount: Int
  /// Number of sentences the graph was built from.
  public var sentenceCount: Int

  /// Creates a graph, sorting concepts and relations into canonical order.
  public init(concepts: [Concept], relations: [Relation] = [], documentCount: Int, sentenceCount: Int) {
    self.concepts = concepts.sorted { $0.id < $1.id }
    self.relations = relations.sorted {
      ($0.source.rawValue, $0.target.rawValue, $0.type) < ($1.source.rawValue, $1.target.rawValue, $1.type)
    }
    self.documentCount = documentCount
    self.sentenceCount = sentenceCount
  }

  /// Problems with the graph's shape: edges to unknown nodes, self-loops, duplicate ids, unsorted order.
  ///
  /// Empty when the graph is sound.
  public func invariantViolations() -> [String] {
    var problems: [String] = []
    let ids = Set(concepts.map(\.id))
    if ids.count != concepts.count { problems.append("duplicate concept ids") }
    if concepts.map(\.id) != concepts.map(\.id).sorted() { problems.append("concepts are not sorted by id") }
    for relation in relations {
      if !ids.contains(relation.source) || !ids.contains(relation.target) {
        problems.append("relation \(relation.source) -> \(relation.target) names an unknown concept")
      }
      if relation.source == relation.target { problems.append("self-loop on \(relation.source)") }
    }
    return problems
  }
}

extension Concept {
  /// Whether a reader may usefully be sent to this concept from another's entry: it is in the lexicon, the
  /// corpus mentions it at least three times, or a sentence says what it is.
  ///
  /// Co-occurrence weights (normalised PMI) favour phrases written once or twice beside a term ("credit card
  /// processing" beside "802.1Q trunk"), which make poor pointers; "See also" lines and `related` answers put
  /// concepts of standing first among co-occurrences.
  public var hasStanding: Bool {
    Self.hasStanding(origin: origin, mentionCount: mentionCount, definitionKind: definition?.kind)
  }

  /// How a link to another concept ranks in `related` answers, "See also" lines and diagrams, lower first.
  ///
  /// 0 for a typed relation, 1 for a co-occurrence with a concept of standing, 2 for any other co-occurrence;
  /// weights only order links of one tier.
  public static func linkTier(typed: Bool, otherHasStanding: Bool) -> Int {
    typed ? 0 : otherHasStanding ? 1 : 2
  }

  /// `hasStanding` from the stored figures alone (the kind of the concept's definition, nil without one).
  public static func hasStanding(origin: ConceptOrigin, mentionCount: Int, definitionKind: String?) -> Bool {
    origin != .discovered || mentionCount >= 3 || definitionKind.map { !Definition.weakKinds.contains($0) } == true
  }
}
