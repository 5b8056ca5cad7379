import CNKBModel
import Foundation
internal import GRDB

extension KnowledgeStore {
  /// Replaces the stored concept graph (concepts, aliases, mentions, relations and their evidence) in one write
  /// transaction.
  ///
  /// When a graph is already stored, only the rows whose content changed are written: each concept and relation
  /// row keeps a digest of what was stored for it (`GraphRowDigest`), and a row whose digest differs, or that
  /// lost mentions or evidence since (a replaced document takes them along), is written again. When most rows
  /// changed, or none are stored, every row is written afresh. Either way the stored graph is the same.
  ///
  /// Mentions of documents that are not stored, and evidence whose sentence is not stored, are skipped; the
  /// count of skipped rows among those written is returned.
  /// - Throws: `StoreError` when the database cannot be written; the previous graph is then left intact.
  /// - Parameter fingerprint: what the graph was built from, stored in the same transaction (see
  ///   `graphFingerprint()`).
  /// - Parameter surfaceKey: the lookup key of a name, for `conceptIDs(withSurfaceKey:)`; names whose key is
  ///   empty are not indexed.
  @discardableResult
  public func replaceGraph(
    _ graph: ConceptGraph, fingerprint: String? = nil, surfaceKey: (String) -> String = { $0 }
  ) throws(StoreError) -> Int {
    // What each row will hold is worked out before the transaction: it needs nothing stored.
    let rows = GraphRows(graph, surfaceKey: surfaceKey)
    return try write { db in
      try db.execute(sql: "DELETE FROM buildState WHERE key IN ('graphFingerprint', 'exportsRecord')")
      if let fingerprint {
        try db.execute(
          sql: "INSERT INTO buildState (key, value) VALUES ('graphFingerprint', ?)", arguments: [fingerprint])
      }
      var writer = try GraphRowWriter(db)
      if let changes = try GraphChanges(db, rows), changes.areFew {
        try writer.apply(changes, rows)
      } else {
        try writer.replaceAll(rows)
      }
      return writer.skipped
    }
  }
}

/// A graph with what the store keeps beside its rows: each concept's lookup keys, and each row's digest.
///
/// Kept beside the graph, by index, rather than as copies of its concepts and relations: at 100 MB of pages a
/// graph has three quarters of a million relations.
struct GraphRows {
  let graph: ConceptGraph
  let surfaceKeys: [[String]]
  let conceptDigests: [GraphRowDigest]
  let relationDigests: [GraphRowDigest]

  init(_ graph: ConceptGraph, surfaceKey: (String) -> String) {
    self.graph = graph
    surfaceKeys = graph.concepts.map { concept in
      let names = [concept.label, concept.id.rawValue] + (concept.abbreviation.map { [$0] } ?? []) + concept.aliases
      return Set(names.map(surfaceKey)).filter { !$0.isEmpty }.sorted()
    }
    conceptDigests = zip(graph.concepts, surfaceKeys).map { GraphRowDigest.of($0, surfaceKeys: $1) }
    relationDigests = graph.relations.map(GraphRowDigest.of)
  }
}

/// What differs between the stored graph and a new one, row by row.
struct GraphChanges {
  /// Indexes into the new concepts: rows to write over, and rows to add.
  var changedConcepts: [Int] = []
  var newConcepts: [Int] = []
  /// Stored concept ids the new graph no longer has.
  var removedConcepts: [String] = []
  /// Indexes into the new relations with the stored row they replace, and rows to add.
  var changedRelations: [(index: Int, rowID: Int64)] = []
  var newRelations: [Int] = []
  /// Stored relation rows the new graph no longer has.
  var removedRelations: [Int64] = []
  /// How many concept and relation rows the new graph has.
  var total = 0

  /// Whether writing only the changes is cheaper than writing everything: a rewritten row costs several
  /// index updates, a bulk load of sorted rows much less.
  var areFew: Bool {
    let rows =
      changedConcepts.count + newConcepts.count + removedConcepts.count + changedRelations.count
      + newRelations.count + removedRelations.count
    return rows * 4 <= total
  }

