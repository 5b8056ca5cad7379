import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// The cap on a mention's definition score, read from the words before it.
///
/// `bestDefinition` passes over a mention whose ceiling is no better than the definition it already has, so the
/// ceiling must never be below what the full reading of the sentence scores, or a better definition would be
/// missed.
@Suite struct DefinitionCeilingTests {
  /// Sentences of every shape `definitionShape` scores, written for this test.
  static let shapes = [
    "The overlay driver is a way to join hosts. Overlay is the default for swarm services.",
    "Among the drivers, macvlan is a driver that gives each container a MAC address.",
    "Though IPvlan is similar, it shares one MAC address between containers.",
    "Since VXLAN is an encapsulation, it adds fifty bytes to each frame.",
    "When the bridge refers to docker0, traffic stays on the host.",
    "Calico, a networking provider, routes with BGP between nodes.",
    "A tunnel called a VXLAN segment, also known as a VNI, carries the frames.",
    "Container Network Model (CNM) is the design libnetwork follows for its drivers.",
    "CNI plugins support two commands: ADD and DEL, run by the runtime.",
    "Underlay: the physical network the overlay rides on, with its own routing.",
    "Every endpoint is a member of exactly one sandbox and one network.",
    "\u{A0}The sandbox is an isolated network stack, with interfaces and routes.",
    "Le réseau overlay est un pilote, and the overlay is a driver too.",
    "Note\u{2014}the gateway is the address the bridge answers on.",
    "If\tthe gateway is a router, it forwards packets between networks.",
    "  The   network driver   is   the plugin that creates the network.",
  ]

  @Test func theCeilingIsNeverBelowTheScoreOfTheSentence() throws {
    var paragraphs = Self.shapes
    if let url = Fixtures.seedFeedURL {
      // Real prose too: the seed's text with its markup taken out, a paragraph per line.
      let raw = try String(contentsOf: url, encoding: .utf8)
      let text = raw.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression)
      paragraphs += text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { $0.split(separator: " ").count >= 4 }
    }
    let document = testDocument("shapes", paragraphs)
    var collector = CorpusCollector(vocabulary: Vocabulary(), options: ConceptExtractor.Options())
    collector.index(document)
    var judged = 0
    var scored = 0
    for (ordinal, sentence) in document.sentences.enumerated() {
      let scalars = Array(sentence.text.unicodeScalars)
      // Every span of one to three words, starting where a word starts.
      let starts = scalars.indices.filter { $0 == 0 || (scalars[$0 - 1] == " " && scalars[$0] != " ") }
      let ends = scalars.indices.filter { $0 == scalars.count - 1 || scalars[$0 + 1] == " " }.map { $0 + 1 }
      for start in starts {
        for end in ends.filter({ $0 > start }).prefix(3) {
          let mention = Mention(
            document: document.source, sentence: ordinal, start: sentence.start + start, end: sentence.start + end,
            surface: String(String.UnicodeScalarView(scalars[start..<end])))
          let ceiling = CorpusCollector.definitionCeiling(mention, in: sentence)
          judged += 1
          guard let (score, kind) = collector.definitionShape(mention, in: sentence, all: document.sentences) else {
            continue
          }
          scored += 1
          #expect(score <= ceiling, "\(kind) \(score) > \(ceiling): \(mention.surface) in \(sentence.text)")
        }
      }
    }
    // The shapes above score: the test reads sentences that define, not only ones that do not.
    #expect(scored > 40, "\(scored) of \(judged) mentions scored")
  }

  @Test func theCeilingFollowsTheWordsBeforeTheMention() {
    func ceiling(_ text: String, at word: String) -> Int {
      let sentence = Sentence(block: 0, start: 0, end: text.unicodeScalars.count, text: text)
      let prefix = text.components(separatedBy: word)[0]
      let start = prefix.unicodeScalars.count
      let mention = Mention(
        document: "d", sentence: 0, start: start, end: start + word.unicodeScalars.count, surface: word)
      return CorpusCollector.definitionCeiling(mention, in: sentence)
    }
    #expect(ceiling("VXLAN is an encapsulation.", at: "VXLAN") == CorpusCollector.bestDefinitionShape)
    #expect(ceiling("The VXLAN header is eight bytes.", at: "VXLAN") == CorpusCollector.bestDefinitionShape)
    #expect(ceiling("In short, VXLAN is an encapsulation.", at: "VXLAN") == 5)
    #expect(ceiling("It works because VXLAN is an encapsulation.", at: "VXLAN") == 5)
    #expect(ceiling("Each host runs VXLAN for the overlay.", at: "VXLAN") == 4)
    // Text before it beyond ASCII is not judged: the full reading decides.
    #expect(ceiling("Le réseau VXLAN est un tunnel.", at: "VXLAN") == CorpusCollector.bestDefinitionShape)
  }
}
