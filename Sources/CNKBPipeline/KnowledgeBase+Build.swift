import CNKBConcepts
import CNKBModel
import CNKBRelations
import Foundation

extension KnowledgeBase {
  /// Extracts the concept graph from every stored document and stores it, replacing the previous graph.
  ///
  /// - Parameters:
  ///   - vocabulary: the curated lexicon (or an empty one for discovery alone), stop lists and overrides.
  ///   - options: the extractor's thresholds.
  /// - Returns: the graph, in canonical order.
  /// - Throws: `PipelineError.store` when the database cannot be read or written.
  public func buildGraph(
    vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options()
  ) throws(PipelineError) -> ConceptGraph {
    let clock = ContinuousClock()
    var started = clock.now
    func lap(_ stage: String) {
      let now = clock.now
      logger.info("\(stage) took \(now - started)")
      started = now
    }
    var documents: [Document] = []
    for summary in try self.documents() {
      if let document = try self.document(source: summary.source) { documents.append(document) }
    }
    lap("loading \(documents.count) documents")
    var graph = ConceptExtractor(vocabulary: vocabulary, options: options).extract(documents)
    lap("extracting \(graph.concepts.count) concepts")
    graph = ConceptGraph(
      concepts: graph.concepts,
      relations: RelationExtractor().extract(documents: documents, concepts: graph.concepts),
      documentCount: graph.documentCount, sentenceCount: graph.sentenceCount)
    lap("finding \(graph.relations.count) relations")
    try storeGraph(graph)
    lap("storing the graph")
    return graph
  }
}

/// Writes a file atomically: a temporary file beside it, then a rename, so readers never see half a file
/// and a failed write leaves the previous file intact.
func writeAtomically(_ text: String, to path: String) throws(PipelineError) {
  let url = URL(fileURLWithPath: path)
  let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
  do {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: temporary)
    // rename(2) replaces the destination atomically: readers see the old file or the new one, never neither.
    guard rename(temporary.path, url.path) == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
    }
  } catch {
    try? FileManager.default.removeItem(at: temporary)
    throw .cannotWrite(path: path, reason: DocumentReader.reason(error))
  }
}
