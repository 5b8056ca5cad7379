import CNKBModel
import Testing

@testable import CNKBExport

/// A build works out the glossary's content once and renders every format from it; each format must read as
/// it does when rendered from the graph alone, whatever the threshold and the "See also" limit.
@Suite struct GlossaryContentTests {
  @Test func everyFormatReadsTheSameFromSharedContent() {
    for graph in [ExportSamples.graph, HostileExportSamples.graph] {
      for (score, limit) in [(0.0, 5), (2.0, 5), (0.0, 1), (0.0, 0), (0.0, -3)] {
        let content = GlossaryContent(graph, minimumScore: score, seeAlsoLimit: limit)
        let fromGraph = GlossaryRenderer.render(graph, minimumScore: score, seeAlsoLimit: limit)
        #expect(GlossaryRenderer.render(content) == fromGraph)
        #expect(
          GlossaryHTMLRenderer.render(content)
            == GlossaryHTMLRenderer.render(graph, minimumScore: score, seeAlsoLimit: limit))
        #expect(
          GlossaryDataRenderer.glossaryJSON(content)
            == GlossaryDataRenderer.glossaryJSON(graph, minimumScore: score, seeAlsoLimit: limit))
        #expect(
          GlossaryDataRenderer.hugoData(content)
            == GlossaryDataRenderer.hugoData(graph, minimumScore: score, seeAlsoLimit: limit))
        #expect(
          GlossaryDataRenderer.mkdocsAbbreviations(content)
            == GlossaryDataRenderer.mkdocsAbbreviations(graph, minimumScore: score))
        // The limit is honoured: no entry links to more related entries than it allows.
        #expect(content.related.values.allSatisfy { $0.count <= max(0, limit) })
        if limit == 0 { #expect(!fromGraph.contains("See also:")) }
      }
    }
  }
}
