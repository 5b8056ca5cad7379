import CNKBExport
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

  /// `define` and `related --limit N --type T` read only the strongest relations; what they show must be what the
  /// whole graph shows, and the totals they print the whole graph's.
  @Test func theStrongestRelationsAnswerAsTheWholeGraphDoes() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    _ = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let whole = GraphQuestions(try base.loadGraph())
    var trimmed = 0
    for concept in whole.graph.concepts {
      for type in [nil, "related_to", "uses", "is_a"] as [String?] {
        for limit in [1, 3, 5, 10] {
          let name = concept.abbreviation ?? concept.label
          let found = try #require(try base.questionsAround(term: name, type: type, strongest: limit))
          #expect(!found.names, "\(name)")
          let part = found.questions
          let id = try part.concept(named: name).id
          #expect(id == (try whole.concept(named: name)).id, "\(name)")
          let expected = try whole.related(to: id, type: type, limit: limit)
          let answered = try part.related(to: id, type: type, limit: limit)
          #expect(answered.map(\.relation) == expected.map(\.relation), "\(name) \(type ?? "any") \(limit)")
          #expect(answered.map(\.evidence) == expected.map(\.evidence), "\(name) \(type ?? "any") \(limit)")
          #expect(try part.relatedCount(to: id, type: type) == whole.relatedCount(to: id, type: type), "\(name)")
          if type == nil {
            #expect(
              try part.strongestRelatedConcepts(to: id, limit: limit).map(\.concept.id)
                == whole.strongestRelatedConcepts(to: id, limit: limit).map(\.concept.id), "\(name) \(limit)")
          }
          if part.graph.relations.count < (try whole.relatedCount(to: id, type: type)) { trimmed += 1 }
        }
      }
    }
    // The samples have hubs: for many questions, fewer relations were read than the concept has.
    #expect(trimmed > 50)
  }

  /// Relations of equal weight rank by how much evidence they have, which the store counts without reading it.
  @Test func equalWeightsRankByEvidenceCountedInTheStore() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    var graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    // Every co-occurrence edge gets one weight, so only evidence counts (then ids) tell them apart.
    for index in graph.relations.indices where graph.relations[index].type == "related_to" {
      graph.relations[index].weight = 0.5
    }
    try base.storeGraph(graph)
    let whole = GraphQuestions(graph)
    var differing = 0
    for concept in graph.concepts {
      let all = try whole.related(to: concept.id, type: "related_to")
      guard Set(all.map(\.relation.evidence.count)).count > 1 else { continue }
      differing += 1
      for limit in [1, 2, 4] {
        let part = try #require(
          try base.questionsAround(term: concept.id.rawValue, type: "related_to", strongest: limit))
        let expected = all.prefix(limit).map(\.relation)
        #expect(
          try part.questions.related(to: concept.id, type: "related_to", limit: limit).map(\.relation) == expected)
      }
    }
    #expect(differing > 10)
  }

  /// Between co-occurrences, a concept of standing ranks before a heavier phrase the corpus writes once or
  /// twice and never defines; the part read around a term ranks as the whole graph does.
  @Test func coOccurrencesWithConceptsOfStandingComeFirst() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    var graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let byID = Dictionary(uniqueKeysWithValues: graph.concepts.map { ($0.id, $0) })
    // Every phrase without standing gets the heaviest co-occurrence weight there is.
    for index in graph.relations.indices where graph.relations[index].type == "related_to" {
      let relation = graph.relations[index]
      let weak = [relation.source, relation.target].contains { byID[$0]?.hasStanding == false }
      graph.relations[index].weight = weak ? 0.99 : 0.1
    }
    try base.storeGraph(graph)
    let whole = GraphQuestions(graph)
    var mixed = 0
    for concept in graph.concepts {
      let related = try whole.related(to: concept.id, type: "related_to")
      let standing = related.map(\.concept.hasStanding)
      guard standing.contains(true) && standing.contains(false) else { continue }
      mixed += 1
      // Every partner of standing comes before every other, whatever the weights.
      #expect(standing == standing.sorted { $0 && !$1 }, "\(concept.label)")
      for limit in [1, 3] {
        let part = try #require(
          try base.questionsAround(term: concept.id.rawValue, type: "related_to", strongest: limit))
        #expect(
          try part.questions.related(to: concept.id, type: "related_to", limit: limit).map(\.relation)
            == related.prefix(limit).map(\.relation), "\(concept.label) \(limit)")
      }
    }
    #expect(mixed > 10)
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

