import CNKBConcepts
import CNKBModel
import CNKBPipeline
import CNKBRelations
import Foundation
import Logging
import Testing
import _CNKBTestSupport

/// A build reads its documents from the store as each core needs them, never the whole corpus at once; the
/// graph is the one the same documents give when held in memory.
@Suite struct StreamedExtractionTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  private struct FetchFailed: Error, Equatable { var index: Int }

  /// The samples (and the seed, where `../shared` is present) stored, with every document loaded back.
  private func storedCorpus(_ temp: TemporaryDirectory) throws -> (KnowledgeBase, [Document]) {
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    var inputs = [Fixtures.samplesDirectory.path]
    if let seed = Fixtures.seedFeedURL { inputs.append(seed.path) }
    _ = try base.ingest(inputs)
    let documents = try base.documents().compactMap { try base.document(source: $0.source) }
    return (base, documents)
  }

  @Test func aBuildFromTheStoreGivesTheGraphOfItsDocumentsInMemory() throws {
    let temp = try TemporaryDirectory()
    let (base, documents) = try storedCorpus(temp)
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    let built = try base.buildGraph(vocabulary: vocabulary)

    let concepts = ConceptExtractor(vocabulary: vocabulary).extract(documents.shuffled())
    let relations = RelationExtractor().extract(documents: documents.shuffled(), concepts: concepts.concepts)
    #expect(built.concepts.count > 50)
    #expect(built.relations.count > 100)
    #expect(built.concepts == concepts.concepts)
    #expect(built.relations == relations)
    #expect(built.documentCount == documents.count)
    #expect(built.sentenceCount == documents.reduce(0) { $0 + $1.sentences.count })
  }

  @Test func conceptsOfDocumentsFetchedOneAtATimeMatchAndADocumentGoneSinceIsSkipped() throws {
    let temp = try TemporaryDirectory()
    let (_, stored) = try storedCorpus(temp)
    let documents = stored.sorted { $0.source < $1.source }
    let extractor = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.bundled))
    #expect(extractor.extract(count: documents.count) { documents[$0] } == extractor.extract(documents))

    let gone = documents[documents.count / 2].source
    let skipped = extractor.extract(count: documents.count) { documents[$0].source == gone ? nil : documents[$0] }
    #expect(skipped == extractor.extract(documents.filter { $0.source != gone }))
    #expect(!skipped.concepts.contains { $0.mentions.contains { $0.document == gone } })
  }

  @Test func aDocumentThatCannotBeFetchedStopsTheConceptStageWithItsError() throws {
    let temp = try TemporaryDirectory()
    let (_, documents) = try storedCorpus(temp)
    let extractor = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.bundled))
    #expect(throws: FetchFailed(index: 3)) {
      try extractor.extract(count: documents.count) { index throws(FetchFailed) in
        guard index != 3 else { throw FetchFailed(index: index) }
        return documents[index]
      }
    }
  }

  @Test func whenSeveralDocumentsCannotBeFetchedTheFirstInReadingOrderIsReported() throws {
    let temp = try TemporaryDirectory()
    let (_, documents) = try storedCorpus(temp)
    try #require(documents.count >= 6)
    let extractor = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.bundled))
    // The later failures are in runs that other cores read, and may end first.
    let failing: Set<Int> = [2, documents.count / 2, documents.count - 1]
    for _ in 0..<3 {
      #expect(throws: FetchFailed(index: 2)) {
        try extractor.extract(count: documents.count) { index throws(FetchFailed) in
          guard !failing.contains(index) else { throw FetchFailed(index: index) }
          return documents[index]
        }
      }
    }
  }
}
