import CNKBModel
import Foundation

// What the glossary renderers (Markdown, HTML, data files) share: how an entry is named and which entries it
// points to. One definition here keeps the three outputs in agreement.

/// The label on one line, or the id when the label is blank.
func displayLabel(of concept: Concept) -> String {
  let label = singleLine(concept.label)
  return label.isEmpty ? concept.id.rawValue : label
}

/// The abbreviation worth showing: on one line, non-empty and not just the label again.
func displayedAbbreviation(of concept: Concept) -> String? {
  guard let abbreviation = concept.abbreviation.map(singleLine), !abbreviation.isEmpty,
    abbreviation.lowercased() != displayLabel(of: concept).lowercased()
  else { return nil }
  return abbreviation
}

/// The aliases that add something: not the label or the abbreviation, one per spelling ignoring case, sorted.
func otherNames(of concept: Concept) -> [String] {
  var seen: Set<String> = [displayLabel(of: concept).lowercased()]
  if let abbreviation = concept.abbreviation { seen.insert(singleLine(abbreviation).lowercased()) }
  let candidates = concept.aliases.map(singleLine).filter { !$0.isEmpty }.sorted {
    ($0.lowercased(), $0) < ($1.lowercased(), $1)
  }
  return candidates.filter { seen.insert($0.lowercased()).inserted }
}

/// One line of a glossary's index: a concept, or an abbreviation pointing to its concept.
///
/// The sort keys are worked out once, when the entry is made: folding a string is costly, and a glossary of
/// tens of thousands of entries is sorted by them.
struct GlossaryIndexEntry {
  /// The text the entry is sorted and filed by: the label, or the abbreviation for a pointer.
  let key: String
  let concept: Concept
  let isPointer: Bool
  /// The key without case, diacritics or width.
  let foldedKey: String
  /// The key in lower case.
  private let lowerKey: String

  init(key: String, concept: Concept, isPointer: Bool) {
    self.key = key
    self.concept = concept
    self.isPointer = isPointer
    foldedKey = key.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    lowerKey = key.lowercased()
  }

  /// The upper-case letter the entry is filed under, or nil for keys starting with a digit or symbol.
  var letter: String? {
    guard let first = foldedKey.first, first.isLetter else { return nil }
    return String(first).uppercased()
  }

  /// Alphabetical order: folded, then lower-cased, then exact, then by id, concepts before their pointers.
  static func precedes(_ lhs: Self, _ rhs: Self) -> Bool {
    if lhs.foldedKey != rhs.foldedKey { return lhs.foldedKey < rhs.foldedKey }
    if lhs.lowerKey != rhs.lowerKey { return lhs.lowerKey < rhs.lowerKey }
    if lhs.key != rhs.key { return lhs.key < rhs.key }
    if lhs.concept.id != rhs.concept.id { return lhs.concept.id < rhs.concept.id }
    return !lhs.isPointer && rhs.isPointer
  }

  /// The concepts' entries and their abbreviations' pointers, in alphabetical order.
  static func sorted(_ concepts: [Concept]) -> [Self] {
    var entries = concepts.map { Self(key: displayLabel(of: $0), concept: $0, isPointer: false) }
    for concept in concepts {
      guard let abbreviation = displayedAbbreviation(of: concept) else { continue }
      entries.append(Self(key: abbreviation, concept: concept, isPointer: true))
    }
    return entries.sorted(by: precedes)
  }
}

/// The category spelled out (`driver_or_mode` → `driver or mode`, `spec` → `specification`).
func categoryInWords(_ category: String) -> String {
  let key = singleLine(category).lowercased()
  let words = [
    "spec": "specification", "driver_or_mode": "driver or mode", "protocol": "protocol",
    "project_or_product": "project or product", "organization": "organization", "concept": "concept",
  ]
  return words[key] ?? key.replacingOccurrences(of: "_", with: " ")
}

/// `count` followed by the right form of the noun.
func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
  "\(count) \(count == 1 ? singular : plural)"
}