/// `cnkb path` reads only the concepts on shortest chains between its two terms; its answer must be the one the
/// whole graph gives, chain, relations and evidence, for typed chains and for any.
@Suite struct PathSearchTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  private func compare(_ base: KnowledgeBase, every stride: Int) throws -> (chains: Int, none: Int) {
    let whole = GraphQuestions(try base.loadGraph())
    let picked = whole.graph.concepts.enumerated().filter { $0.offset % stride == 0 }.map(\.element.id)
    var chains = 0
    var none = 0
    for start in picked {
      for end in picked where end != start {
        for typedOnly in [false, true] {
          let part = try base.questionsForPath(from: start, to: end, typedOnly: typedOnly)
          let expected = Result { () throws(GraphQuestionError) in
            try whole.path(from: start, to: end, typedOnly: typedOnly)
          }
          let answered = Result { () throws(GraphQuestionError) in
            try part.path(from: start, to: end, typedOnly: typedOnly)
          }
          switch (expected, answered) {
          case (.success(let wanted), .success(let got)):
            #expect(got == wanted, "\(start) → \(end) typed \(typedOnly)")
            chains += 1
          case (.failure(let wanted), .failure(let got)):
            #expect(got.description == wanted.description, "\(start) → \(end) typed \(typedOnly)")
            none += 1
          default:
            Issue.record("\(start) → \(end) typed \(typedOnly): \(expected) against \(answered)")
          }
        }
      }
    }
    return (chains, none)
  }

  @Test func theSamplesChainsAreTheWholeGraphs() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    _ = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let (chains, none) = try compare(base, every: 9)
    #expect(chains > 100)
    #expect(none > 10)
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared (seed)"))
  func theSeedsChainsAreTheWholeGraphs() throws {
    let seed = try #require(Fixtures.seedFeedURL)
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([seed.path])
    _ = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let (chains, _) = try compare(base, every: 40)
    #expect(chains > 40)
  }

  @Test func aChainBetweenNeighboursReadsLittleOfTheGraph() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let relation = try #require(graph.relations.first { $0.type != "related_to" })
    let part = try base.questionsForPath(from: relation.source, to: relation.target, typedOnly: false)
    #expect(part.graph.concepts.count == 2)
    #expect(try part.path(from: relation.source, to: relation.target).count == 1)
  }
}

/// `cnkb diagram` reads only the concepts its diagram keeps, a hop at a time; the diagram must be the one the
/// whole graph gives, for every concept and several depths and sizes.
@Suite struct DiagramNeighbourhoodTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  @Test func everyConceptsDiagramIsTheWholeGraphs() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let whole = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let index = GraphNeighbourhoods(whole)
    // What `cnkb export --around` writes: the stored graph's neighbourhood, documents and evidence included.
    let stored = GraphNeighbourhoods(try base.loadGraph())
    var smaller = 0
    for concept in whole.concepts {
      for (depth, maxNodes) in [(1, 25), (2, 25), (3, 60), (2, 4)] {
        let part = try #require(try base.diagramNeighbourhood(of: concept.id, depth: depth, maxNodes: maxNodes))
        let expected = DOTRenderer.render(neighbourhoodOf: concept.id, in: index, depth: depth, maxNodes: maxNodes)
        let drawn = DOTRenderer.render(neighbourhoodOf: concept.id, in: part, depth: depth, maxNodes: maxNodes)
        #expect(drawn == expected, "\(concept.id) depth \(depth) at most \(maxNodes)")
        #expect(
          DOTRenderer.neighbourhood(of: concept.id, in: part, depth: depth, maxNodes: maxNodes)
            == stored.neighbourhood(of: concept.id, depth: depth, maxNodes: maxNodes),
          "\(concept.id) depth \(depth) at most \(maxNodes)")
        if part.concepts.count < whole.concepts.count { smaller += 1 }
      }
    }
    #expect(smaller == whole.concepts.count * 4)
    #expect(try base.diagramNeighbourhood(of: ConceptID(rawValue: "no-such-concept"), depth: 1, maxNodes: 25) == nil)
  }
}
