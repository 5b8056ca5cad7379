import CNKBModel
import CNKBRelations
import Foundation

/// Questions asked of a stored concept graph: what a term names, what it relates to, how two terms connect.
///
/// Pure functions over a `ConceptGraph`, so they need no database; `cnkb define`, `related`, `path` and
/// `diagram` call them on `KnowledgeBase.loadGraph()`. Building the value indexes every surface form once.
public struct GraphQuestions: Sendable {
  /// The graph being asked.
  public let graph: ConceptGraph
  /// Concepts by id (the first one wins if the graph repeats an id).
  let concepts: [ConceptID: Concept]
  /// Every surface form (label, abbreviation, alias, id) by its normalised key.
  let surfaces: [String: [Surface]]
  /// Relations touching each concept, in either direction.
  let relationsByConcept: [ConceptID: [Relation]]
  /// For a graph holding only some of a concept's relations (the strongest, which an answer shows), how many
  /// of each type it has in the whole graph; nil when the graph holds them all.
  let relationTotals: [ConceptID: [String: Int]]?

  /// One way of writing a concept: its text and what kind of name it is.
  struct Surface: Sendable {
    enum Kind: Int, Sendable {
      case label, abbreviation, alias, id
    }
    var concept: ConceptID
    var text: String
    var kind: Kind
  }

  /// The relation types the extractor produces, then `related_to` (co-occurrence).
  public static let relationTypes: [String] = RelationType.allCases.map(\.rawValue) + [coOccurrenceType]

  /// The type of co-occurrence relations: two concepts often mentioned together, undirected in meaning.
  public static let coOccurrenceType = "related_to"

  /// Indexes `graph` for questions.
  ///
  /// - Parameter relationTotals: when `graph` holds only the strongest relations of some concepts (see
  ///   `KnowledgeBase.questionsAround(term:type:strongest:)`), how many relations of each type those concepts
  ///   have in the whole graph, for `relatedCount(to:type:)`.
  public init(_ graph: ConceptGraph, relationTotals: [ConceptID: [String: Int]]? = nil) {
    self.graph = graph
    self.relationTotals = relationTotals
    var concepts: [ConceptID: Concept] = [:]
    for concept in graph.concepts where concepts[concept.id] == nil { concepts[concept.id] = concept }
    self.concepts = concepts
    var surfaces: [String: [Surface]] = [:]
    for concept in concepts.values.sorted(by: { $0.id < $1.id }) {
      var forms = [Surface(concept: concept.id, text: concept.label, kind: .label)]
      if let abbreviation = concept.abbreviation {
        forms.append(Surface(concept: concept.id, text: abbreviation, kind: .abbreviation))
      }
      forms += concept.aliases.map { Surface(concept: concept.id, text: $0, kind: .alias) }
      forms.append(Surface(concept: concept.id, text: concept.id.rawValue, kind: .id))
      for form in forms {
        let key = Self.normalise(form.text)
        guard !key.isEmpty else { continue }
        surfaces[key, default: []].append(form)
      }
    }
    self.surfaces = surfaces
    var relationsByConcept: [ConceptID: [Relation]] = [:]
    for relation in graph.relations
    where relation.source != relation.target && concepts[relation.source] != nil && concepts[relation.target] != nil {
      relationsByConcept[relation.source, default: []].append(relation)
      relationsByConcept[relation.target, default: []].append(relation)
    }
    self.relationsByConcept = relationsByConcept
  }

  /// The concept with this id, if the graph has one.
  public func concept(withID id: ConceptID) -> Concept? { concepts[id] }

  // MARK: - Lookup

  /// The concept a term names: a label, abbreviation, alias or id, in any case and spelling variant.
  ///
  /// Case, `-_/.:`, repeated spaces and plural endings do not matter (see ``normalise(_:)``). When several
  /// concepts share the surface, the one whose label or abbreviation is written exactly so wins, then the
  /// higher-scoring one.
  ///
  /// - Throws: `GraphQuestionError.unknownTerm` with up to five suggestions when nothing matches.
  public func concept(named term: String) throws(GraphQuestionError) -> Concept {
    guard let best = matches(for: term).first else {
      throw .unknownTerm(term, suggestions: suggestions(for: term))
    }
    return best
  }

  /// Every concept a term names, best first (see ``concept(named:)``); empty when none does.
  public func matches(for term: String) -> [Concept] {
    let trimmed = term.trimmingCharacters(in: .whitespacesAndNewlines)
    var found = surfaces[Self.normalise(trimmed)] ?? []
    found += concepts[ConceptID(rawValue: trimmed)].map { [Surface(concept: $0.id, text: trimmed, kind: .id)] } ?? []
    var rank: [ConceptID: Int] = [:]
    for surface in found {
      let exact = surface.text == trimmed
      let tier =
        switch surface.kind {
        case .label, .abbreviation: exact ? 0 : 2
        case .alias, .id: exact ? 1 : 2
        }
      rank[surface.concept] = min(rank[surface.concept] ?? tier, tier)
    }
    return rank.compactMap { id, tier in concepts[id].map { (tier, $0) } }
      .sorted { lhs, rhs in
        if lhs.0 != rhs.0 { return lhs.0 < rhs.0 }
        if lhs.1.score != rhs.1.score { return lhs.1.score > rhs.1.score }
        return lhs.1.id < rhs.1.id
      }
      .map(\.1)
  }

