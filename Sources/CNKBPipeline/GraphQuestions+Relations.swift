import CNKBModel
import Foundation

/// A concept related to the one asked about, with the relation that links them and its best evidence.
public struct RelatedConcept: Sendable, Hashable {
  /// The other concept.
  public var concept: Concept
  /// The relation between the two, as stored (source → target).
  public var relation: Relation
  /// Whether the concept asked about is the relation's source ("CNM proposed_by Docker", asked about CNM).
  public var isOutgoing: Bool
  /// The sentence that best supports the relation, when it has any.
  public var evidence: Evidence?

  /// The relation type.
  public var type: String { relation.type }

  /// Creates a result.
  public init(concept: Concept, relation: Relation, isOutgoing: Bool, evidence: Evidence?) {
    self.concept = concept
    self.relation = relation
    self.isOutgoing = isOutgoing
    self.evidence = evidence
  }
}

/// One link of a chain between two concepts: from one concept to the next through one relation.
public struct PathStep: Sendable, Hashable {
  /// The concept the step leaves.
  public var from: Concept
  /// The concept the step reaches.
  public var to: Concept
  /// The relation followed, as stored (source → target).
  public var relation: Relation
  /// Whether the step follows the relation's direction (`from` is its source).
  public var isForward: Bool
  /// The sentence that best supports the relation, when it has any.
  public var evidence: Evidence?

  /// The relation type.
  public var type: String { relation.type }

  /// Creates a step.
  public init(from: Concept, to: Concept, relation: Relation, isForward: Bool, evidence: Evidence?) {
    self.from = from
    self.to = to
    self.relation = relation
    self.isForward = isForward
    self.evidence = evidence
  }
}

extension GraphQuestions {
  // MARK: - Related

  /// The concepts related to `id` in either direction, strongest first.
  ///
  /// Typed relations come before `related_to`; among co-occurrences, concepts of standing
  /// (`Concept.hasStanding`) come first; then heavier relations, then those with more evidence, then by the
  /// other concept's id. A concept linked by two relations appears once for each.
  ///
  /// - Parameters:
  ///   - type: only relations of this type (one of ``relationTypes``).
  ///   - limit: at most this many results.
  /// - Throws: `GraphQuestionError.unknownRelationType` for a type outside the vocabulary,
  ///   `.unknownTerm` when the graph has no concept `id`.
  public func related(
    to id: ConceptID, type: String? = nil, limit: Int? = nil
  ) throws(GraphQuestionError) -> [RelatedConcept] {
    if let type, !Self.relationTypes.contains(type) {
      throw .unknownRelationType(type, valid: Self.relationTypes)
    }
    guard let asked = concepts[id] else { throw .unknownTerm(id.rawValue, suggestions: suggestions(for: id.rawValue)) }
    let ranked = (relationsByConcept[id] ?? [])
      .filter { type == nil || $0.type == type }
      .compactMap { relation -> (relation: Relation, other: Concept)? in
        concepts[relation.source == id ? relation.target : relation.source].map { (relation, $0) }
      }
      .sorted { lhs, rhs in
        Self.ranksBefore(
          lhs.relation, lhs.relation.evidence.count, otherHasStanding: lhs.other.hasStanding, than: rhs.relation,
          rhs.relation.evidence.count, otherHasStanding: rhs.other.hasStanding, lhs.other.id, rhs.other.id)
      }
    return ranked.prefix(max(0, limit ?? ranked.count)).map { relation, other in
      RelatedConcept(
        concept: other, relation: relation, isOutgoing: relation.source == id,
        evidence: bestEvidence(for: relation, mentioning: [asked, other]))
    }
  }

  /// How many results `related(to:type:)` gives without a limit, without choosing any evidence.
  ///
  /// - Throws: as `related(to:type:limit:)`.
  public func relatedCount(to id: ConceptID, type: String? = nil) throws(GraphQuestionError) -> Int {
    if let type, !Self.relationTypes.contains(type) {
      throw .unknownRelationType(type, valid: Self.relationTypes)
    }
    guard concepts[id] != nil else { throw .unknownTerm(id.rawValue, suggestions: suggestions(for: id.rawValue)) }
    if let totals = relationTotals?[id] {
      return type.map { totals[$0] ?? 0 } ?? totals.values.reduce(0, +)
    }
    return (relationsByConcept[id] ?? []).filter { relation in
      (type == nil || relation.type == type)
        && concepts[relation.source == id ? relation.target : relation.source] != nil
    }.count
  }

  /// The strongest `limit` concepts related to `id`, one result per concept (its strongest relation).
  ///
  /// Evidence is chosen only for what is returned, so asking about a hub with thousands of relations stays fast.
  public func strongestRelatedConcepts(to id: ConceptID, limit: Int) throws(GraphQuestionError) -> [RelatedConcept] {
    var asked = max(limit, 8)
    while true {
      let ranked = try related(to: id, limit: asked)
      var seen: Set<ConceptID> = []
      let distinct = ranked.filter { seen.insert($0.concept.id).inserted }
      if distinct.count >= limit || ranked.count < asked { return Array(distinct.prefix(max(0, limit))) }
      asked *= 2
    }
  }

