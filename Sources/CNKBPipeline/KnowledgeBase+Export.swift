import CNKBModel
import Foundation

extension KnowledgeBase {
  /// Writes the graph exports into `folder`: `graph.json`.
  public func writeExports(_ graph: ConceptGraph, to folder: String) throws(PipelineError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(graph) else { return }
    try writeAtomically(String(decoding: data, as: UTF8.self) + "\n", to: folder + "/graph.json")
  }
}
