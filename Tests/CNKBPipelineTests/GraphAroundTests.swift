import CNKBModel
import Foundation
import Logging
import Testing
import _CNKBTestSupport

@testable import CNKBPipeline

/// `define` and `related` read only the stored graph around the asked term; their answers must be the ones the
/// whole graph gives.
@Suite struct GraphAroundTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  @Test func everyNameGivesTheSameConceptAndRelationsAsTheWholeGraph() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    _ = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let whole = GraphQuestions(try base.loadGraph())
    #expect(whole.graph.concepts.count > 20)
    var asked = 0
    for concept in whole.graph.concepts {
      // Names as a user types them: the label, in lower case, and the abbreviation.
      for name in [concept.label, concept.label.lowercased()] + (concept.abbreviation.map { [$0] } ?? []) {
        let around = try #require(try base.graphAround(term: name), "no stored name for \(name)")
        let part = GraphQuestions(around)
        let expected = try whole.concept(named: name)
        let found = try part.concept(named: name)
        #expect(found.id == expected.id, "\(name)")
        #expect(found.definition == expected.definition && found.documents == expected.documents, "\(name)")
        let wholeRelated = try whole.related(to: expected.id)
        let partRelated = try part.related(to: found.id)
        #expect(partRelated.map(\.concept.id) == wholeRelated.map(\.concept.id), "\(name)")
        #expect(partRelated.map(\.relation) == wholeRelated.map(\.relation), "\(name)")
        #expect(partRelated.map(\.evidence) == wholeRelated.map(\.evidence), "\(name)")
        #expect(try part.relatedCount(to: found.id) == wholeRelated.count, "\(name)")
        var seen: Set<ConceptID> = []
        let strongest = wholeRelated.filter { seen.insert($0.concept.id).inserted }.prefix(5)
        #expect(
          try part.strongestRelatedConcepts(to: found.id, limit: 5).map(\.concept.id) == strongest.map(\.concept.id),
          "\(name)")
        asked += 1
      }
    }
    #expect(asked > 40)
    // A name nobody uses finds nothing here; the caller then asks the whole graph for suggestions.
    #expect(try base.graphAround(term: "no such term anywhere") == nil)
  }

  @Test func theAroundGraphHoldsOnlyTheNeighbourhood() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let hub = try #require(
      graph.concepts.max { lhs, rhs in
        graph.relations.filter { $0.source == lhs.id || $0.target == lhs.id }.count
          < graph.relations.filter { $0.source == rhs.id || $0.target == rhs.id }.count
      })
    let around = try #require(try base.graphAround(term: hub.label))
    let touching = graph.relations.filter { $0.source == hub.id || $0.target == hub.id }
    #expect(
      Set(around.relations.map { "\($0.source) \($0.target) \($0.type)" })
        == Set(touching.map { "\($0.source) \($0.target) \($0.type)" }))
    let ends = Set(touching.flatMap { [$0.source, $0.target] } + [hub.id])
    #expect(Set(around.concepts.map(\.id)).isSuperset(of: ends))
    #expect(around.concepts.count < graph.concepts.count)
  }
}

/// Lookup keys for ASCII names are computed on bytes; they must be the general rule's, character for character.
@Suite struct NormaliseFastPathTests {
  @Test func asciiNormalisingMatchesTheGeneralRule() {
    var generator = SeededGenerator(seed: 0x2026_1129)
    func next() -> UInt64 { generator.next() }
    let alphabet = Array("aZz09 -_/.:\t\n\r'+&(),;sSiIeEyY\u{0B}\u{0C}\"#*<>")
    for _ in 0..<20_000 {
      let length = Int(next() % 14)
      let text = String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
      #expect(
        GraphQuestions.normalise(text) == GraphQuestions.normalise(text) { "-_/.:".contains($0) },
        "\(text.debugDescription)")
    }
  }
}