  /// Compares the new rows with the stored ones; nil when no graph is stored.
  ///
  /// A stored row's mentions and evidence are counted as they are now: a replaced or removed document took its
  /// own along, and a row that lost some is written again even when its digest is the same.
  init?(_ db: Database, _ rows: GraphRows) throws {
    let concepts = rows.graph.concepts
    let relations = rows.graph.relations
    var storedConcepts: [String: (digest: GraphRowDigest?, mentions: Int)] = [:]
    let conceptRows = try Row.fetchCursor(
      db, sql: "SELECT id, digest, (SELECT COUNT(*) FROM mention WHERE conceptId = concept.id) FROM concept")
    while let row = try conceptRows.next() {
      storedConcepts[row[0]] = (GraphRowDigest(row[1] as Data?), row[2])
    }
    guard !storedConcepts.isEmpty else { return nil }
    total = concepts.count + relations.count
    // Concepts by their number in the new graph, so a stored relation's ends are looked up as numbers.
    var number: [String: Int] = [:]
    number.reserveCapacity(concepts.count)
    for (index, concept) in concepts.enumerated() {
      let id = concept.id.rawValue
      number[id] = index
      guard let stored = storedConcepts.removeValue(forKey: id) else {
        newConcepts.append(index)
        continue
      }
      if stored.digest != rows.conceptDigests[index] || stored.mentions != concept.mentions.count {
        changedConcepts.append(index)
      }
    }
    removedConcepts = storedConcepts.keys.sorted()

    var types: [String: Int] = [:]
    for relation in relations where types[relation.type] == nil { types[relation.type] = types.count }
    func key(_ source: Int, _ target: Int, _ type: Int) -> UInt64 {
      UInt64(source) << 40 | UInt64(target) << 16 | UInt64(type)
    }
    var storedRelations: [UInt64: (rowID: Int64, digest: GraphRowDigest?, evidence: Int)] = [:]
    let relationRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, sourceId, targetId, type, digest,
          (SELECT COUNT(*) FROM relationEvidence WHERE relationId = relation.id)
        FROM relation
        """)
    while let row = try relationRows.next() {
      let rowID: Int64 = row[0]
      guard let source = number[row[1]], let target = number[row[2]], let type = types[row[3]] else {
        // An end or a type the new graph does not have: the relation is gone.
        removedRelations.append(rowID)
        continue
      }
      storedRelations[key(source, target, type)] = (rowID, GraphRowDigest(row[4] as Data?), row[5])
    }
    for (index, relation) in relations.enumerated() {
      guard let source = number[relation.source.rawValue], let target = number[relation.target.rawValue],
        let type = types[relation.type],
        let stored = storedRelations.removeValue(forKey: key(source, target, type))
      else {
        newRelations.append(index)
        continue
      }
      if stored.digest != rows.relationDigests[index] || stored.evidence != relation.evidence.count {
        changedRelations.append((index, stored.rowID))
      }
    }
    removedRelations += storedRelations.values.map(\.rowID)
    removedRelations.sort()
  }
}

/// Writes graph rows inside a write transaction: whole, or change by change.
struct GraphRowWriter {
  private let db: Database
  private var documentIDs: [String: Int64] = [:]
  /// Sentence rows by document and start: evidence is stored as the sentence it quotes.
  ///
  /// Read for every document at once for a whole graph, document by document for a few changes.
  private var sentenceIDs: [SentenceAt: Int64] = [:]
  private var sentencesRead = Set<Int64>()
  /// Mentions and evidence rows left out because their document or sentence is not stored.
  private(set) var skipped = 0

  init(_ db: Database) throws {
    self.db = db
    for row in try Row.fetchAll(db, sql: "SELECT id, source FROM document") {
      documentIDs[row["source"]] = row["id"]
    }
  }

  /// Empties the graph's tables and writes every row.
  mutating func replaceAll(_ rows: GraphRows) throws {
    // The graph's tables from the leaves up, each emptied whole: deleting concepts first would cascade row by
    // row into every table that points at them.
    let tables = ["relationEvidence", "relation", "mention", "conceptAlias", "conceptSurface", "concept"]
    // Secondary indexes are dropped for the bulk load and built again at the end, in the same transaction:
    // building an index from sorted rows is much cheaper than updating it at every one of a large graph's
    // million inserts. (Constraint indexes stay; the inserts rely on them.)
    let marks = tables.map { _ in "?" }.joined(separator: ", ")
    let secondaryIndexes = try Row.fetchAll(
      db,
      sql: """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(marks)) ORDER BY name
        """, arguments: StatementArguments(tables))
    for index in secondaryIndexes {
      let name: String = index["name"]
      try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
    }
    for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
    // Read row by row: fetched whole, the sentences were held as rows of their own beside the table made from
    // them (33 MB of rows at 50 MB of pages), and at 104 MB that set the build's peak.
    let sentenceRows = try Row.fetchCursor(db, sql: "SELECT id, documentId, start FROM sentence")
    while let row = try sentenceRows.next() {
      sentenceIDs[SentenceAt(document: row[1], start: row[2])] = row[0]
    }
    sentencesRead = Set(documentIDs.values)
    for index in rows.graph.concepts.indices { try insertConcept(index, of: rows) }
    for index in rows.graph.relations.indices { try insertRelation(index, of: rows) }
    for index in secondaryIndexes {
      let sql: String = index["sql"]
      try db.execute(sql: sql)
    }
  }

  /// Writes only what `changes` lists.
  mutating func apply(_ changes: GraphChanges, _ rows: GraphRows) throws {
    let deleteRelation = try db.cachedStatement(sql: "DELETE FROM relation WHERE id = ?")
    for rowID in changes.removedRelations { try deleteRelation.execute(arguments: [rowID]) }
    // A removed concept takes its aliases, keys, mentions and relations along (cascading keys).
    let deleteConcept = try db.cachedStatement(sql: "DELETE FROM concept WHERE id = ?")
    for id in changes.removedConcepts { try deleteConcept.execute(arguments: [id]) }
    // A changed concept's row is updated rather than deleted, which would cascade to its relations.
    let updateConcept = try db.cachedStatement(
      sql: """
        UPDATE concept SET label = ?, abbreviation = ?, category = ?, origin = ?, score = ?, mentionCount = ?,
          definitionText = ?, definitionDocument = ?, definitionKind = ?, description = ?, digest = ?
        WHERE id = ?
        """)
    let clearConcept = try ["conceptAlias", "conceptSurface", "mention"].map { table in
      try db.cachedStatement(sql: "DELETE FROM \(table) WHERE conceptId = ?")
    }
    for index in changes.changedConcepts {
      let concept = rows.graph.concepts[index]
      try updateConcept.execute(arguments: [
        concept.label, concept.abbreviation, concept.category, concept.origin.rawValue, concept.score,
        concept.mentionCount, concept.definition?.text, concept.definition?.document, concept.definition?.kind,
        concept.description, rows.conceptDigests[index].data, concept.id.rawValue,
      ])
      for statement in clearConcept { try statement.execute(arguments: [concept.id.rawValue]) }
      try insertParts(of: concept, surfaceKeys: rows.surfaceKeys[index])
    }
    for index in changes.newConcepts { try insertConcept(index, of: rows) }
    let updateRelation = try db.cachedStatement(sql: "UPDATE relation SET weight = ?, digest = ? WHERE id = ?")
    let clearRelation = try db.cachedStatement(sql: "DELETE FROM relationEvidence WHERE relationId = ?")
    for (index, rowID) in changes.changedRelations {
      let relation = rows.graph.relations[index]
      try updateRelation.execute(arguments: [relation.weight, rows.relationDigests[index].data, rowID])
      try clearRelation.execute(arguments: [rowID])
      try insertEvidence(of: relation, rowID: rowID)
    }
    for index in changes.newRelations { try insertRelation(index, of: rows) }
  }

  private mutating func insertConcept(_ index: Int, of rows: GraphRows) throws {
    let concept = rows.graph.concepts[index]
    let insert = try RowInserter(
      db,
      sql: """
        INSERT INTO concept (id, label, abbreviation, category, origin, score, mentionCount, definitionText,
          definitionDocument, definitionKind, description, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    try insert.bind(1, concept.id.rawValue)
    try insert.bind(2, concept.label)
    try insert.bind(3, concept.abbreviation)
    try insert.bind(4, concept.category)
    try insert.bind(5, concept.origin.rawValue)
    try insert.bind(6, concept.score)
    try insert.bind(7, concept.mentionCount)
    try insert.bind(8, concept.definition?.text)
    try insert.bind(9, concept.definition?.document)
    try insert.bind(10, concept.definition?.kind)
    try insert.bind(11, concept.description)
    try insert.bind(12, rows.conceptDigests[index].data)
    try insert.run()
    try insertParts(of: concept, surfaceKeys: rows.surfaceKeys[index])
  }

