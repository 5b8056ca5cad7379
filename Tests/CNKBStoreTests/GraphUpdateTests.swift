import CNKBModel
import Testing
import _CNKBTestSupport

@testable import CNKBStore

/// A rebuild stores only the concept and relation rows that changed, and the stored graph is then the one a
/// store written from scratch holds.
@Suite struct GraphUpdateTests {
  /// Eight pages of ten sentences; concept `term-i` is mentioned on page `i % 8`, and each concept relates to
  /// the next with evidence on the first one's page.
  static let pageCount = 8
  static let conceptCount = 160

  static func page(_ number: Int, edited: Bool = false) -> Document {
    let sentences = (0..<10).map { line in
      edited && line == 9 ? "An edited last line of page \(number)." : "Line \(line) of page \(number) names a term."
    }
    return SampleDocuments.make(
      source: "pages/\(number).html", hash: edited ? "edited-\(number)" : "page-\(number)",
      blocks: sentences.map { SampleDocuments.BlockSpec.paragraph($0) })
  }

  static func concept(_ index: Int, score: Double = 1) -> Concept {
    let document = "pages/\(index % pageCount).html"
    let sentence = (index / pageCount) % 10
    let page = page(index % pageCount)
    let start = page.sentences[sentence].start
    return Concept(
      id: ConceptID(rawValue: "term-\(index)"), label: "term \(index)", aliases: ["Term \(index)"],
      origin: .discovered, score: score, mentionCount: 1, documents: [document],
      mentions: [Mention(document: document, sentence: sentence, start: start, end: start + 4, surface: "Line")])
  }

  static func relation(_ index: Int, weight: Double = 0.5) -> Relation {
    let from = concept(index)
    let mention = from.mentions[0]
    let page = page(index % pageCount)
    return Relation(
      source: from.id, target: ConceptID(rawValue: "term-\(index + 1)"), type: "related_to", weight: weight,
      evidence: [
        Evidence(
          document: mention.document, sentence: page.sentences[mention.sentence].text, start: mention.start,
          end: page.sentences[mention.sentence].end)
      ])
  }

  static func graph(_ concepts: [Concept], _ relations: [Relation]) -> ConceptGraph {
    ConceptGraph(concepts: concepts, relations: relations, documentCount: pageCount, sentenceCount: pageCount * 10)
  }

  /// The first build's graph.
  static var before: ConceptGraph {
    graph((0..<conceptCount).map { concept($0) }, (0..<(conceptCount - 1)).map { relation($0) })
  }

  /// The graph after page 7 is edited.
  ///
  /// term-0 rescored, term-1 gone (with its two relations), term-3 to term-4 weighed again, term-5 to term-6
  /// gone, a new term joined to term-2. The concepts mentioned on page 7 are unchanged, but the edited page took
  /// their stored mentions and their relations' evidence along.
  static var after: ConceptGraph {
    var concepts = (0..<conceptCount).filter { $0 != 1 }.map { concept($0, score: $0 == 0 ? 2 : 1) }
    concepts.append(
      Concept(
        id: ConceptID(rawValue: "a-new-term"), label: "a new term", origin: .discovered, score: 3, mentionCount: 1,
        documents: ["pages/0.html"],
        mentions: [Mention(document: "pages/0.html", sentence: 0, start: 0, end: 4, surface: "Line")]))
    var relations = (0..<(conceptCount - 1)).filter { ![0, 1, 5].contains($0) }.map {
      relation($0, weight: $0 == 3 ? 0.9 : 0.5)
    }
    relations.append(
      Relation(
        source: ConceptID(rawValue: "a-new-term"), target: ConceptID(rawValue: "term-2"), type: "uses", weight: 1,
        evidence: [Evidence(document: "pages/0.html", sentence: "Line 0 of page 0 names a term.", start: 0, end: 30)]))
    return graph(concepts, relations)
  }

