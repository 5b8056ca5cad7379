import CNKBModel

/// A stored relation without its evidence sentences: what ranking it needs.
///
/// A question about a hub ranks thousands of these and then reads the evidence of the few it shows (see
/// `KnowledgeStore.loadNeighbourhood(of:keeping:)`).
public struct RelationSummary: Sendable, Hashable {
  /// The relation's row in the store, which names it when its evidence is read.
  public var rowID: Int64
  /// The relation, with no evidence.
  public var relation: Relation
  /// How many evidence sentences the relation has.
  public var evidenceCount: Int
  /// Whether the concept at the relation's source has standing (`Concept.hasStanding`), which ranks
  /// co-occurrences.
  public var sourceHasStanding: Bool
  /// Whether the concept at the relation's target has standing.
  public var targetHasStanding: Bool

  /// Creates a summary.
  public init(
    rowID: Int64, relation: Relation, evidenceCount: Int, sourceHasStanding: Bool = true,
    targetHasStanding: Bool = true
  ) {
    self.rowID = rowID
    self.relation = relation
    self.evidenceCount = evidenceCount
    self.sourceHasStanding = sourceHasStanding
    self.targetHasStanding = targetHasStanding
  }

  /// Whether the concept at the end of the relation that is not `id` has standing.
  public func otherEndHasStanding(from id: ConceptID) -> Bool {
    relation.source == id ? targetHasStanding : sourceHasStanding
  }
}