  /// A concept's aliases, lookup keys and mentions.
  private mutating func insertParts(of concept: Concept, surfaceKeys: [String]) throws {
    let id = concept.id.rawValue
    let insertAlias = try RowInserter(db, sql: "INSERT OR IGNORE INTO conceptAlias (conceptId, surface) VALUES (?, ?)")
    for alias in concept.aliases {
      try insertAlias.bind(1, id)
      try insertAlias.bind(2, alias)
      try insertAlias.run()
    }
    let insertSurface = try RowInserter(db, sql: "INSERT OR IGNORE INTO conceptSurface (key, conceptId) VALUES (?, ?)")
    for key in surfaceKeys {
      try insertSurface.bind(1, key)
      try insertSurface.bind(2, id)
      try insertSurface.run()
    }
    let insertMention = try RowInserter(
      db,
      sql: """
        INSERT INTO mention (conceptId, documentId, sentenceOrdinal, start, end, surface)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for mention in concept.mentions {
      guard let documentID = documentIDs[mention.document] else {
        skipped += 1
        continue
      }
      try insertMention.bind(1, id)
      try insertMention.bind(2, documentID)
      try insertMention.bind(3, mention.sentence)
      try insertMention.bind(4, mention.start)
      try insertMention.bind(5, mention.end)
      try insertMention.bind(6, mention.surface)
      try insertMention.run()
    }
  }

  private mutating func insertRelation(_ index: Int, of rows: GraphRows) throws {
    let relation = rows.graph.relations[index]
    let insert = try RowInserter(
      db, sql: "INSERT INTO relation (sourceId, targetId, type, weight, digest) VALUES (?, ?, ?, ?, ?)")
    try insert.bind(1, relation.source.rawValue)
    try insert.bind(2, relation.target.rawValue)
    try insert.bind(3, relation.type)
    try insert.bind(4, relation.weight)
    try insert.bind(5, rows.relationDigests[index].data)
    try insert.run()
    try insertEvidence(of: relation, rowID: db.lastInsertedRowID)
  }

  private mutating func insertEvidence(of relation: Relation, rowID: Int64) throws {
    let insert = try RowInserter(db, sql: "INSERT INTO relationEvidence (relationId, sentenceId) VALUES (?, ?)")
    for evidence in relation.evidence {
      guard let documentID = documentIDs[evidence.document],
        let sentenceID = try sentenceID(document: documentID, start: Int64(evidence.start))
      else {
        skipped += 1
        continue
      }
      try insert.bind(1, rowID)
      try insert.bind(2, sentenceID)
      try insert.run()
    }
  }

  /// The row of the sentence that starts at `start` in a document, reading the document's sentences once.
  private mutating func sentenceID(document: Int64, start: Int64) throws -> Int64? {
    if sentencesRead.insert(document).inserted {
      let rows = try Row.fetchCursor(
        db, sql: "SELECT id, start FROM sentence WHERE documentId = ?", arguments: [document])
      while let row = try rows.next() { sentenceIDs[SentenceAt(document: document, start: row[1])] = row[0] }
    }
    return sentenceIDs[SentenceAt(document: document, start: start)]
  }
}
