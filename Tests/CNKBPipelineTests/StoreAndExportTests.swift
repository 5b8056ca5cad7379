import CNKBModel
import CNKBPipeline
import Foundation
import Logging
import Testing
import _CNKBTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// `buildGraphAndExports` stores a fresh graph while its exports are written, and puts the exports in place
/// together, only when the graph is stored and every file is written.
@Suite struct StoreAndExportTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
  private static let exports = [
    "graph.json", "graph.dot", "graph.mmd", "graph.graphml", "glossary.md", "glossary.json", "abbreviations.md",
    "glossary-hugo.json", "glossary.html",
  ]

  private func contents(of folder: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in Self.exports {
      result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    }
    return result
  }

  /// The samples copied to `temp/in`, with one page of the corpus's shape that a second build adds.
  private func samples(_ temp: TemporaryDirectory) throws -> String {
    try FileManager.default.copyItem(at: Fixtures.samplesDirectory, to: temp.url.appendingPathComponent("in"))
    return temp.path("in")
  }

  @Test func theExportsAndTheStoreMatchTheStepByStepBuild() throws {
    let temp = try TemporaryDirectory()
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    let input = try samples(temp)

    // Step by step: store the graph, then export it.
    let plain = try KnowledgeBase(databasePath: temp.path("plain/kb.sqlite"), logger: logger)
    _ = try plain.ingest([input])
    let expected = try plain.buildGraph(vocabulary: vocabulary)
    try plain.writeExports(expected, to: temp.path("plain"))

    // Both at once.
    let base = try KnowledgeBase(databasePath: temp.path("both/kb.sqlite"), logger: logger)
    _ = try base.ingest([input])
    let built = try base.buildGraphAndExports(vocabulary: vocabulary, to: temp.path("both"))
    #expect(!built.reused)
    #expect(built.graph == expected)
    #expect(try contents(of: temp.path("both")) == contents(of: temp.path("plain")))
    // What was stored is the graph that was exported, and a second build reuses it.
    let stored = try base.loadGraph(includeMentions: true)
    #expect(stored.concepts.map(\.id) == expected.concepts.map(\.id))
    #expect(stored.relations.count == expected.relations.count)
    let again = try base.buildGraphAndExports(vocabulary: vocabulary, to: temp.path("both"))
    #expect(again.reused)
    #expect(try contents(of: temp.path("both")) == contents(of: temp.path("plain")))
    let names = try FileManager.default.contentsOfDirectory(atPath: temp.path("both"))
    #expect(names.filter { $0.contains(".tmp-") }.isEmpty, "\(names)")
  }

  @Test func anExportThatCannotBeWrittenLeavesEveryPreviousExport() throws {
    let temp = try TemporaryDirectory()
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    let input = try samples(temp)
    let out = temp.path("out")
    let base = try KnowledgeBase(databasePath: out + "/kb.sqlite", logger: logger)
    _ = try base.ingest([input])
    _ = try base.buildGraphAndExports(vocabulary: vocabulary, to: out)
    let before = try contents(of: out)

    // A new page changes the graph; a folder where glossary.html's temporary file goes makes that one file
    // fail while it is written (the others are written fine).
    try temp.write(
      "in/added.html",
      """
      <html><head><title>Routing pods</title></head><body><article><h1>Routing pods</h1>
      <p>Calico routes pod traffic between nodes with BGP, and Cilium enforces network policy with eBPF.</p>
      <p>Multus attaches a second interface to a pod through a MACvlan or IPvlan plugin.</p>
      </article></body></html>
      """)
    _ = try base.ingest([input])
    let blocker = out + "/.glossary.html.tmp-\(getpid())"
    try FileManager.default.createDirectory(atPath: blocker + "/occupied", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: blocker) }

    #expect(throws: PipelineError.self) { try base.buildGraphAndExports(vocabulary: vocabulary, to: out) }
    // graph.json and the rest were written, but none replaced its previous version.
    #expect(try contents(of: out) == before)
    let names = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(names.filter { $0.contains(".tmp-") } == [URL(fileURLWithPath: blocker).lastPathComponent], "\(names)")

    // With the way clear, the same build puts every export of the new graph in place.
    try FileManager.default.removeItem(atPath: blocker)
    let rebuilt = try base.buildGraphAndExports(vocabulary: vocabulary, to: out)
    #expect(rebuilt.graph.concepts.contains { $0.documents.contains { $0.hasSuffix("added.html") } })
    #expect(try contents(of: out)["graph.json"] != before["graph.json"])
  }

  /// A concept made of two drafts with one id holds the mentions of both.
  ///
  /// A lexicon term written in capitals ("YAML") and the same word found in code in small letters ("yaml") make
  /// such drafts. The graph read back from the store, as a build with nothing new exports it, must be the graph
  /// that was built.
  @Test func aConceptMadeOfTwoDraftsKeepsTheMentionsOfBoth() throws {
    let temp = try TemporaryDirectory()
    let input = temp.path("in")
    try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
    for page in ["acme-fabric-manifests.html", "acme-fabric-plan-output.html"] {
      try Fixtures.data(page).write(to: URL(fileURLWithPath: input + "/" + page))
    }
    let base = try KnowledgeBase(databasePath: temp.path("out/kb.sqlite"), logger: logger)
    _ = try base.ingest([input])
    let built = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let yaml = try #require(built.concepts.first { $0.id.rawValue == "yaml" })
    #expect(yaml.origin == .both)
    #expect(Set(yaml.mentions.map(\.document)) == Set(yaml.documents))
    #expect(yaml.mentionCount == yaml.mentions.count)
    #expect(yaml.mentions.filter { $0.document.hasSuffix("plan-output.html") }.count == 3)
    #expect(try base.loadGraph(includeMentions: true) == built)
  }
}
