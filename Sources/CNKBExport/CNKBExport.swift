import CNKBModel

// Helpers the DOT and glossary renderers share: canonical ordering, number formatting and clean text.

/// The relation type for co-occurrence: undirected in meaning and weaker than every typed relation.
let coOccurrenceType = "related_to"

/// A weight that is safe to compare and scale: NaN, infinite and negative values count as zero.
func sanitizedWeight(_ weight: Double) -> Double {
  weight.isFinite && weight > 0 ? weight : 0
}

/// A score that is safe to compare: NaN and infinite values count as zero.
func sanitizedScore(_ score: Double) -> Double {
  score.isFinite ? score : 0
}

/// One concept per id, sorted by id; when ids repeat, the highest score (then the smallest label) wins.
func uniqueConcepts(_ concepts: [Concept]) -> [Concept] {
  var chosen: [ConceptID: Concept] = [:]
  for concept in concepts {
    guard let current = chosen[concept.id] else {
      chosen[concept.id] = concept
      continue
    }
    let candidateScore = sanitizedScore(concept.score)
    let currentScore = sanitizedScore(current.score)
    if candidateScore > currentScore || (candidateScore == currentScore && concept.label < current.label) {
      chosen[concept.id] = concept
    }
  }
  return chosen.values.sorted { $0.id < $1.id }
}

/// Relations in canonical order: source, target, type, then weight (heaviest first) to break ties.
func canonicalRelations(_ relations: [Relation]) -> [Relation] {
  relations.sorted { lhs, rhs in
    if lhs.source != rhs.source { return lhs.source < rhs.source }
    if lhs.target != rhs.target { return lhs.target < rhs.target }
    if lhs.type != rhs.type { return lhs.type < rhs.type }
    return sanitizedWeight(lhs.weight) > sanitizedWeight(rhs.weight)
  }
}

/// Formats a non-negative number with exactly two decimals (`1.50`), independent of locale.
func fixedTwoDecimals(_ value: Double) -> String {
  let hundredths = Int((max(0, value.isFinite ? value : 0) * 100).rounded())
  let fraction = hundredths % 100
  return "\(hundredths / 100)." + (fraction < 10 ? "0\(fraction)" : "\(fraction)")
}

/// The text on one line: every run of whitespace, line breaks included, becomes one space; ends are trimmed.
func singleLine(_ text: String) -> String {
  // Most text is printable ASCII with single spaces between words, and comes back as it is.
  var afterSpace = true
  var plain = true
  for byte in text.utf8 {
    if byte == 0x20 {
      if afterSpace {
        plain = false
        break
      }
      afterSpace = true
    } else if byte > 0x20 && byte < 0x7F {
      afterSpace = false
    } else {
      plain = false
      break
    }
  }
  if plain && !afterSpace { return text }
  var result = ""
  var pendingSpace = false
  for character in text {
    if character.isWhitespace || character.isNewline || isControl(character) {
      pendingSpace = true
    } else {
      if pendingSpace && !result.isEmpty { result.append(" ") }
      pendingSpace = false
      result.append(character)
    }
  }
  return result
}

/// Whether a character is a control character (C0, DEL or C1), which no export should carry through.
func isControl(_ character: Character) -> Bool {
  character.unicodeScalars.contains { $0.isControl }
}

/// A number a data format can carry: NaN and infinities become 0, and -0 becomes 0.
func finiteNumber(_ value: Double) -> Double {
  value.isFinite && value != 0 ? value : 0
}

/// The relation's first evidence in document and offset order, whatever the order it is stored in.
func firstEvidence(_ relation: Relation) -> Evidence? {
  relation.evidence.min { lhs, rhs in
    (lhs.document, lhs.start, lhs.end, lhs.sentence) < (rhs.document, rhs.start, rhs.end, rhs.sentence)
  }
}

/// Relations by source, target and type; ties by weight (heaviest first), evidence count and first evidence, so
/// any input order gives one output.
func orderedRelations(_ relations: [Relation]) -> [Relation] {
  func precedes(_ lhs: Relation, _ rhs: Relation) -> Bool {
    if (lhs.source, lhs.target, lhs.type) != (rhs.source, rhs.target, rhs.type) {
      return (lhs.source, lhs.target, lhs.type) < (rhs.source, rhs.target, rhs.type)
    }
    let lhsWeight = finiteNumber(lhs.weight)
    let rhsWeight = finiteNumber(rhs.weight)
    if lhsWeight != rhsWeight { return lhsWeight > rhsWeight }
    if lhs.evidence.count != rhs.evidence.count { return lhs.evidence.count > rhs.evidence.count }
    let lhsFirst = firstEvidence(lhs).map { ($0.document, $0.sentence) } ?? ("", "")
    let rhsFirst = firstEvidence(rhs).map { ($0.document, $0.sentence) } ?? ("", "")
    return lhsFirst < rhsFirst
  }
  // A graph's relations usually come in this order already: then they are not copied. (Relations that tie
  // here agree on everything the exports write about them, so their order among themselves never shows.)
  if zip(relations, relations.dropFirst()).allSatisfy({ !precedes($1, $0) }) { return relations }
  return relations.sorted(by: precedes)
}
