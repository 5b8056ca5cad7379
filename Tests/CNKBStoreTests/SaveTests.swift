import CNKBModel
import Testing

@testable import CNKBStore

@Suite struct SaveTests {
  @Test func savedDocumentLoadsBackEqual() throws {
    let store = try KnowledgeStore.inMemory()
    let document = SampleDocuments.ipvlanPost()
    #expect(try store.save(document) == .added)
    #expect(try store.document(source: document.source) == document)
  }

  @Test func documentWithoutOptionalFieldsLoadsBackEqual() throws {
    let store = try KnowledgeStore.inMemory()
    let bare = SampleDocuments.make(
      source: "notes/empty-title.txt", origin: "-", title: nil, date: nil, format: .text, blocks: [])
    let plain = SampleDocuments.make(
      source: "notes/plain.txt", origin: "-", title: nil, date: nil, format: .text,
      blocks: [.paragraph("Flannel gives each host its own subnet.")])
    _ = try store.save([bare, plain])
    #expect(try store.document(source: bare.source) == bare)
    #expect(try store.document(source: plain.source) == plain)
  }

  @Test func unknownSourceLoadsAsNil() throws {
    let store = try KnowledgeStore.inMemory()
    #expect(try store.document(source: "https://nowhere.example/") == nil)
    #expect(try store.storedHash(forSource: "https://nowhere.example/") == nil)
  }

  @Test func storedHashIsTheSavedContentHash() throws {
    let store = try KnowledgeStore.inMemory()
    let document = SampleDocuments.ipvlanPost(hash: "abc123")
    _ = try store.save(document)
    #expect(try store.storedHash(forSource: document.source) == "abc123")
  }

  @Test func resavingAnIdenticalDocumentIsUnchangedAndWritesNothing() throws {
    let store = try KnowledgeStore.inMemory()
    let document = SampleDocuments.ipvlanPost()
    _ = try store.save(document)
    let before = try store.totalChangesCount()
    #expect(try store.save(document) == .unchanged)
    #expect(try store.totalChangesCount() == before)
  }

  @Test func changedDocumentReplacesEveryRow() throws {
    let store = try KnowledgeStore.inMemory()
    let first = SampleDocuments.ipvlanPost(hash: "v1")
    _ = try store.save(first)
    _ = try store.save(SampleDocuments.kubeProxyPost())
    let second = SampleDocuments.make(
      source: first.source, title: "IPvlan, revised", hash: "v2",
      blocks: [.heading("IPvlan revisited"), .paragraph("Promiscuous mode is no longer needed on the parent.")])

    #expect(try store.save(second) == .changed)
    #expect(try store.document(source: first.source) == second)
    let kube = SampleDocuments.kubeProxyPost()
    let stats = try store.statistics()
    #expect(stats.documents == 2)
    #expect(stats.blocks == second.blocks.count + kube.blocks.count)
    #expect(stats.sentences == second.sentences.count + kube.sentences.count)
    #expect(stats.marks == 0)
    #expect(try store.search("switches").isEmpty, "sentences of the old version are gone from the index")
    #expect(try store.search("promiscuous").count == 1)
    try store.checkSearchIndex()
  }

  @Test func removeDeletesTheDocumentAndEveryChildRow() throws {
    let store = try KnowledgeStore.inMemory()
    let ipvlan = SampleDocuments.ipvlanPost()
    let kube = SampleDocuments.kubeProxyPost()
    _ = try store.save([ipvlan, kube])

    #expect(try store.remove(source: ipvlan.source))
    let stats = try store.statistics()
    #expect(stats.documents == 1)
    #expect(stats.blocks == kube.blocks.count)
    #expect(stats.sentences == kube.sentences.count)
    #expect(stats.marks == 0)
    #expect(try store.search("macvlan").isEmpty)
    #expect(try store.document(source: kube.source) == kube)
    try store.checkSearchIndex()
  }