/// What every glossary format shows, before any format: the concepts scoring at least a minimum, one per id,
/// sorted by id, each with its best related concepts among them.
///
/// Worked out once, it serves every format of one build: finding each concept's related concepts takes a pass
/// over every relation, and a large corpus's graph has hundreds of thousands.
public struct GlossaryContent: Sendable {
  /// One concept per id scoring at least the minimum, sorted by id.
  let concepts: [Concept]
  /// For each concept, at most the "See also" limit of related concepts among `concepts`, best first: typed
  /// relations before `related_to`, then concepts of standing (see `Concept.hasStanding`), then heavier
  /// relations first, then by id.
  let related: [ConceptID: [SeeAlsoLink]]

  /// The content of a glossary of `graph`'s concepts scoring at least `minimumScore`, with at most
  /// `seeAlsoLimit` related entries each (none are looked for when it is zero or less).
  public init(_ graph: ConceptGraph, minimumScore: Double = 0, seeAlsoLimit: Int = 5) {
    concepts = uniqueConcepts(graph.concepts).filter { $0.score >= minimumScore }
    guard seeAlsoLimit > 0 else {
      related = [:]
      return
    }
    var standing = Set<ConceptID>()
    for concept in concepts where concept.hasStanding { standing.insert(concept.id) }
    related = seeAlsoLinks(graph.relations, among: Set(concepts.map(\.id)), standing: standing).mapValues {
      Array($0.prefix(seeAlsoLimit))
    }
  }
}

/// The strongest relation between a concept and one related concept.
struct SeeAlsoLink {
  var id: ConceptID
  var type: String
  var weight: Double
  /// Whether the related concept has standing of its own (see `Concept.hasStanding`).
  var standing = true

  /// Whether the relation is typed, which beats co-occurrence whatever the weights.
  var typed: Bool { type != coOccurrenceType }

  /// Whether this link ranks first: typed first, then a related concept of standing, heavier next, then the
  /// smaller id, then the smaller type.
  func precedes(_ other: SeeAlsoLink) -> Bool {
    let tier = Concept.linkTier(typed: typed, otherHasStanding: standing)
    let otherTier = Concept.linkTier(typed: other.typed, otherHasStanding: other.standing)
    if tier != otherTier { return tier < otherTier }
    if weight != other.weight { return weight > other.weight }
    if id != other.id { return id < other.id }
    return type < other.type
  }
}

/// For each concept, the related concepts among `ids`, best first.
///
/// Relations are followed both ways, self-links dropped; between two concepts the best link counts.
/// Co-occurrence partners in `standing` rank before the others (all have standing when it is nil).
///
/// Each concept's links are gathered in a plain list, sorted once, and the first link to each other concept
/// kept: a graph of a large corpus has hundreds of thousands of relations, and hub concepts thousands each.
func seeAlsoLinks(
  _ relations: [Relation], among ids: Set<ConceptID>, standing: Set<ConceptID>? = nil
) -> [ConceptID: [SeeAlsoLink]] {
  var slots: [ConceptID: Int] = [:]
  slots.reserveCapacity(ids.count)
  var owners: [ConceptID] = []
  var links: [[SeeAlsoLink]] = []
  func slot(_ id: ConceptID) -> Int {
    if let slot = slots[id] { return slot }
    slots[id] = owners.count
    owners.append(id)
    links.append([])
    return owners.count - 1
  }
  for relation in relations
  where relation.source != relation.target && ids.contains(relation.source) && ids.contains(relation.target) {
    let weight = sanitizedWeight(relation.weight)
    links[slot(relation.source)].append(
      SeeAlsoLink(
        id: relation.target, type: relation.type, weight: weight,
        standing: standing?.contains(relation.target) ?? true))
    links[slot(relation.target)].append(
      SeeAlsoLink(
        id: relation.source, type: relation.type, weight: weight,
        standing: standing?.contains(relation.source) ?? true))
  }
  var result: [ConceptID: [SeeAlsoLink]] = [:]
  result.reserveCapacity(owners.count)
  for (slot, owner) in owners.enumerated() {
    var seen = Set<ConceptID>()
    result[owner] = links[slot].sorted { $0.precedes($1) }.filter { seen.insert($0.id).inserted }
  }
  return result
}
