import CNKBModel
import CNKBPipeline
import Foundation
import Logging
import Testing
import _CNKBTestSupport

/// `graph.json` is written as a stream rather than through `JSONEncoder`.
///
/// A large graph's export then never sits in memory whole. Its bytes must stay those `JSONEncoder` writes for the same node-link value: users diff the
/// file in git, and earlier exports must compare equal.
@Suite struct StreamedExportTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  @Test func theSamplesGraphStreamsAsJSONEncoderWritesIt() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    #expect(graph.concepts.count > 50 && graph.relations.count > 100)
    #expect(KnowledgeBase.graphJSON(graph) == ReferenceNodeLink.encode(graph))
  }

  @Test func awkwardTextAndEmptyListsStreamAsJSONEncoderWritesThem() {
    var everyControl = ""
    for value in 0..<0x20 { everyControl.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
    let awkward = "quote \" backslash \\ slash / tab\t" + everyControl + "\u{7F} é 網 😀 \u{2028} end"
    let concepts = [
      Concept(
        id: ConceptID(rawValue: "awkward"), label: awkward, abbreviation: "A\"B", aliases: [awkward, "plain"],
        category: "concept", origin: .discovered, score: 2, mentionCount: 3, documents: ["https://x.test/a/b"],
        definition: Definition(text: awkward, document: "d\\1", kind: "copula"), description: "line\nbreak"),
      Concept(
        id: ConceptID(rawValue: "empty"), label: "empty", origin: .lexicon, score: 0.00004, mentionCount: 0,
        documents: []),
      Concept(
        id: ConceptID(rawValue: "big"), label: "big", origin: .both, score: 123_456_789.123_456, mentionCount: 1,
        documents: ["b"]),
    ]
    let relations = [
      Relation(
        source: ConceptID(rawValue: "awkward"), target: ConceptID(rawValue: "big"), type: "uses", weight: 1,
        evidence: [Evidence(document: "d", sentence: awkward, start: 0, end: 9)]),
      Relation(
        source: ConceptID(rawValue: "big"), target: ConceptID(rawValue: "empty"), type: "related_to",
        weight: 0.123_456, evidence: []),
    ]
    let graph = ConceptGraph(concepts: concepts, relations: relations, documentCount: 2, sentenceCount: 7)
    #expect(KnowledgeBase.graphJSON(graph) == ReferenceNodeLink.encode(graph))
    let empty = ConceptGraph(concepts: [], relations: [], documentCount: 0, sentenceCount: 0)
    #expect(KnowledgeBase.graphJSON(empty) == ReferenceNodeLink.encode(empty))
  }

  @Test func theStreamedExportIsValidJSONThatReadsBack() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    try base.writeExports(graph, to: temp.path("out"))
    let data = try Data(contentsOf: URL(fileURLWithPath: temp.path("out/graph.json")))
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect((object["nodes"] as? [Any])?.count == graph.concepts.count)
    #expect((object["edges"] as? [Any])?.count == graph.relations.count)
    // No temporary file is left beside the exports.
    let names = try FileManager.default.contentsOfDirectory(atPath: temp.path("out"))
    #expect(names.filter { $0.contains(".tmp-") }.isEmpty, "\(names)")
  }
}

/// The node-link value as `JSONEncoder` wrote it before the export was streamed: the reference the stream is
/// held to.
private struct ReferenceNodeLink: Encodable {
  struct Figures: Encodable {
    var format = "cnkb-graph"
    var version = 1
    var documents: Int
    var sentences: Int
    var concepts: Int
    var relations: Int
  }
  struct Node: Encodable {
    var id: String
    var label: String
    var abbreviation: String?
    var aliases: [String]
    var category: String?
    var origin: String
    var score: Double
    var mentions: Int
    var documents: [String]
    var definition: Definition?
    var description: String?

    enum CodingKeys: String, CodingKey {
      case id, label, abbreviation, aliases, category, origin, score, mentions, documents, definition, description
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(label, forKey: .label)
      try container.encode(abbreviation, forKey: .abbreviation)
      try container.encode(aliases, forKey: .aliases)
      try container.encode(category, forKey: .category)
      try container.encode(origin, forKey: .origin)
      try container.encode(score, forKey: .score)
      try container.encode(mentions, forKey: .mentions)
      try container.encode(documents, forKey: .documents)
      try container.encode(definition, forKey: .definition)
      try container.encode(description, forKey: .description)
    }
  }
  struct Edge: Encodable {
    var source: String
    var target: String
    var type: String
    var key: String
    var weight: Double
    var evidence: [Evidence]
  }
  var directed = true
  var multigraph = true
  var graph: Figures
  var nodes: [Node]
  var edges: [Edge]

  static func encode(_ graph: ConceptGraph) -> String {
    let value = ReferenceNodeLink(
      graph: Figures(
        documents: graph.documentCount, sentences: graph.sentenceCount, concepts: graph.concepts.count,
        relations: graph.relations.count),
      nodes: graph.concepts.map {
        Node(
          id: $0.id.rawValue, label: $0.label, abbreviation: $0.abbreviation, aliases: $0.aliases,
          category: $0.category, origin: $0.origin.rawValue, score: ($0.score * 10_000).rounded() / 10_000,
          mentions: $0.mentionCount, documents: $0.documents, definition: $0.definition, description: $0.description)
      },
      edges: graph.relations.map {
        Edge(
          source: $0.source.rawValue, target: $0.target.rawValue, type: $0.type, key: $0.type,
          weight: ($0.weight * 10_000).rounded() / 10_000, evidence: $0.evidence)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "encoding failed" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
