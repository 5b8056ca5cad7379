import CNKBModel
import Foundation
import Testing

@testable import CNKBExport

/// glossary.json and the Hugo data file are written entry by entry, so `JSONEncoder` never holds a whole
/// glossary; the bytes must stay those of encoding the whole value at once.
@Suite struct GlossaryDataPiecewiseTests {
  private func whole(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }

  private var graphs: [ConceptGraph] {
    [
      ExportSamples.graph, HostileExportSamples.graph,
      ConceptGraph(concepts: [], relations: [], documentCount: 0, sentenceCount: 0),
    ]
  }

  @Test func glossaryJSONIsWhatEncodingTheWholeDocumentWrites() throws {
    for graph in graphs {
      for score in [0.0, 2.0] {
        let value = GlossaryDataRenderer.glossaryDocument(GlossaryContent(graph, minimumScore: score))
        #expect(GlossaryDataRenderer.glossaryJSON(graph, minimumScore: score) == (try whole(value)))
      }
    }
  }

  @Test func hugoDataIsWhatEncodingAllEntriesWrites() throws {
    for graph in graphs {
      for score in [0.0, 2.0] {
        let value = GlossaryDataRenderer.hugoEntries(GlossaryContent(graph, minimumScore: score))
        #expect(GlossaryDataRenderer.hugoData(graph, minimumScore: score) == (try whole(value)))
      }
    }
  }
}
