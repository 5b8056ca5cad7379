import CNKBExport
import CNKBModel
import CNKBStore
import Foundation

/// What `define` and `related` read: the stored graph around the concepts a term names, not the whole graph.
extension KnowledgeBase {
  /// The stored graph around the concepts `term` could name.
  ///
  /// Those are the concepts with any label, abbreviation, alias or id of the same normalised form (see
  /// `GraphQuestions.matches(for:)`); the result holds them, every relation touching them with its evidence,
  /// and their neighbours. Nil when no stored name matches, or the store predates the name index; then only
  /// the whole graph can answer (with suggestions).
  public func graphAround(term: String) throws(PipelineError) -> ConceptGraph? {
    guard let found = try questionsAround(term: term), !found.names else { return nil }
    return found.questions.graph
  }

  /// Questions about `term`, reading from the store only what their answers can show.
  ///
  /// The concepts `term` names come with their relations ranked as `GraphQuestions.related(to:type:limit:)`
  /// ranks them, from the relation rows and their evidence counts alone; then only the relations an answer
  /// can show are read with their evidence, with the concepts at their other ends. A hub with thousands of
  /// relations is answered in about the time of a concept with ten.
  ///
  /// When no stored name matches, the questions hold instead the names and scores (no relations) of every
  /// concept `GraphQuestions.suggestions` could offer for `term` (possibly none), which gives the suggestions all
  /// concepts would; `names` tells which. Nil when the store has no name index.
  ///
  /// - Parameters:
  ///   - type: only relations of this type are read.
  ///   - strongest: for each named concept, its relations are read strongest first up to the one that reaches
  ///     the `strongest`-th other concept: what `related(to:type:limit:)` and
  ///     `strongestRelatedConcepts(to:limit:)` need for that limit. Nil reads every relation.
  public func questionsAround(
    term: String, type: String? = nil, strongest: Int? = nil
  ) throws(PipelineError) -> (questions: GraphQuestions, names: Bool)? {
    try storeCall { () throws(StoreError) -> (questions: GraphQuestions, names: Bool)? in
      guard try store.hasSurfaceKeys() else { return nil }
      let trimmed = term.trimmingCharacters(in: .whitespacesAndNewlines)
      // A concept whose id is the term also has the id's key, so one lookup finds every candidate.
      let ids = Set(try store.conceptIDs(withSurfaceKey: GraphQuestions.normalise(trimmed)))
      guard !ids.isEmpty else {
        // Only the concepts a suggestion could name: their lookup keys are read first, then their names.
        let candidates = GraphQuestions.suggestionCandidates(for: term, among: try store.surfaceKeys())
        return (GraphQuestions(try store.loadConceptNames(candidates)), true)
      }
      var totals: [ConceptID: [String: Int]] = [:]
      let graph = try store.loadNeighbourhood(of: ids) { summaries in
        let chosen = Self.strongestRelations(summaries, around: ids, type: type, strongest: strongest)
        totals = chosen.totals
        return chosen.kept
      }
      return (GraphQuestions(graph, relationTotals: totals), false)
    }
  }

  /// Questions that answer `path(from:to:typedOnly:)` as the whole graph would, reading only the concepts that lie
  /// on some shortest chain between the two, and the relations among them.
  ///
  /// Distances are found from both ends, a layer at a time, from the relation rows alone; a concept lies on a
  /// shortest chain when its two distances add up to the chain's length. Every concept that the search's choice
  /// among equally short chains can see is such a concept (a shortest way to one of them continues into a
  /// shortest chain), so the search over them alone chooses as it would over the whole graph; `PathSearchTests`
  /// holds it to that. When no chain joins them, the questions hold the two concepts only, and `path` says so.
  public func questionsForPath(
    from start: ConceptID, to end: ConceptID, typedOnly: Bool
  ) throws(PipelineError) -> GraphQuestions {
    try storeCall { () throws(StoreError) -> GraphQuestions in
      let excluded = typedOnly ? GraphQuestions.coOccurrenceType : nil
      /// Distances from `origin`, layer by layer, until `target` is reached or `limit` layers are done.
      func distances(from origin: ConceptID, until target: ConceptID?, limit: Int) throws(StoreError)
        -> [ConceptID: Int]
      {
        var distance: [ConceptID: Int] = [origin: 0]
        var layer: Set<ConceptID> = [origin]
        var hops = 0
        while !layer.isEmpty, hops < limit, target.map({ distance[$0] == nil }) ?? true {
          hops += 1
          var next: Set<ConceptID> = []
          for link in try store.linkedConcepts(to: layer, excludingType: excluded) where distance[link.to] == nil {
            next.insert(link.to)
          }
          for id in next { distance[id] = hops }
          layer = next
        }
        return distance
      }
      let fromStart = try distances(from: start, until: end, limit: Int.max)
      guard start != end, let length = fromStart[end] else {
        return GraphQuestions(try store.loadConceptNames([start, end]))
      }
      let fromEnd = try distances(from: end, until: nil, limit: length - 1)
      // The start is `length` from the end: one layer further than that search went.
      let onChains = Set(
        fromStart.compactMap { id, distance in fromEnd[id].map { distance + $0 == length } == true ? id : nil }
      ).union([start])
      let graph = try store.loadNeighbourhood(of: onChains) { summaries in
        summaries.filter { onChains.contains($0.relation.source) && onChains.contains($0.relation.target) }
      }
      return GraphQuestions(graph)
    }
  }