  /// Up to `limit` terms close to an unknown one, best first.
  ///
  /// Close means a small edit distance between normalised forms (one edit per three characters, at least one,
  /// at most three), then a known term starting with it, then one with a word starting with it or one contained
  /// in it as whole words; ties go to the smaller distance, then the higher score. Each concept is suggested once,
  /// under the surface that matched best.
  public func suggestions(for term: String, limit: Int = 5) -> [TermSuggestion] {
    // `suggestionCandidates(for:among:)` must keep every concept this can return: change both together.
    let key = Self.normalise(term)
    guard !key.isEmpty, limit > 0 else { return [] }
    let allowed = max(1, min(3, key.count / 3))
    let query = Array(key)
    var best: [ConceptID: (tier: Int, distance: Int, surface: Surface)] = [:]
    for (surfaceKey, forms) in surfaces {
      let distance = Self.editDistance(query, Array(surfaceKey), limit: max(query.count, surfaceKey.count))
      let tier: Int
      if distance <= allowed {
        tier = 0
      } else if key.count >= 2 && surfaceKey.hasPrefix(key) {
        tier = 1
      } else if key.count >= 3 && " \(surfaceKey) ".contains(" \(key)")
        || surfaceKey.count >= 4 && " \(key) ".contains(" \(surfaceKey) ")
      {
        tier = 2
      } else {
        continue
      }
      for form in forms {
        let candidate = (tier, distance, form)
        // Ties between two forms of one concept go to the smaller text, so the form shown never depends on
        // the order the surfaces are visited in.
        if let current = best[form.concept],
          (current.tier, current.distance, current.surface.kind.rawValue, current.surface.text)
            <= (tier, distance, form.kind.rawValue, form.text)
        {
          continue
        }
        best[form.concept] = candidate
      }
    }
    let ranked = best.compactMap { id, match -> (tier: Int, distance: Int, surface: Surface, concept: Concept)? in
      concepts[id].map { (match.tier, match.distance, match.surface, $0) }
    }
    .sorted { lhs, rhs in
      if lhs.tier != rhs.tier { return lhs.tier < rhs.tier }
      if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
      if lhs.concept.score != rhs.concept.score { return lhs.concept.score > rhs.concept.score }
      return lhs.concept.id < rhs.concept.id
    }
    return ranked.prefix(limit).map { match in
      TermSuggestion(
        term: Self.displaySurface(match.surface, of: match.concept), concept: match.concept.id,
        label: match.concept.label, distance: match.distance)
    }
  }

  /// What a suggestion shows: the label or abbreviation when it is the same name, else the surface as written.
  private static func displaySurface(_ surface: Surface, of concept: Concept) -> String {
    let key = normalise(surface.text)
    if let abbreviation = concept.abbreviation, normalise(abbreviation) == key { return abbreviation }
    if normalise(concept.label) == key { return concept.label }
    return surface.text
  }

  // MARK: - Normalising

  /// The form terms are compared in: case-folded, `-_/.:` as spaces, spaces collapsed, and every word longer than
  /// three letters made singular ("CNI-Plugins" and "cni plugin", "IP addresses" and "IP address" are the same).
  public static func normalise(_ text: String) -> String {
    text.utf8.allSatisfy({ $0 < 0x80 }) ? normaliseASCII(text) : normalise(text) { "-_/.:".contains($0) }
  }

  /// The concepts `suggestions(for:)` could return for `term`, from the lookup keys of all names alone: a
  /// superset, so suggesting among only these concepts gives the same answer as among all of them.
  ///
  /// Nil when `term` is not plain ASCII (then every concept is a candidate). A key that is not ASCII is
  /// always kept. Works on bytes: a large graph has a hundred thousand keys, and this runs for every unknown
  /// term asked about.
  public static func suggestionCandidates(
    for term: String, among keys: [(key: String, concept: ConceptID)]
  ) -> Set<ConceptID>? {
    let key = normalise(term)
    guard key.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
    guard !key.isEmpty else { return [] }
    let query = Array(key.utf8)
    let allowed = max(1, min(3, query.count / 3))
    let spacedQuery = [UInt8(ascii: " ")] + query
    let paddedQuery = [UInt8(ascii: " ")] + query + [UInt8(ascii: " ")]
    var candidates = Set<ConceptID>()
    for (surfaceKey, concept) in keys where !candidates.contains(concept) {
      let bytes = Array(surfaceKey.utf8)
      if bytes.contains(where: { $0 >= 0x80 }) {
        candidates.insert(concept)
        continue
      }
      if bytes.starts(with: query) {
        candidates.insert(concept)
        continue
      }
      // Within `allowed` edits (on bytes, which for ASCII are the characters `suggestions` compares).
      if editDistance(query, bytes, limit: allowed) <= allowed {
        candidates.insert(concept)
        continue
      }
      let padded = [UInt8(ascii: " ")] + bytes + [UInt8(ascii: " ")]
      if contains(padded, spacedQuery) || contains(paddedQuery, padded) { candidates.insert(concept) }
    }
    return candidates
  }

