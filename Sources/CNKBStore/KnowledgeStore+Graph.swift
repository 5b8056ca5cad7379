import CNKBModel
import Foundation
internal import GRDB

extension KnowledgeStore {
  /// The evidence of every relation that touches one of `ids`, keyed by "source target type".
  public func relationEvidence(touching ids: Set<ConceptID>) throws(StoreError) -> [String: [Evidence]] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
      let sorted = ids.map(\.rawValue).sorted()
      var result: [String: [Evidence]] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT relation.sourceId, relation.targetId, relation.type, document.source, sentence.text,
            sentence.start, sentence.end
          FROM relation JOIN relationEvidence ON relationEvidence.relationId = relation.id
          JOIN sentence ON sentence.id = relationEvidence.sentenceId
          JOIN document ON document.id = sentence.documentId
          WHERE relation.sourceId IN (\(marks)) OR relation.targetId IN (\(marks))
          ORDER BY document.source, sentence.start, sentence.end
          """, arguments: StatementArguments(sorted + sorted))
      {
        let key = "\(row[0] as String) \(row[1] as String) \(row[2] as String)"
        result[key, default: []].append(Evidence(document: row[3], sentence: row[4], start: row[5], end: row[6]))
      }
      return result
    }
  }

  /// The fingerprint stored with the current graph, if any.
  public func graphFingerprint() throws(StoreError) -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT value FROM buildState WHERE key = 'graphFingerprint'")
    }
  }

  /// What the last build recorded about the exports it put in place for the current graph, if anything.
  public func exportsRecord() throws(StoreError) -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT value FROM buildState WHERE key = 'exportsRecord'") }
  }

  /// Records the exports just put in place for the current graph (`ExportsRecord`'s text), replacing any.
  public func setExportsRecord(_ record: String) throws(StoreError) {
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO buildState (key, value) VALUES ('exportsRecord', ?)", arguments: [record])
    }
  }

  /// Counts of the stored graph, for a build's closing lines: concepts (and those the lexicon gave), mentions,
  /// relations and documents.
  public func graphFigures() throws(StoreError) -> (
    concepts: Int, fromLexicon: Int, mentions: Int, relations: Int, documents: Int
  ) {
    try read { db in
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT (SELECT COUNT(*) FROM concept), (SELECT COUNT(*) FROM concept WHERE origin != 'discovered'),
                 (SELECT COALESCE(SUM(mentionCount), 0) FROM concept), (SELECT COUNT(*) FROM relation),
                 (SELECT COUNT(*) FROM document)
          """)
      guard let row else { return (0, 0, 0, 0, 0) }
      return (row[0], row[1], row[2], row[3], row[4])
    }
  }

  /// The stored graph: concepts with their aliases, definitions and documents, and relations with evidence, in
  /// canonical order.
  ///
  /// - Parameter includeMentions: also load every mention (what a graph export needs, not a lookup).
  /// - Parameter evidenceFor: when given, evidence is loaded only for relations that touch these concepts (the
  ///   others come with none), which keeps a question on a large graph fast.
  public func loadGraph(includeMentions: Bool = false, evidenceFor: Set<ConceptID>? = nil) throws(StoreError)
    -> ConceptGraph
  {
    try read { db in try Self.graphRows(db, includeMentions: includeMentions, evidenceFor: evidenceFor, around: nil) }
  }

  /// The concepts whose label, abbreviation, alias or id has this lookup key (see `replaceGraph`), by id.
  public func conceptIDs(withSurfaceKey key: String) throws(StoreError) -> [ConceptID] {
    try read { db in
      try String.fetchAll(
        db, sql: "SELECT conceptId FROM conceptSurface WHERE key = ? ORDER BY conceptId", arguments: [key]
      )
      .map(ConceptID.init(rawValue:))
    }
  }

  /// Every stored concept (or those in `ids`) with its names and score only (no documents, definitions,
  /// mentions or relations): enough to suggest terms close to one that names nothing.
  public func loadConceptNames(_ ids: Set<ConceptID>? = nil) throws(StoreError) -> ConceptGraph {
    try read { db in
      let within = ids == nil ? "" : " IN (SELECT value FROM json_each(?))"
      let arguments: StatementArguments = ids.map { [Self.jsonArray($0.map(\.rawValue).sorted())] } ?? []
      var aliases: [String: [String]] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT conceptId, surface FROM conceptAlias" + (ids == nil ? "" : " WHERE conceptId" + within),
        arguments: arguments)
      {
        aliases[row[0], default: []].append(row[1])
      }
      let concepts = try Row.fetchAll(
        db,
        sql: "SELECT id, label, abbreviation, category, origin, score, mentionCount FROM concept"
          + (ids == nil ? "" : " WHERE id" + within) + " ORDER BY id",
        arguments: arguments
      ).map { row -> Concept in
        let id: String = row["id"]
        return Concept(
          id: ConceptID(rawValue: id), label: row["label"], abbreviation: row["abbreviation"],
          aliases: (aliases[id] ?? []).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) },
          category: row["category"], origin: ConceptOrigin(rawValue: row["origin"]) ?? .discovered,
          score: row["score"], mentionCount: row["mentionCount"], documents: [], definition: nil, description: nil,
          mentions: [])
      }
      return ConceptGraph(concepts: concepts, relations: [], documentCount: 0, sentenceCount: 0)
    }
  }

  /// Every lookup key with the concepts it names, as (key, concept id) pairs in no particular order.
  public func surfaceKeys() throws(StoreError) -> [(key: String, concept: ConceptID)] {
    try read { db in
      var pairs: [(key: String, concept: ConceptID)] = []
      let rows = try Row.fetchCursor(db, sql: "SELECT key, conceptId FROM conceptSurface")
      while let row = try rows.next() {
        pairs.append((row[0], ConceptID(rawValue: row[1])))
      }
      return pairs
    }
  }

  /// Whether the stored graph has its lookup keys (a store written before they existed has none).
  public func hasSurfaceKeys() throws(StoreError) -> Bool {
    try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM conceptSurface)") ?? false }
  }

  /// The part of the stored graph around `ids`.
  ///
  /// Those concepts, every relation touching one of them (with its evidence) and the concepts at the other
  /// ends, these without their document lists. Reads only those rows, so it answers in milliseconds whatever
  /// the size of the graph.
  public func loadNeighbourhood(of ids: Set<ConceptID>) throws(StoreError) -> ConceptGraph {
    try loadNeighbourhood(of: ids) { $0 }
  }

  /// Every stored relation touching one of `ids`, without its evidence sentences but with their number (a
  /// relation of a concept with itself left out), sorted by source, target and type.
  private static func relationSummaries(_ db: Database, touching ids: Set<ConceptID>) throws -> [RelationSummary] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT relation.id, sourceId, targetId, type, weight,
          (SELECT COUNT(*) FROM relationEvidence WHERE relationEvidence.relationId = relation.id),
          s.origin, s.mentionCount, s.definitionKind, t.origin, t.mentionCount, t.definitionKind
        FROM relation
        LEFT JOIN concept s ON s.id = sourceId
        LEFT JOIN concept t ON t.id = targetId
        WHERE (sourceId IN (SELECT value FROM json_each(?1)) OR targetId IN (SELECT value FROM json_each(?1)))
          AND sourceId != targetId
        ORDER BY sourceId, targetId, type
        """, arguments: [jsonArray(ids.map(\.rawValue).sorted())]
    ).map { row in
      func standing(_ first: Int) -> Bool {
        Concept.hasStanding(
          origin: (row[first] as String?).flatMap(ConceptOrigin.init(rawValue:)) ?? .discovered,
          mentionCount: row[first + 1] ?? 0, definitionKind: row[first + 2])
      }
      return RelationSummary(
        rowID: row[0],
        relation: Relation(
          source: ConceptID(rawValue: row[1]), target: ConceptID(rawValue: row[2]), type: row[3], weight: row[4],
          evidence: []),
        evidenceCount: row[5], sourceHasStanding: standing(6), targetHasStanding: standing(9))
    }
  }

  /// The concepts linked to one of `ids` by a stored relation, with the one of `ids` each is linked to, the
  /// relation's weight and its type, one link per relation.
  ///
  /// What a breadth-first search needs of a layer, from the relation rows alone. Relations of type
  /// `excludingType` and those of a concept with itself are left out.
  public func linkedConcepts(
    to ids: Set<ConceptID>, excludingType: String? = nil
  ) throws(StoreError) -> [(from: ConceptID, to: ConceptID, weight: Double, type: String)] {
    guard !ids.isEmpty else { return [] }
    return try read { db in
      var links: [(from: ConceptID, to: ConceptID, weight: Double, type: String)] = []
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT sourceId, targetId, weight, sourceId IN (SELECT value FROM json_each(?1)),
            targetId IN (SELECT value FROM json_each(?1)), type
          FROM relation
          WHERE (sourceId IN (SELECT value FROM json_each(?1)) OR targetId IN (SELECT value FROM json_each(?1)))
            AND sourceId != targetId AND type != ?2
          ORDER BY sourceId, targetId, type
          """, arguments: [Self.jsonArray(ids.map(\.rawValue).sorted()), excludingType ?? ""])
      while let row = try rows.next() {
        let source = ConceptID(rawValue: row[0])
        let target = ConceptID(rawValue: row[1])
        let weight: Double = row[2]
        let type: String = row[5]
        if row[3] as Bool { links.append((source, target, weight, type)) }
        if row[4] as Bool { links.append((target, source, weight, type)) }
      }
      return links
    }
  }

  /// The score of each of `ids` that names a stored concept, and whether it has standing
  /// (`Concept.hasStanding`): what ranking a diagram's neighbours needs, read from the concept rows alone.
  public func scoresAndStanding(
    of ids: Set<ConceptID>
  ) throws(StoreError) -> [ConceptID: (score: Double, hasStanding: Bool)] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      var result: [ConceptID: (score: Double, hasStanding: Bool)] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT id, score, origin, mentionCount, definitionKind FROM concept
          WHERE id IN (SELECT value FROM json_each(?))
          """, arguments: [Self.jsonArray(ids.map(\.rawValue).sorted())])
      while let row = try rows.next() {
        let origin = (row[2] as String?).flatMap(ConceptOrigin.init(rawValue:)) ?? .discovered
        result[ConceptID(rawValue: row[0])] = (
          row[1], Concept.hasStanding(origin: origin, mentionCount: row[3] ?? 0, definitionKind: row[4])
        )
      }
      return result
    }
  }

  /// The concepts `ids`, the relations touching them that `choose` keeps (with their evidence), and the concepts
  /// at those relations' other ends, these without their document lists.
  ///
  /// `choose` gets every relation touching `ids`, without evidence sentences but with their number (a relation
  /// of a concept with itself left out), sorted by source, target and type: what ranking them needs, read from
  /// the relation rows and the evidence index alone. Only what it keeps is read further, all in one read
  /// transaction, so a question about a hub with thousands of relations reads the few it shows.
  public func loadNeighbourhood(
    of ids: Set<ConceptID>, keeping choose: ([RelationSummary]) -> [RelationSummary]
  ) throws(StoreError) -> ConceptGraph {
    try read { db in
      let summaries = try Self.relationSummaries(db, touching: ids)
      return try Self.graphRows(
        db, includeMentions: false, evidenceFor: nil, around: (ids, choose(summaries)))
    }
  }

  /// The graph, or the part of it `around` names, read inside a transaction of the caller's.
  private static func graphRows(
    _ db: Database, includeMentions: Bool, evidenceFor: Set<ConceptID>?,
    around: (asked: Set<ConceptID>, kept: [RelationSummary])?
  ) throws -> ConceptGraph {
    // With `around`, the concepts to read are the asked ones and their neighbours, passed to each query as
    // one JSON array (no limit on how many, unlike bound parameters).
    var scopeArguments: StatementArguments = []
    var askedArguments: StatementArguments = []
    if let around {
      let asked = around.asked.map(\.rawValue).sorted()
      askedArguments = [Self.jsonArray(asked)]
      let scope = Set(asked).union(
        around.kept.flatMap { [$0.relation.source.rawValue, $0.relation.target.rawValue] })
      scopeArguments = [Self.jsonArray(scope.sorted())]
    }
    let within = around == nil ? "" : "IN (SELECT value FROM json_each(?))"
    func scoped(_ column: String, _ joiner: String = "WHERE") -> String {
      within.isEmpty ? "" : "\(joiner) \(column) \(within)"
    }
    // Rows are read through cursors, one at a time, and the texts that repeat (a document's source, a surface, an
    // evidence sentence) are kept once: a whole graph of 100 MB of pages has about a million mentions and two
    // million evidence rows, and reading them all as rows first, each with its own copy of every text, took the
    // memory of a load to twice that of the build that made the graph.
    var sources = TextPool()
    var surfaces = TextPool()
    var aliases: [String: [String]] = [:]
    let aliasRows = try Row.fetchCursor(
      db, sql: "SELECT conceptId, surface FROM conceptAlias \(scoped("conceptId"))", arguments: scopeArguments)
    while let row = try aliasRows.next() {
      aliases[row[0], default: []].append(row[1])
    }
    var documents: [String: [String]] = [:]
    let documentRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT DISTINCT mention.conceptId, document.source FROM mention
        JOIN document ON document.id = mention.documentId \(scoped("mention.conceptId"))
        """, arguments: askedArguments)
    while let row = try documentRows.next() {
      documents[row[0], default: []].append(sources.intern(row[1]))
    }
    var mentions: [String: [Mention]] = [:]
    if includeMentions {
      let mentionRows = try Row.fetchCursor(
        db,
        sql: """
          SELECT mention.conceptId, document.source, mention.sentenceOrdinal, mention.start, mention.end,
            mention.surface
          FROM mention JOIN document ON document.id = mention.documentId \(scoped("mention.conceptId"))
          ORDER BY document.source, mention.start, mention.end
          """, arguments: scopeArguments)
      while let row = try mentionRows.next() {
        mentions[row[0], default: []].append(
          Mention(
            document: sources.intern(row[1]), sentence: row[2], start: row[3], end: row[4],
            surface: surfaces.intern(row[5])))
      }
    }
    let concepts = try Row.fetchAll(
      db, sql: "SELECT * FROM concept \(scoped("id")) ORDER BY id", arguments: scopeArguments
    ).map { row -> Concept in
      let id: String = row["id"]
      let definitionText: String? = row["definitionText"]
      let definition = definitionText.map {
        Definition(text: $0, document: row["definitionDocument"] ?? "", kind: row["definitionKind"] ?? "")
      }
      return Concept(
        id: ConceptID(rawValue: id), label: row["label"], abbreviation: row["abbreviation"],
        aliases: (aliases[id] ?? []).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) },
        category: row["category"], origin: ConceptOrigin(rawValue: row["origin"]) ?? .discovered,
        score: row["score"], mentionCount: row["mentionCount"], documents: (documents[id] ?? []).sorted(),
        definition: definition, description: row["description"], mentions: mentions[id] ?? [])
    }
    var evidence: [Int64: [Evidence]] = [:]
    var scope = ""
    var arguments: StatementArguments = []
    if let around {
      scope = "WHERE relationEvidence.relationId IN (SELECT value FROM json_each(?))"
      arguments = ["[" + around.kept.map(\.rowID).sorted().map(String.init).joined(separator: ",") + "]"]
    } else if let evidenceFor {
      let marks = Array(repeating: "?", count: evidenceFor.count).joined(separator: ", ")
      scope = """
        WHERE relationEvidence.relationId IN (SELECT id FROM relation WHERE sourceId IN (\(marks))
          OR targetId IN (\(marks)))
        """
      let ids = evidenceFor.map(\.rawValue).sorted()
      arguments = StatementArguments(ids + ids)
    }
    // A sentence is the evidence of several relations: its text is read once, by its row id.
    var sentenceTexts: [Int64: String] = [:]
    let evidenceRows = try Row.fetchCursor(
      db,
      sql: """
        SELECT relationEvidence.relationId, document.source, sentence.id, sentence.start, sentence.end
        FROM relationEvidence JOIN sentence ON sentence.id = relationEvidence.sentenceId
        JOIN document ON document.id = sentence.documentId
        \(scope)
        """, arguments: arguments)
    let sentenceText = try db.makeStatement(sql: "SELECT text FROM sentence WHERE id = ?")
    while let row = try evidenceRows.next() {
      let sentenceID: Int64 = row[2]
      let text: String
      if let known = sentenceTexts[sentenceID] {
        text = known
      } else {
        text = try String.fetchOne(sentenceText, arguments: [sentenceID]) ?? ""
        sentenceTexts[sentenceID] = text
      }
      evidence[row[0], default: []].append(
        Evidence(document: sources.intern(row[1]), sentence: text, start: row[3], end: row[4]))
    }
    sentenceTexts = [:]
    // Each relation's few sentences put in canonical order here: cheaper than sorting every row in SQL.
    for (relation, list) in evidence where list.count > 1 {
      evidence[relation] = list.sorted { ($0.document, $0.start, $0.end) < ($1.document, $1.start, $1.end) }
    }
    let relations: [Relation]
    if let around {
      relations = around.kept.map { summary in
        var relation = summary.relation
        relation.evidence = evidence[summary.rowID] ?? []
        return relation
      }
    } else {
      var all: [Relation] = []
      var types = TextPool()
      var ids = TextPool()
      let relationRows = try Row.fetchCursor(db, sql: "SELECT id, sourceId, targetId, type, weight FROM relation")
      while let row = try relationRows.next() {
        all.append(
          Relation(
            source: ConceptID(rawValue: ids.intern(row[1])), target: ConceptID(rawValue: ids.intern(row[2])),
            type: types.intern(row[3]),
            weight: row[4], evidence: evidence.removeValue(forKey: row[0]) ?? []))
      }
      relations = all
    }
    let documentCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0
    let sentenceCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sentence") ?? 0
    return ConceptGraph(
      concepts: concepts, relations: relations, documentCount: documentCount, sentenceCount: sentenceCount)
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

  /// A JSON array of strings, for `json_each`.
  ///
  /// Written out directly: a question about a hub passes thousands of ids, and going through
  /// `JSONSerialization` (boxing each string) was a tenth of such a question's time.
  static func jsonArray(_ values: [String]) -> String {
    var json = "["
    for (index, value) in values.enumerated() {
      if index > 0 { json += "," }
      json += "\""
      for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": json += "\\\""
        case "\\": json += "\\\\"
        case "\u{0}"..."\u{1F}":
          let hex = String(scalar.value, radix: 16)
          json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: json.unicodeScalars.append(scalar)
        }
      }
      json += "\""
    }
    return json + "]"
  }
}

/// A stored sentence by its document's row and its start offset: how evidence finds its sentence's row.
struct SentenceAt: Hashable {
  var document: Int64
  var start: Int64
}

/// Keeps one copy of each distinct text read from the store, so that rows repeating a text share its storage.
struct TextPool {
  private var texts: Set<String> = []

  /// `text`, or the equal text already kept.
  mutating func intern(_ text: String) -> String {
    if let kept = texts.firstIndex(of: text) { return texts[kept] }
    texts.insert(text)
    return text
  }
}
