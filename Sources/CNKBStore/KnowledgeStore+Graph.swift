import CNKBModel
internal import GRDB

extension KnowledgeStore {
  /// Replaces the stored concept graph (concepts, aliases, mentions) in one write transaction.
  ///
  /// Mentions of documents that are not stored are skipped; the count of skipped mentions is returned.
  /// - Throws: `StoreError` when the database cannot be written; the previous graph is then left intact.
  @discardableResult
  public func replaceGraph(_ graph: ConceptGraph) throws(StoreError) -> Int {
    try write { db in
      try db.execute(sql: "DELETE FROM concept")
      var documentIDs: [String: Int64] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, source FROM document") {
        documentIDs[row["source"]] = row["id"]
      }
      let insertConcept = try db.cachedStatement(
        sql: """
          INSERT INTO concept (id, label, abbreviation, category, origin, score, mentionCount, definitionText,
            definitionDocument, definitionKind, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let insertAlias = try db.cachedStatement(
        sql: "INSERT OR IGNORE INTO conceptAlias (conceptId, surface) VALUES (?, ?)")
      let insertMention = try db.cachedStatement(
        sql: """
          INSERT INTO mention (conceptId, documentId, sentenceOrdinal, start, end, surface)
          VALUES (?, ?, ?, ?, ?, ?)
          """)
      var skipped = 0
      for concept in graph.concepts {
        try insertConcept.execute(arguments: [
          concept.id.rawValue, concept.label, concept.abbreviation, concept.category, concept.origin.rawValue,
          concept.score, concept.mentionCount, concept.definition?.text, concept.definition?.document,
          concept.definition?.kind, concept.description,
        ])
        for alias in concept.aliases { try insertAlias.execute(arguments: [concept.id.rawValue, alias]) }
        for mention in concept.mentions {
          guard let documentID = documentIDs[mention.document] else {
            skipped += 1
            continue
          }
          try insertMention.execute(arguments: [
            concept.id.rawValue, documentID, mention.sentence, mention.start, mention.end, mention.surface,
          ])
        }
      }
      return skipped
    }
  }

  /// The stored mentions of a concept, sorted by document source then offset.
  public func mentions(ofConcept id: ConceptID) throws(StoreError) -> [Mention] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT document.source, mention.sentenceOrdinal, mention.start, mention.end, mention.surface
          FROM mention JOIN document ON document.id = mention.documentId
          WHERE mention.conceptId = ? ORDER BY document.source, mention.start, mention.end
          """, arguments: [id.rawValue]
      ).map {
        Mention(document: $0[0], sentence: $0[1], start: $0[2], end: $0[3], surface: $0[4])
      }
    }
  }

  /// How many concepts, aliases and mentions are stored.
  public func graphCounts() throws(StoreError) -> (concepts: Int, aliases: Int, mentions: Int) {
    try read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM concept") ?? 0,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conceptAlias") ?? 0,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mention") ?? 0
      )
    }
  }
}
