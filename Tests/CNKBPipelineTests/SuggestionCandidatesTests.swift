import CNKBModel
import Foundation
import Logging
import Testing
import _CNKBTestSupport

@testable import CNKBPipeline

/// An unknown term's suggestions come from the few concepts whose lookup keys could match; they must be the
/// suggestions the whole graph gives.
@Suite struct SuggestionCandidatesTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  /// A name with one letter dropped, doubled or swapped, the way people mistype.
  private func misspell(_ name: String, using generator: inout SeededGenerator) -> String {
    var characters = Array(name)
    guard characters.count >= 3 else { return name + "x" }
    let at = Int.random(in: 1..<(characters.count - 1), using: &generator)
    switch Int.random(in: 0..<3, using: &generator) {
    case 0: characters.remove(at: at)
    case 1: characters.insert(characters[at], at: at)
    default: characters.swapAt(at, at - 1)
    }
    return String(characters)
  }

  @Test func suggestionsFromTheCandidatesEqualThoseFromEveryConcept() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    var inputs = [Fixtures.samplesDirectory.path]
    if let seed = Fixtures.seedFeedURL { inputs.append(seed.path) }
    _ = try base.ingest(inputs)
    _ = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let whole = GraphQuestions(try base.loadGraph())
    let keys = try base.store.surfaceKeys()
    #expect(keys.count >= whole.graph.concepts.count)
    var generator = SeededGenerator(seed: 424_242)
    var terms = ["zzqx", "a", "ab", "-", "net", "network polcy", "container", "Überlay", "plugin x"]
    for concept in whole.graph.concepts.shuffled(using: &generator).prefix(120) {
      terms.append(misspell(concept.label, using: &generator))
      terms.append(String(concept.label.lowercased().prefix(4)))
    }
    var narrowed = 0
    var suggested = 0
    for term in terms {
      let expected = whole.suggestions(for: term)
      guard let candidates = GraphQuestions.suggestionCandidates(for: term, among: keys) else {
        #expect(term.unicodeScalars.contains { !$0.isASCII }, "\(term): only non-ASCII terms take every concept")
        continue
      }
      let part = GraphQuestions(try base.store.loadConceptNames(candidates))
      #expect(part.suggestions(for: term) == expected, "\(term)")
      if candidates.count < whole.graph.concepts.count / 4 { narrowed += 1 }
      if !expected.isEmpty { suggested += 1 }
    }
    // The check means something: most questions read a small part of the graph, and most get suggestions.
    #expect(narrowed > terms.count / 2)
    #expect(suggested > terms.count / 2)
  }
}