  /// Every stored row of the graph, ids replaced by what they name, in a fixed order.
  static func dump(_ store: KnowledgeStore) throws -> [String] {
    try [
      """
      SELECT quote(id) || quote(label) || quote(abbreviation) || quote(category) || quote(origin) || quote(score)
        || quote(mentionCount) || quote(definitionText) || quote(description) || quote(digest)
      FROM concept ORDER BY id
      """,
      "SELECT conceptId || ' alias ' || surface FROM conceptAlias ORDER BY 1",
      "SELECT conceptId || ' key ' || key FROM conceptSurface ORDER BY 1",
      """
      SELECT mention.conceptId || ' ' || document.source || ' ' || sentenceOrdinal || ' ' || mention.start || ' '
        || mention."end" || ' ' || surface
      FROM mention JOIN document ON document.id = mention.documentId ORDER BY 1
      """,
      "SELECT sourceId || ' ' || targetId || ' ' || type || ' ' || weight || quote(digest) FROM relation ORDER BY 1",
      """
      SELECT relation.sourceId || ' ' || relation.targetId || ' ' || relation.type || ' ' || document.source || ' '
        || sentence.start
      FROM relationEvidence JOIN relation ON relation.id = relationEvidence.relationId
      JOIN sentence ON sentence.id = relationEvidence.sentenceId JOIN document ON document.id = sentence.documentId
      ORDER BY 1
      """,
    ].flatMap { try store.strings($0) }
  }

  @Test func aRebuildWritesTheChangedRowsAndStoresWhatAFreshStoreHolds() throws {
    let store = try KnowledgeStore.inMemory()
    for number in 0..<Self.pageCount { _ = try store.save(Self.page(number)) }
    try store.replaceGraph(Self.before)
    _ = try store.save(Self.page(7, edited: true))
    let written = try store.totalChangesCount()
    #expect(try store.replaceGraph(Self.after) == 0)
    let rowsChanged = try store.totalChangesCount() - written

    let fresh = try KnowledgeStore.inMemory()
    for number in 0..<Self.pageCount { _ = try fresh.save(Self.page(number, edited: number == 7)) }
    let freshWritten = try fresh.totalChangesCount()
    try fresh.replaceGraph(Self.after)
    let freshRows = try fresh.totalChangesCount() - freshWritten

    let stored = try Self.dump(store)
    #expect(stored.count > 1000)
    #expect(stored == (try Self.dump(fresh)))
    #expect(try store.loadGraph(includeMentions: true) == (try fresh.loadGraph(includeMentions: true)))
    // Only the changes were written: a fraction of what writing the whole graph takes.
    #expect(rowsChanged * 3 < freshRows, "\(rowsChanged) rows changed, \(freshRows) for the whole graph")
    #expect(try store.strings("PRAGMA foreign_key_check").isEmpty)
    #expect(try store.strings("PRAGMA integrity_check") == ["ok"])
  }

  @Test func theChangesListWhatDiffersAndWhatAnEditedPageTookAlong() throws {
    let store = try KnowledgeStore.inMemory()
    for number in 0..<Self.pageCount { _ = try store.save(Self.page(number)) }
    try store.replaceGraph(Self.before)
    _ = try store.save(Self.page(7, edited: true))
    let after = Self.after
    let rows = GraphRows(after, surfaceKey: { $0 })
    let changes = try #require(try store.read { db in try GraphChanges(db, rows) })
    let changed = Set(changes.changedConcepts.map { after.concepts[$0].id.rawValue })
    // Page 7's concepts (term-7, term-15, …) lost their mentions with the edit; term-0 has a new score.
    let onPage7 = Set(stride(from: 7, to: Self.conceptCount, by: Self.pageCount).map { "term-\($0)" })
    #expect(changed == onPage7.union(["term-0"]))
    #expect(changes.newConcepts.map { after.concepts[$0].id.rawValue } == ["a-new-term"])
    #expect(changes.removedConcepts == ["term-1"])
    let changedRelations = Set(changes.changedRelations.map { after.relations[$0.index].source.rawValue })
    // term-159, the last concept, relates to nothing after it.
    #expect(changedRelations == onPage7.subtracting(["term-159"]).union(["term-3"]))
    #expect(changes.newRelations.map { after.relations[$0].source.rawValue } == ["a-new-term"])
    #expect(changes.removedRelations.count == 3)
    #expect(changes.areFew)
  }