  @Test func removingAnUnknownSourceReportsFalse() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.kubeProxyPost())
    #expect(try store.remove(source: "https://nowhere.example/") == false)
    #expect(try store.statistics().documents == 1)
  }

  @Test func batchSaveReportsOneOutcomePerDocument() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.ipvlanPost(hash: "old"))
    let outcomes = try store.save([
      SampleDocuments.ipvlanPost(hash: "new"), SampleDocuments.kubeProxyPost(), SampleDocuments.kubeProxyPost(),
    ])
    #expect(outcomes == [.changed, .added, .unchanged])
    #expect(try store.statistics().documents == 2)
  }

  @Test func saveThatFailsHalfwayLeavesNoPartialDocument() throws {
    let store = try KnowledgeStore.inMemory()
    var broken = SampleDocuments.ipvlanPost()
    // The last sentence points past the blocks: the document and its blocks are inserted before this is seen.
    broken.sentences[broken.sentences.count - 1].block = 99
    #expect(throws: StoreError.self) { try store.save(broken) }
    let stats = try store.statistics()
    #expect([stats.documents, stats.blocks, stats.sentences, stats.marks] == [0, 0, 0, 0])
    #expect(try store.storedHash(forSource: broken.source) == nil)
    #expect(try store.search("macvlan").isEmpty)
  }

  @Test func failedReplacementKeepsThePreviousVersion() throws {
    let store = try KnowledgeStore.inMemory()
    let original = SampleDocuments.ipvlanPost(hash: "v1")
    _ = try store.save(original)
    var broken = SampleDocuments.ipvlanPost(hash: "v2")
    broken.sentences[0].block = -1
    #expect {
      try store.save(broken)
    } throws: { error in
      guard case .invalidDocument(let source, let reason) = error as? StoreError else { return false }
      return source == original.source && reason.contains("block -1")
    }
    #expect(try store.document(source: original.source) == original)
    try store.checkSearchIndex()
  }

  @Test func failedBatchSavesNone() throws {
    let store = try KnowledgeStore.inMemory()
    var broken = SampleDocuments.kubeProxyPost()
    broken.sentences[0].block = 7
    #expect(throws: StoreError.self) { try store.save([SampleDocuments.ipvlanPost(), broken]) }
    #expect(try store.statistics().documents == 0)
  }

  @Test func documentsAreListedBySourceWithSentenceCounts() throws {
    let store = try KnowledgeStore.inMemory()
    let ipvlan = SampleDocuments.ipvlanPost()
    let kube = SampleDocuments.kubeProxyPost()
    _ = try store.save([kube, ipvlan])
    let listed = try store.documents()
    #expect(listed.map(\.source) == [ipvlan.source, kube.source])
    #expect(listed.map(\.sentences) == [ipvlan.sentences.count, kube.sentences.count])
    #expect(
      listed.first
        == DocumentSummary(
          source: ipvlan.source, origin: ipvlan.origin, title: ipvlan.title, date: ipvlan.date, format: .atom,
          contentHash: ipvlan.contentHash, sentences: ipvlan.sentences.count))
  }

  @Test func statisticsCountRowsFormatsAndOrigins() throws {
    let store = try KnowledgeStore.inMemory()
    let ipvlan = SampleDocuments.ipvlanPost()
    let kube = SampleDocuments.kubeProxyPost()
    _ = try store.save([ipvlan, kube])
    let stats = try store.statistics()
    #expect(stats.documents == 2)
    #expect(stats.blocks == ipvlan.blocks.count + kube.blocks.count)
    #expect(stats.sentences == ipvlan.sentences.count + kube.sentences.count)
    #expect(stats.marks == 3)
    #expect(stats.origins == 2)
    #expect(stats.documentsPerFormat == ["atom": 1, "html": 1])
    #expect(stats.fileSize == nil, "an in-memory store has no file")
  }

  @Test func integrityCheckOfASoundStoreIsOK() throws {
    let store = try KnowledgeStore.inMemory()
    _ = try store.save(SampleDocuments.ipvlanPost())
    #expect(try store.integrityCheck() == ["ok"])
  }
}