  /// Whether `lhs` ranks before `rhs` in a `related` answer: `isStronger`, except that between two
  /// co-occurrences the one whose other concept has standing (`Concept.hasStanding`) comes first.
  static func ranksBefore(
    _ lhs: Relation, _ lhsEvidence: Int, otherHasStanding lhsStanding: Bool, than rhs: Relation, _ rhsEvidence: Int,
    otherHasStanding rhsStanding: Bool, _ lhsOther: ConceptID, _ rhsOther: ConceptID
  ) -> Bool {
    let lhsTier = Concept.linkTier(typed: lhs.type != coOccurrenceType, otherHasStanding: lhsStanding)
    let rhsTier = Concept.linkTier(typed: rhs.type != coOccurrenceType, otherHasStanding: rhsStanding)
    if lhsTier != rhsTier { return lhsTier < rhsTier }
    return isStronger(lhs, lhsEvidence, than: rhs, rhsEvidence, lhsOther, rhsOther)
  }

  /// Whether `lhs` ranks before `rhs`: typed first, then weight, evidence count, the other concept's id, type.
  static func isStronger(_ lhs: Relation, than rhs: Relation, _ lhsOther: ConceptID, _ rhsOther: ConceptID) -> Bool {
    isStronger(lhs, lhs.evidence.count, than: rhs, rhs.evidence.count, lhsOther, rhsOther)
  }

  /// `isStronger(_:than:_:_:)` for relations whose evidence is counted rather than held.
  static func isStronger(
    _ lhs: Relation, _ lhsEvidence: Int, than rhs: Relation, _ rhsEvidence: Int, _ lhsOther: ConceptID,
    _ rhsOther: ConceptID
  ) -> Bool {
    let lhsTyped = lhs.type != coOccurrenceType
    let rhsTyped = rhs.type != coOccurrenceType
    if lhsTyped != rhsTyped { return lhsTyped }
    let lhsWeight = sanitized(lhs.weight)
    let rhsWeight = sanitized(rhs.weight)
    if lhsWeight != rhsWeight { return lhsWeight > rhsWeight }
    if lhsEvidence != rhsEvidence { return lhsEvidence > rhsEvidence }
    if lhsOther != rhsOther { return lhsOther < rhsOther }
    if lhs.type != rhs.type { return lhs.type < rhs.type }
    return lhs.source < rhs.source
  }

  /// A weight fit for comparing: NaN counts as nothing.
  static func sanitized(_ weight: Double) -> Double { weight.isNaN ? 0 : weight }

  // MARK: - Evidence

  /// The sentence that best supports `relation`: one that names both of its concepts, then one that reads as a
  /// sentence (not a heading), then the shortest.
  public func bestEvidence(for relation: Relation) -> Evidence? {
    bestEvidence(for: relation, mentioning: [relation.source, relation.target].compactMap { concepts[$0] })
  }

  /// The best evidence, preferring sentences that name every concept in `named`.
  func bestEvidence(for relation: Relation, mentioning named: [Concept]) -> Evidence? {
    rankedEvidence(for: relation, forms: named.map(Self.nameForms))?.evidence
  }

  /// The best evidence and whether it names a form from every set in `forms`.
  func rankedEvidence(for relation: Relation, forms: [Set<String>]) -> (evidence: Evidence, namesAll: Bool)? {
    relation.evidence.map { evidence in
      (evidence, Self.names(evidence.sentence, all: forms), Self.readsAsSentence(evidence.sentence))
    }
    .min { lhs, rhs in
      if lhs.1 != rhs.1 { return lhs.1 }
      if lhs.2 != rhs.2 { return lhs.2 }
      if lhs.0.sentence.count != rhs.0.sentence.count { return lhs.0.sentence.count < rhs.0.sentence.count }
      return (lhs.0.document, lhs.0.start, lhs.0.end) < (rhs.0.document, rhs.0.start, rhs.0.end)
    }
    .map { ($0.0, $0.1) }
  }

  /// Every name of a concept (label, abbreviation, aliases) in the form `names(_:all:)` looks for.
  static func nameForms(_ concept: Concept) -> Set<String> {
    Set(([concept.label, concept.abbreviation ?? ""] + concept.aliases).map(sentenceForm).filter { !$0.isEmpty })
  }

  /// Whether `sentence` names, for each set of forms, at least one of them as whole words.
  static func names(_ sentence: String, all forms: [Set<String>]) -> Bool {
    let padded = " \(sentenceForm(sentence)) "
    return forms.allSatisfy { alternatives in alternatives.contains { padded.contains(" \($0) ") } }
  }

