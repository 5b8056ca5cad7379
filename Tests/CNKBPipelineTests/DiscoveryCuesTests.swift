import CNKBConcepts
import CNKBModel
import CNKBPipeline
import Foundation
import Testing
import _CNKBTestSupport

/// Discovery from the shapes a documentation page gives its terms.
///
/// Glossary-style lead-ins, bold lists,
/// enumerations under a head noun, abbreviations used as modifiers, and abstract nouns that are not terms.
/// The page is converted by the real HTML reader.
@Suite struct DiscoveryCuesTests {
  private func graph(_ source: LexiconSource) throws -> ConceptGraph {
    let html = try Fixtures.data("acme-fabric-concepts.html")
    let documents = try DocumentReader().documents(html: html, source: "docs/concepts.html")
    return ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(source)).extract(documents)
  }

  private func concept(_ graph: ConceptGraph, _ surface: String) -> Concept? {
    let key = surface.lowercased()
    return graph.concepts.first { concept in
      ([concept.label, concept.abbreviation ?? ""] + concept.aliases).contains { $0.lowercased() == key }
    }
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func glossaryLeadInsBecomeTermsWithTheirDefinition(_ source: LexiconSource) throws {
    let graph = try graph(source)
    let segment = try #require(concept(graph, "segment"), "the bold lead-in 'Segment:' names a term")
    #expect(segment.definition?.text.hasPrefix("Segment: A set of pods") == true)
    let gateway = try #require(concept(graph, "gateway"), "the colon inside the bold span counts too")
    #expect(gateway.definition?.text.contains("forwards traffic between segments") == true)
    // "Tip: run …" is advice, not a definition: no article follows the colon.
    #expect(concept(graph, "tip") == nil)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func aBoldMemberOfAListBesideATermIsATerm(_ source: LexiconSource) throws {
    let graph = try graph(source)
    #expect(concept(graph, "selectors") != nil)
    // Mentioned once, but listed in bold beside "selectors".
    #expect(concept(graph, "tags") != nil)
  }

  @Test func aListMemberResolvesThroughTheListsHeadNoun() throws {
    let graph = try graph(.bundled)
    // "none" is a stop word; in "the built-in drivers are none, bridge, …" it is the lexicon's "none driver".
    let none = try #require(graph.concepts.first { $0.label == "none networking" })
    #expect(none.aliases.contains("none"))
    // Only the list member counts, not "none of them" in the next sentence.
    #expect(none.mentionCount == 1)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func anAbbreviationUsedAsAModifierMakesACompoundTerm(_ source: LexiconSource) throws {
    let graph = try graph(source)
    let agent = try #require(concept(graph, "CNI agent"), "one mention, but CNI is an abbreviation of the field")
    #expect(agent.mentionCount == 1)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func anAbstractNounIsNoTermHoweverOftenItIsLinked(_ source: LexiconSource) throws {
    let graph = try graph(source)
    #expect(concept(graph, "program") == nil)
  }
}
