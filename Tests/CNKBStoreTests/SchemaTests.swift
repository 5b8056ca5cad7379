import CNKBModel
import Testing
import _CNKBTestSupport

@testable import CNKBStore

@Suite struct SchemaTests {
  @Test func newStoreHasTheDocumentedTables() throws {
    let store = try KnowledgeStore.inMemory()
    let tables = Set(try store.strings("SELECT name FROM sqlite_master WHERE type = 'table'"))
    #expect(tables.isSuperset(of: ["document", "block", "mark", "sentence", "sentenceSearch"]))
  }

  @Test func newStoreReportsTheFirstSchemaVersion() throws {
    let store = try KnowledgeStore.inMemory()
    #expect(try store.statistics().schemaVersion == "v8-graphRowDigests")
  }

  @Test func foreignKeysAreIndexed() throws {
    let store = try KnowledgeStore.inMemory()
    // Each foreign key column of every table is the first column of some index (a unique key counts):
    // otherwise deleting one parent row scans the whole child table.
    let tables = try store.strings(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%'")
    var keys: [(String, String)] = []
    for table in tables {
      for column in try store.strings("SELECT \"from\" FROM pragma_foreign_key_list('\(table)')") {
        keys.append((table, column))
      }
    }
    #expect(keys.count >= 12, "\(keys)")
    for (table, column) in keys {
      let leading = try store.strings(
        "SELECT (SELECT name FROM pragma_index_info(il.name) WHERE seqno = 0) FROM pragma_index_list('\(table)') il")
      #expect(leading.contains(column), "\(table).\(column) has no index")
    }
  }

  @Test func replacingTheGraphKeepsEveryIndex() throws {
    let store = try KnowledgeStore.inMemory()
    let indexes = "SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name"
    let fresh = try store.strings(indexes)
    _ = try store.save(SampleDocuments.ipvlanPost())
    let document = "https://blog.example.net/2024/ipvlan-or-macvlan"
    let concepts = ["ipvlan", "macvlan"].map { name in
      Concept(
        id: ConceptID(rawValue: name), label: name, aliases: [name.uppercased()], origin: .discovered, score: 1,
        mentionCount: 1, documents: [document],
        mentions: [Mention(document: document, sentence: 0, start: 0, end: 6, surface: name)])
    }
    let relation = Relation(
      source: concepts[0].id, target: concepts[1].id, type: "related_to", weight: 0.5,
      evidence: [Evidence(document: document, sentence: "IPvlan or MACvlan?", start: 0, end: 18)])
    let graph = ConceptGraph(concepts: concepts, relations: [relation], documentCount: 1, sentenceCount: 1)
    // The bulk load drops the secondary indexes and builds them again: twice over, they are all still there.
    try store.replaceGraph(graph)
    try store.replaceGraph(graph)
    #expect(try store.strings(indexes) == fresh)
    #expect(try store.strings("SELECT count(*) FROM mention") == ["2"])
    #expect(try store.strings("SELECT count(*) FROM relationEvidence") == ["1"])
    #expect(try store.strings("PRAGMA integrity_check") == ["ok"])
  }

  /// The graph of the sample post: IPvlan and macvlan, related by the sentence that compares them.
  private func comparedGraph(evidenceStart: Int) -> ConceptGraph {
    let document = "https://blog.example.net/2024/ipvlan-or-macvlan"
    let concepts = ["ipvlan", "macvlan"].map { name in
      Concept(
        id: ConceptID(rawValue: name), label: name, origin: .discovered, score: 1, mentionCount: 1,
        documents: [document], mentions: [Mention(document: document, sentence: 0, start: 0, end: 6, surface: name)])
    }
    let relation = Relation(
      source: concepts[0].id, target: concepts[1].id, type: "related_to", weight: 0.5,
      evidence: [Evidence(document: document, sentence: "", start: evidenceStart, end: evidenceStart + 1)])
    return ConceptGraph(concepts: concepts, relations: [relation], documentCount: 1, sentenceCount: 1)
  }

  @Test func evidenceIsStoredAsItsSentenceAndReadBackWithItsText() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.ipvlanPost())
    let starts = try store.strings("SELECT start FROM sentence WHERE text LIKE 'IPvlan shares%'")
    let first = try #require(starts.first)
    let start = try #require(Int(first))
    #expect(try store.replaceGraph(comparedGraph(evidenceStart: start)) == 0)
    #expect(try store.strings("SELECT sentenceId IS NOT NULL FROM relationEvidence") == ["1"])
    let evidence = try store.relationEvidence(touching: [ConceptID(rawValue: "ipvlan")])
    let read = try #require(evidence["ipvlan macvlan related_to"]?.first)
    #expect(read.sentence.hasPrefix("IPvlan shares the parent's MAC address"))
    #expect(read.start == start)
    // Evidence whose sentence the store does not hold is skipped and counted, not stored half-made.
    #expect(try store.replaceGraph(comparedGraph(evidenceStart: start + 1)) == 1)
    #expect(try store.strings("SELECT count(*) FROM relationEvidence") == ["0"])
  }

  @Test func evidenceOfAVersion5FileIsKeptAsItsSentence() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    do {
      let store = try KnowledgeStore(path: path)
      _ = try store.save(SampleDocuments.ipvlanPost())
      try store.replaceGraph(comparedGraph(evidenceStart: 0))
      // The file as version 5 left it: each evidence row held its document, its sentence's text and offsets.
      try store.execute("DROP TABLE relationEvidence")
      try store.execute(
        """
        CREATE TABLE relationEvidence (relationId INTEGER NOT NULL REFERENCES relation(id) ON DELETE CASCADE,
          documentId INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE, sentence TEXT NOT NULL,
          start INTEGER NOT NULL, "end" INTEGER NOT NULL)
        """)
      try store.execute(
        """
        INSERT INTO relationEvidence SELECT relation.id, sentence.documentId, sentence.text, sentence.start,
          sentence."end" FROM relation, sentence WHERE sentence.text LIKE 'IPvlan shares%'
        """)
      try store.execute("DELETE FROM grdb_migrations WHERE identifier = 'v6-evidenceBySentence'")
    }
    let store = try KnowledgeStore(path: path)
    #expect(try store.statistics().schemaVersion == "v8-graphRowDigests")
    let evidence = try store.relationEvidence(touching: [ConceptID(rawValue: "macvlan")])
    let read = try #require(evidence["ipvlan macvlan related_to"]?.first)
    #expect(read.sentence.hasPrefix("IPvlan shares"))
    #expect(try store.strings("PRAGMA foreign_key_check").isEmpty)
    #expect(try store.strings("PRAGMA integrity_check") == ["ok"])
  }

  /// A file written before version 7, whose insert trigger indexed each sentence, indexes every new sentence once.
  ///
  /// From version 7 the store indexes a document's sentences as it writes them, and the trigger goes.
  @Test func aVersion6FileIndexesEachNewSentenceOnce() throws {
    let temp = try TemporaryDirectory()
    let path = temp.path("kb.sqlite")
    do {
      let store = try KnowledgeStore(path: path)
      try store.execute(
        """
        CREATE TRIGGER IF NOT EXISTS "__sentenceSearch_ai" AFTER INSERT ON "sentence" BEGIN
          INSERT INTO "sentenceSearch"("rowid", "text") VALUES (new."id", new."text");
        END
        """)
      _ = try store.save(SampleDocuments.ipvlanPost())
      try store.execute("DELETE FROM grdb_migrations WHERE identifier = 'v7-searchIndexByDocument'")
    }
    let store = try KnowledgeStore(path: path)
    #expect(try store.statistics().schemaVersion == "v8-graphRowDigests")
    #expect(
      try store.strings("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name") == [
        "__sentenceSearch_ad", "__sentenceSearch_au",
      ])
    _ = try store.save(SampleDocuments.kubeProxyPost())
    // Indexed once: a second entry for a sentence would fail FTS5's own check, a missing one the search.
    try store.checkSearchIndex()
    #expect(try store.search("MAC address").contains { $0.source == SampleDocuments.ipvlanPost().source })
    #expect(try store.search("kube-proxy").contains { $0.source == SampleDocuments.kubeProxyPost().source })
    #expect(try store.remove(source: SampleDocuments.ipvlanPost().source))
    try store.checkSearchIndex()
    #expect(try store.search("MAC address").isEmpty)
  }

  @Test func foreignKeyEnforcementIsOn() throws {
    let store = try KnowledgeStore.inMemory()
    #expect(try store.strings("PRAGMA foreign_keys") == ["1"])
  }

  @Test func twoDocumentsCannotShareASource() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.ipvlanPost())
    #expect {
      try store.execute(
        """
        INSERT INTO document (source, origin, format, contentHash, text)
        VALUES ('https://blog.example.net/2024/ipvlan-or-macvlan', 'x', 'html', 'other', '')
        """)
    } throws: { error in
      guard let error = error as? StoreError, case .sqlite(_, let code, let message) = error else { return false }
      return code == 19 && message.contains("UNIQUE constraint failed: document.source")
        && error.description.hasPrefix(":memory:: error: SQLite error 19")
    }
    #expect(try store.statistics().documents == 1)
  }

  @Test func storeIsSendableAcrossTasks() async throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.ipvlanPost())
    let counts = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<4 { group.addTask { try store.search("macvlan").count } }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(counts.count == 4)
    #expect(Set(counts).count == 1 && counts[0] > 0)
  }
}
