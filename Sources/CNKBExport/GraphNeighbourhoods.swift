import CNKBModel

/// A concept graph indexed for neighbourhood questions: who is linked to whom, and by which relations.
///
/// Building the index reads every relation once; each neighbourhood then costs only what it touches, so
/// drawing a diagram for every glossary entry stays linear in the graph rather than quadratic.
public struct GraphNeighbourhoods: Sendable {
  /// The graph's concepts, one per id, sorted by id.
  let concepts: [Concept]
  let byID: [ConceptID: Int]
  /// Relations whose two ends are both concepts of the graph, in the graph's order.
  let relations: [Relation]
  /// Per concept: (neighbour, weight, relation index), one entry per relation touching it.
  let adjacency: [ConceptID: [(neighbour: ConceptID, weight: Double, relation: Int)]]
  let documentCount: Int
  let sentenceCount: Int

  /// Indexes `graph`.
  public init(_ graph: ConceptGraph) {
    concepts = uniqueConcepts(graph.concepts)
    byID = Dictionary(uniqueKeysWithValues: concepts.enumerated().map { ($1.id, $0) })
    let byID = self.byID
    relations = graph.relations.filter { byID[$0.source] != nil && byID[$0.target] != nil }
    var adjacency: [ConceptID: [(neighbour: ConceptID, weight: Double, relation: Int)]] = [:]
    for (index, relation) in relations.enumerated() {
      if relation.source == relation.target {
        adjacency[relation.source, default: []].append((relation.source, -1, index))
        continue
      }
      let weight = sanitizedWeight(relation.weight)
      adjacency[relation.source, default: []].append((relation.target, weight, index))
      adjacency[relation.target, default: []].append((relation.source, weight, index))
    }
    self.adjacency = adjacency
    documentCount = graph.documentCount
    sentenceCount = graph.sentenceCount
  }

  /// Whether a relation links `id` to another concept.
  public func hasNeighbours(_ id: ConceptID) -> Bool {
    adjacency[id]?.contains { $0.neighbour != id } == true
  }

  /// The subgraph within `depth` hops of `id`; see ``DOTRenderer/neighbourhood(of:in:depth:maxNodes:)``.
  public func neighbourhood(of id: ConceptID, depth: Int = 1, maxNodes: Int = 25) -> ConceptGraph? {
    guard byID[id] != nil else { return nil }
    let relations = self.relations
    let kept = Self.chooseConcepts(
      around: id, depth: depth, maxNodes: maxNodes,
      links: { node in
        (adjacency[node] ?? []).map { ($0.neighbour, $0.weight, relations[$0.relation].type != coOccurrenceType) }
      },
      standing: { byID[$0].map { concepts[$0].hasStanding } ?? false },
      score: { byID[$0].map { concepts[$0].score } ?? 0 })
    // Relations between kept concepts, in the graph's order.
    var inside = Set<Int>()
    for node in kept {
      for link in adjacency[node] ?? [] where kept.contains(link.neighbour) { inside.insert(link.relation) }
    }
    return ConceptGraph(
      concepts: kept.compactMap { byID[$0] }.sorted().map { concepts[$0] },
      relations: inside.sorted().map { relations[$0] },
      documentCount: documentCount, sentenceCount: sentenceCount)
  }

  /// The concepts a neighbourhood keeps around `id`: hop by hop up to `depth`, each hop's new neighbours ranked by
  /// their strongest link to the hop before, until `maxNodes` are kept.
  ///
  /// A neighbour reached by a typed relation comes first; among those reached by co-occurrence alone, one of
  /// standing (`Concept.hasStanding`) comes before a phrase written once or twice, as in `related` answers and
  /// "See also" lines; then the heavier link, the higher score, the smaller id.
  ///
  /// `links` gives a concept's links (neighbour, relation weight, and whether the relation is typed, one per
  /// relation; a link to itself adds nothing), `standing` whether a concept has standing and `score` its score:
  /// from an index in memory, or read from a store a hop at a time, which keeps the same choice without holding
  /// the graph.
  public static func chooseConcepts<Failure: Error>(
    around id: ConceptID, depth: Int, maxNodes: Int,
    links: (ConceptID) throws(Failure) -> [(neighbour: ConceptID, weight: Double, typed: Bool)],
    standing: (ConceptID) throws(Failure) -> Bool,
    score: (ConceptID) throws(Failure) -> Double
  ) throws(Failure) -> Set<ConceptID> {
    let limit = max(1, maxNodes)
    var kept: Set<ConceptID> = [id]
    var frontier: [ConceptID] = [id]
    var hops = 0
    while hops < depth, kept.count < limit, !frontier.isEmpty {
      hops += 1
      // Each candidate's strongest link: a typed one before any co-occurrence, then the heavier.
      var strongest: [ConceptID: (typed: Bool, weight: Double)] = [:]
      for node in frontier {
        for link in try links(node) where link.neighbour != node && !kept.contains(link.neighbour) {
          let candidate = (typed: link.typed, weight: sanitizedWeight(link.weight))
          guard let best = strongest[link.neighbour] else {
            strongest[link.neighbour] = candidate
            continue
          }
          if best.typed == candidate.typed ? candidate.weight > best.weight : candidate.typed {
            strongest[link.neighbour] = candidate
          }
        }
      }
      var scores: [ConceptID: Double] = [:]
      var tiers: [ConceptID: Int] = [:]
      for (candidate, link) in strongest {
        scores[candidate] = sanitizedScore(try score(candidate))
        tiers[candidate] = Concept.linkTier(typed: link.typed, otherHasStanding: try standing(candidate))
      }
      let ranked = strongest.sorted { lhs, rhs in
        let lhsTier = tiers[lhs.key] ?? 2
        let rhsTier = tiers[rhs.key] ?? 2
        if lhsTier != rhsTier { return lhsTier < rhsTier }
        if lhs.value.weight != rhs.value.weight { return lhs.value.weight > rhs.value.weight }
        let lhsScore = scores[lhs.key] ?? 0
        let rhsScore = scores[rhs.key] ?? 0
        if lhsScore != rhsScore { return lhsScore > rhsScore }
        return lhs.key < rhs.key
      }
      frontier = []
      for (neighbour, _) in ranked.prefix(limit - kept.count) {
        kept.insert(neighbour)
        frontier.append(neighbour)
      }
    }
    return kept
  }
}