  /// The part of the stored graph a diagram of `id`'s neighbourhood draws, or nil when no concept has that id.
  ///
  /// That is the concepts `GraphNeighbourhoods.neighbourhood(of:depth:maxNodes:)` keeps over the whole graph,
  /// chosen a hop at a time from the relation rows of the hop before, and the relations among them.
  ///
  /// `DOTRenderer.render(neighbourhoodOf:in:depth:maxNodes:)` on it draws what it draws on the whole graph
  /// (`DiagramNeighbourhoodTests`), reading a few rows where the whole graph's are millions.
  public func diagramNeighbourhood(of id: ConceptID, depth: Int, maxNodes: Int) throws(PipelineError) -> ConceptGraph? {
    try storeCall { () throws(StoreError) -> ConceptGraph? in
      guard !(try store.loadConceptNames([id]).concepts.isEmpty) else { return nil }
      var known: [ConceptID: (score: Double, hasStanding: Bool)] = [:]
      let kept = try GraphNeighbourhoods.chooseConcepts(
        around: id, depth: depth, maxNodes: maxNodes,
        links: { (node: ConceptID) throws(StoreError) -> [(neighbour: ConceptID, weight: Double, typed: Bool)] in
          let links = try store.linkedConcepts(to: [node])
          known.merge(try store.scoresAndStanding(of: Set(links.map(\.to)).subtracting(known.keys))) { old, _ in old }
          return links.map { ($0.to, $0.weight, $0.type != GraphQuestions.coOccurrenceType) }
        },
        standing: { (concept: ConceptID) throws(StoreError) -> Bool in known[concept]?.hasStanding ?? false },
        score: { (concept: ConceptID) throws(StoreError) -> Double in known[concept]?.score ?? 0 })
      return try store.loadNeighbourhood(of: kept) { summaries in
        summaries.filter { kept.contains($0.relation.source) && kept.contains($0.relation.target) }
      }
    }
  }

  /// The relations to read for questions about `ids` (see `questionsAround(term:type:strongest:)`), and how many
  /// of each type every one of `ids` has.
  static func strongestRelations(
    _ summaries: [RelationSummary], around ids: Set<ConceptID>, type: String?, strongest: Int?
  ) -> (kept: [RelationSummary], totals: [ConceptID: [String: Int]]) {
    var totals: [ConceptID: [String: Int]] = [:]
    var kept = Set<Int64>()
    for id in ids.sorted() {
      var counts: [String: Int] = [:]
      var touching: [(summary: RelationSummary, other: ConceptID)] = []
      for summary in summaries where summary.relation.source == id || summary.relation.target == id {
        counts[summary.relation.type, default: 0] += 1
        guard type == nil || summary.relation.type == type else { continue }
        touching.append((summary, summary.relation.source == id ? summary.relation.target : summary.relation.source))
      }
      totals[id] = counts
      touching.sort { lhs, rhs in
        GraphQuestions.ranksBefore(
          lhs.summary.relation, lhs.summary.evidenceCount, otherHasStanding: lhs.summary.otherEndHasStanding(from: id),
          than: rhs.summary.relation, rhs.summary.evidenceCount,
          otherHasStanding: rhs.summary.otherEndHasStanding(from: id), lhs.other, rhs.other)
      }
      var reached = Set<ConceptID>()
      for (summary, other) in touching {
        if let strongest, reached.count >= strongest { break }
        reached.insert(other)
        kept.insert(summary.rowID)
      }
    }
    return (summaries.filter { kept.contains($0.rowID) }, totals)
  }
}