  /// Whether `haystack` holds `needle` as a contiguous run.
  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }

  /// `normalise(_:)` for all-ASCII text, on bytes (a lookup normalises every name of a large graph).
  static func normaliseASCII(_ text: String) -> String {
    var words: [String] = []
    var word: [UInt8] = []
    func flush() {
      guard !word.isEmpty else { return }
      let text = String(decoding: word, as: UTF8.self)
      words.append(word.count > 3 ? singular(text) : text)
      word.removeAll(keepingCapacity: true)
    }
    for byte in text.utf8 {
      switch byte {
      // ASCII white space (tab to carriage return, space) and the separators.
      case 9...13, 32, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"):
        flush()
      case 65...90:
        word.append(byte + 32)
      default:
        word.append(byte)
      }
    }
    flush()
    return words.joined(separator: " ")
  }

  /// Normalises with the characters `isSeparator` accepts (and whitespace) treated as word breaks.
  static func normalise(_ text: String, isSeparator: (Character) -> Bool) -> String {
    var words: [String] = []
    var word = ""
    func flush() {
      guard !word.isEmpty else { return }
      if word.count > 3 { word = singular(word) }
      words.append(word)
      word = ""
    }
    for character in text.lowercased() {
      if character.isWhitespace || isSeparator(character) {
        flush()
      } else {
        word.append(character)
      }
    }
    flush()
    return words.joined(separator: " ")
  }

  /// A word without its plural ending: `-ies` → `-y`, `-sses` → `-ss`, a final `s` dropped unless it is `-ss`.
  static func singular(_ word: String) -> String {
    if word.count > 4 && word.hasSuffix("ies") { return word.dropLast(3) + "y" }
    if word.hasSuffix("sses") { return String(word.dropLast(2)) }
    if word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
    return word
  }

  /// The Levenshtein distance between two strings, or `limit + 1` as soon as it must exceed `limit`.
  static func editDistance<Element: Equatable>(_ lhs: [Element], _ rhs: [Element], limit: Int) -> Int {
    if abs(lhs.count - rhs.count) > limit { return limit + 1 }
    if lhs.isEmpty || rhs.isEmpty { return max(lhs.count, rhs.count) }
    var previous = Array(0...rhs.count)
    var current = [Int](repeating: 0, count: rhs.count + 1)
    for (i, left) in lhs.enumerated() {
      current[0] = i + 1
      var rowMinimum = current[0]
      for (j, right) in rhs.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
        rowMinimum = min(rowMinimum, current[j + 1])
      }
      if rowMinimum > limit { return limit + 1 }
      swap(&previous, &current)
    }
    return previous[rhs.count]
  }
}

/// A known term offered in place of an unknown one.
public struct TermSuggestion: Sendable, Hashable, Codable {
  /// The surface to type: the label or abbreviation, or the alias that matched.
  public var term: String
  /// The concept it names.
  public var concept: ConceptID
  /// The concept's label.
  public var label: String
  /// Edit distance between the normalised forms of the unknown term and `term`.
  public var distance: Int

  /// Creates a suggestion.
  public init(term: String, concept: ConceptID, label: String, distance: Int) {
    self.term = term
    self.concept = concept
    self.label = label
    self.distance = distance
  }
}

/// What can go wrong when asking the graph a question.
public enum GraphQuestionError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The database holds no concept graph: `cnkb build` has not run on it.
  case noGraph
  /// No concept has this label, abbreviation, alias or id; the suggestions are the closest known terms.
  case unknownTerm(String, suggestions: [TermSuggestion])
  /// The relation type is not one of `GraphQuestions.relationTypes`.
  case unknownRelationType(String, valid: [String])
  /// A path was asked from a concept to itself (its label).
  case sameConcept(String)
  /// No chain of relations joins the two concepts (their labels).
  case noPath(from: String, to: String)

  /// The message a user sees, without the `path: error:` prefix.
  public var description: String {
    switch self {
    case .noGraph:
      "no concept graph in this database (run cnkb build first)"
    case .unknownTerm(let term, let suggestions):
      suggestions.isEmpty
        ? "unknown term '\(term)' (nothing similar is known; try cnkb search \(term))"
        : "unknown term '\(term)'; did you mean: \(suggestions.map(\.term).joined(separator: ", "))?"
    case .unknownRelationType(let type, let valid):
      "unknown relation type '\(type)'; valid types: \(valid.joined(separator: ", "))"
    case .sameConcept(let label):
      "both terms name '\(label)'; give two different concepts"
    case .noPath(let from, let to):
      "no chain of relations joins '\(from)' and '\(to)'"
    }
  }

  /// The process exit code the command line uses (see `cnkb --help`).
  ///
  /// 66 when there is no graph to ask, 64 for a wrong command line, 65 when the graph has no answer.
  public var exitCode: Int32 {
    switch self {
    case .noGraph: 66
    case .unknownRelationType, .sameConcept: 64
    case .unknownTerm, .noPath: 65
    }
  }
}