  /// Whether text ends like a sentence (`.`, `!`, `?`, `…`, maybe inside quotes or brackets), unlike a heading.
  static func readsAsSentence(_ text: String) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard let last = trimmed.last(where: { !"\"'”’)]".contains($0) }) else { return false }
    return ".!?…".contains(last)
  }

  /// A normalised form for finding names in sentences: every character but letters, digits, `+` and `#` breaks
  /// words.
  static func sentenceForm(_ text: String) -> String {
    normalise(text) { !($0.isLetter || $0.isNumber || $0 == "+" || $0 == "#") }
  }

  // MARK: - Paths

  /// The shortest chain of relations from `start` to `end`, following relations in either direction.
  ///
  /// Among equally short chains the one with the fewest `related_to` links wins, then the one with the fewest
  /// links whose evidence has no sentence naming both ends, then the one with the heaviest relations. Between two
  /// concepts linked more than once, the typed and heavier relation is followed.
  ///
  /// - Parameter typedOnly: follow typed relations only, never `related_to`.
  /// - Throws: `GraphQuestionError.sameConcept` when both are the same concept, `.noPath` when no chain joins
  ///   them, `.unknownTerm` when the graph lacks either.
  public func path(
    from start: ConceptID, to end: ConceptID, typedOnly: Bool = false
  ) throws(GraphQuestionError) -> [PathStep] {
    guard let first = concepts[start] else {
      throw .unknownTerm(start.rawValue, suggestions: suggestions(for: start.rawValue))
    }
    guard let last = concepts[end] else {
      throw .unknownTerm(end.rawValue, suggestions: suggestions(for: end.rawValue))
    }
    if start == end { throw .sameConcept(first.label) }

    /// How good a chain is so far: fewer `related_to` links, then fewer links without a sentence naming both
    /// ends, then more weight.
    struct Cost {
      var untyped: Int
      var unsupported: Int
      var weight: Double
      func isBetter(than other: Cost) -> Bool {
        if untyped != other.untyped { return untyped < other.untyped }
        if unsupported != other.unsupported { return unsupported < other.unsupported }
        return weight > other.weight
      }
    }
    var forms: [ConceptID: Set<String>] = [:]
    func namesBoth(_ relation: Relation) -> Bool {
      let sets = [relation.source, relation.target].map { id in
        if let known = forms[id] { return known }
        let made = concepts[id].map(Self.nameForms) ?? []
        forms[id] = made
        return made
      }
      return rankedEvidence(for: relation, forms: sets)?.namesAll ?? false
    }
    var distance: [ConceptID: Int] = [start: 0]
    var cost: [ConceptID: Cost] = [start: Cost(untyped: 0, unsupported: 0, weight: 0)]
    var previous: [ConceptID: (from: ConceptID, relation: Relation)] = [:]
    var queue: [ConceptID] = [start]
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      guard let hops = distance[node], let nodeCost = cost[node] else { continue }
      if let found = distance[end], hops >= found { break }
      for (neighbour, relation) in links(of: node, typedOnly: typedOnly) {
        let candidate = Cost(
          untyped: nodeCost.untyped + (relation.type == Self.coOccurrenceType ? 1 : 0),
          unsupported: nodeCost.unsupported + (namesBoth(relation) ? 0 : 1),
          weight: nodeCost.weight + Self.sanitized(relation.weight))
        if distance[neighbour] == nil {
          distance[neighbour] = hops + 1
          queue.append(neighbour)
        } else if distance[neighbour] != hops + 1 {
          continue
        } else if let current = cost[neighbour], !candidate.isBetter(than: current) {
          continue
        }
        cost[neighbour] = candidate
        previous[neighbour] = (node, relation)
      }
    }
    guard distance[end] != nil else { throw .noPath(from: first.label, to: last.label) }

    var steps: [PathStep] = []
    var node = end
    while let (from, relation) = previous[node], let fromConcept = concepts[from], let toConcept = concepts[node] {
      steps.append(
        PathStep(
          from: fromConcept, to: toConcept, relation: relation, isForward: relation.source == from,
          evidence: bestEvidence(for: relation, mentioning: [fromConcept, toConcept])))
      node = from
    }
    return steps.reversed()
  }

  /// The neighbours of `id` by id, each with the strongest relation between the two (see `isStronger`).
  private func links(of id: ConceptID, typedOnly: Bool) -> [(ConceptID, Relation)] {
    var best: [ConceptID: Relation] = [:]
    for relation in relationsByConcept[id] ?? [] where !typedOnly || relation.type != Self.coOccurrenceType {
      let other = relation.source == id ? relation.target : relation.source
      if let current = best[other], !Self.isStronger(relation, than: current, other, other) { continue }
      best[other] = relation
    }
    return best.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
