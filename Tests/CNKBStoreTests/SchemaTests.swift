import CNKBModel
import Testing

@testable import CNKBStore

@Suite struct SchemaTests {
  @Test func newStoreHasTheDocumentedTables() throws {
    let store = try KnowledgeStore.inMemory()
    let tables = Set(try store.strings("SELECT name FROM sqlite_master WHERE type = 'table'"))
    #expect(tables.isSuperset(of: ["document", "block", "mark", "sentence", "sentenceSearch"]))
  }

  @Test func newStoreReportsTheFirstSchemaVersion() throws {
    let store = try KnowledgeStore.inMemory()
    #expect(try store.statistics().schemaVersion == "v5-conceptSurface")
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