  @Test func withoutAStoredGraphEveryRowIsWritten() throws {
    let store = try KnowledgeStore.inMemory()
    for number in 0..<Self.pageCount { _ = try store.save(Self.page(number)) }
    let nothing = try store.read { db in try GraphChanges(db, GraphRows(Self.before, surfaceKey: { $0 })) }
    #expect(nothing == nil)
    try store.replaceGraph(Self.before)
    #expect(try store.strings("SELECT count(*) FROM concept WHERE digest IS NULL") == ["0"])
    #expect(try store.strings("SELECT count(*) FROM relation WHERE digest IS NULL") == ["0"])
  }
}

/// Graph rows are bound straight through SQLite's C interface: every kind of value arrives intact, and a row
/// SQLite refuses fails the whole write with SQLite's own message.
@Suite struct GraphRowBindingTests {
  @Test func textNullsRealsAndBlobsRoundTrip() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(GraphUpdateTests.page(0))
    let page = GraphUpdateTests.page(0)
    let start = page.sentences[0].start
    // Nil and empty fields, characters outside the BMP, and a score with many digits.
    let concept = Concept(
      id: ConceptID(rawValue: "vxlan"), label: "VXLAN \u{1F310} über", abbreviation: nil, aliases: ["", "über-VXLAN"],
      category: nil, origin: .both, score: 0.1234567890123, mentionCount: 1, documents: ["pages/0.html"],
      definition: Definition(text: "", document: "pages/0.html", kind: "copula"), description: nil,
      mentions: [Mention(document: "pages/0.html", sentence: 0, start: start, end: start + 4, surface: "Line")])
    let graph = ConceptGraph(concepts: [concept], relations: [], documentCount: 1, sentenceCount: 10)
    try store.replaceGraph(graph)
    let loaded = try store.loadGraph(includeMentions: true)
    #expect(loaded.concepts == graph.concepts)
    #expect(try store.strings("SELECT typeof(abbreviation) || ' ' || typeof(digest) FROM concept") == ["null blob"])
  }

  @Test func aRowSQLiteRefusesFailsTheWriteAndKeepsThePreviousGraph() throws {
    let store = try KnowledgeStore.inMemory()
    for number in 0..<GraphUpdateTests.pageCount { _ = try store.save(GraphUpdateTests.page(number)) }
    try store.replaceGraph(GraphUpdateTests.before)
    let before = try GraphUpdateTests.dump(store)
    // Two concepts with one id: the second breaks the table's key.
    var twice = GraphUpdateTests.before
    twice.concepts.append(GraphUpdateTests.concept(3, score: 9))
    do {
      try store.replaceGraph(twice, fingerprint: "never stored")
      Issue.record("a concept id stored twice was accepted")
    } catch {
      guard case .sqlite(_, let code, let message) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(code & 0xFF == 19, "SQLITE_CONSTRAINT, not \(code)")
      #expect(message.contains("concept.id"), "\(message)")
    }
    #expect(try GraphUpdateTests.dump(store) == before)
    #expect(try store.graphFingerprint() != "never stored")
  }
}

extension GraphRowBindingTests {
  @Test func aValueSQLiteCannotBindIsAnErrorNotALostValue() throws {
    let store = try KnowledgeStore.inMemory()
    // The statement has two parameters: a third is refused (SQLITE_RANGE) rather than silently dropped.
    do {
      try store.read { db in try RowInserter(db, sql: "SELECT ?, ?").bind(3, "surplus") }
      Issue.record("binding a third parameter of two was accepted")
    } catch {
      guard case .sqlite(_, let code, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(code == 25, "SQLITE_RANGE, not \(code)")
    }
  }
}
