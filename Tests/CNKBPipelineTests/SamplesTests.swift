import CNKBPipeline
import Foundation
import Logging
import Testing
import _CNKBTestSupport

/// The bundled samples (what `make run` ingests) are read in every format cnkb supports.
@Suite struct SamplesTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  @Test func everySampleFormatIsIngestedWithoutFailures() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    let report = try base.ingest([Fixtures.samplesDirectory.path])
    #expect(report.count(.failed) == 0, "\(report.entries.filter { $0.outcome == .failed })")
    let formats = Set(try base.documents().map(\.format))
    #expect(formats.isSuperset(of: [.html, .atom, .rss, .markdown, .text]))
    // The samples' README describes the corpus; it is a document too, so nothing is skipped silently.
    #expect(report.count(.added) >= 12)
  }

  @Test func aChangedDocumentIsReplacedAndOthersStayUnchanged() throws {
    let temp = try TemporaryDirectory()
    try temp.write("docs/a.md", "# Bridge\n\nThe bridge driver connects containers on one host.\n")
    try temp.write("docs/b.md", "# Overlay\n\nThe overlay driver spans hosts with VXLAN.\n")
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    #expect(try base.ingest([temp.path("docs")]).count(.added) == 2)

    try temp.write("docs/b.md", "# Overlay\n\nThe overlay driver spans hosts with VXLAN tunnels.\n")
    let second = try base.ingest([temp.path("docs")])
    #expect(second.count(.changed) == 1)
    #expect(second.count(.unchanged) == 1)
    let b = try #require(try base.document(source: temp.path("docs/b.md")))
    #expect(b.sentences.map(\.text).contains("The overlay driver spans hosts with VXLAN tunnels."))
    #expect(try base.search("tunnels").count == 1)
    #expect(try base.statistics().documents == 2)
  }
}
