import CNKBConcepts
import CNKBModel
import CNKBRelations
import CNKBStore
import Crypto
import Foundation

extension KnowledgeBase {
  /// Bump when the concept or relation rules change in a way that alters the graph, so the next build
  /// extracts again even though no document changed.
  static let graphRulesVersion = "cnkb-graph-79"

  /// The stored graph when nothing it was built from has changed, else a fresh extraction.
  ///
  /// "Nothing changed" means the same stored documents, `vocabulary`, `options` and rules (see `buildGraph`);
  /// `reused` tells which happened.
  public func buildGraphIfNeeded(
    vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options()
  ) throws(PipelineError) -> (graph: ConceptGraph, reused: Bool) {
    let fingerprint = try graphFingerprint(vocabulary: vocabulary, options: options)
    if let stored = try storedGraph(ifBuiltFrom: fingerprint) { return (stored, true) }
    return (try buildGraph(vocabulary: vocabulary, options: options), false)
  }

  /// The stored graph, with its mentions, when it was built from `fingerprint`; else nil.
  private func storedGraph(ifBuiltFrom fingerprint: String) throws(PipelineError) -> ConceptGraph? {
    guard try storeCall({ () throws(StoreError) in try store.graphFingerprint() }) == fingerprint else { return nil }
    logger.info("nothing changed since the last build: reusing the stored graph")
    return try loadGraph(includeMentions: true)
  }

  /// The running executable's size and modification time, or "" when they cannot be read.
  static let executableIdentity: String = {
    guard let path = Bundle.main.executableURL?.path,
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    else { return "" }
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(path) \(size) \(modified)"
  }()

  /// What a graph is built from: every stored document's source and content hash, the vocabulary, the options
  /// and the rules' version, as a hex SHA-256.
  func graphFingerprint(vocabulary: Vocabulary, options: ConceptExtractor.Options) throws(PipelineError) -> String {
    var hasher = SHA256()
    func add(_ field: String) {
      let bytes = Array(field.utf8)
      withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: bytes)
    }
    add(Self.vocabularyFingerprint(vocabulary: vocabulary, options: options))
    // The program itself: a rebuilt or upgraded cnkb may extract differently even when no rule version moved.
    add(Self.executableIdentity)
    for document in try documents() {
      add(document.source)
      add(document.contentHash)
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  /// What extraction depends on besides the documents, as a hex SHA-256.
  ///
  /// The rules' version, the text converter's version, the vocabulary and the options. Partials carry it, so
  /// statistics mapped under one lexicon, or from text another converter split into sentences, are never
  /// finished under another.
  public static func vocabularyFingerprint(vocabulary: Vocabulary, options: ConceptExtractor.Options) -> String {
    vocabularyFingerprint(vocabulary: vocabulary, options: options, converter: ContentHash.converterVersion)
  }

  /// The fingerprint as a cnkb whose text converter has version `converter` computes it.
  static func vocabularyFingerprint(
    vocabulary: Vocabulary, options: ConceptExtractor.Options, converter: String
  ) -> String {
    var hasher = SHA256()
    func add(_ field: String) {
      let bytes = Array(field.utf8)
      withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: bytes)
    }
    add(Self.graphRulesVersion)
    add(converter)
    for entry in vocabulary.entries {
      add(entry.label)
      add(entry.category)
      add(entry.abbreviations.joined(separator: "\u{1}"))
      add(entry.aliases.joined(separator: "\u{1}"))
      add(entry.description)
    }
    add(vocabulary.stopwords.sorted().joined(separator: "\u{1}"))
    add(vocabulary.stopList.sorted().joined(separator: "\u{1}"))
    for override in vocabulary.overrides { add(String(describing: override)) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    add(String(decoding: (try? encoder.encode(options)) ?? Data(), as: UTF8.self))
    add(String(decoding: (try? encoder.encode(RelationExtractor.Options())) ?? Data(), as: UTF8.self))
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

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
    let graph = try extractGraph(vocabulary: vocabulary, options: options)
    var stages = StageClock(logger: logger)
    try storeGraph(graph, fingerprint: try graphFingerprint(vocabulary: vocabulary, options: options))
    stages.lap("storing the graph")
    return graph
  }

  /// Builds the graph and its exports in `folder` as `buildGraphAndExports` does, unless both are current.
  ///
  /// They are current when the stored graph was built from the same documents, vocabulary, options and rules,
  /// and every export in `folder` is the file the last build put there for it with the same export options
  /// (same name, size and modification time: a file edited or removed since is written again). Then nothing
  /// is read beyond the fingerprint and nothing is written.
  public func buildIfNeeded(
    vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options(), rebuild: Bool = false,
    to folder: String, exportOptions: ExportOptions = ExportOptions()
  ) throws(PipelineError) -> BuildSummary {
    let fingerprint = try graphFingerprint(vocabulary: vocabulary, options: options)
    if !rebuild {
      let (storedFingerprint, storedRecord) = try storeCall { () throws(StoreError) in
        (try store.graphFingerprint(), try store.exportsRecord())
      }
      if storedFingerprint == fingerprint,
        storedRecord == ExportsRecord(graph: fingerprint, folder: folder, options: exportOptions).text
      {
        logger.info("nothing changed since the last build, and the exports are the ones it wrote: nothing to do")
        let counts = try storeCall { () throws(StoreError) in try store.graphFigures() }
        return BuildSummary(
          concepts: counts.concepts, fromLexicon: counts.fromLexicon, mentions: counts.mentions,
          relations: counts.relations, documents: counts.documents, outcome: .upToDate)
      }
    }
    let (graph, reused) = try buildGraphAndExports(
      fingerprint: fingerprint, vocabulary: vocabulary, options: options, rebuild: rebuild, to: folder,
      exportOptions: exportOptions)
    return BuildSummary(graph, outcome: reused ? .reusedGraph : .extracted)
  }

  /// Notes which exports now stand in `folder` for the graph built from `fingerprint`.
  ///
  /// The next build with nothing new can then leave them be. Not being able to note it costs that build time,
  /// nothing else.
  private func recordExports(graph fingerprint: String, folder: String, options: ExportOptions) {
    let record = ExportsRecord(graph: fingerprint, folder: folder, options: options)
    do throws(StoreError) {
      try store.setExportsRecord(record.text)
    } catch {
      logger.notice("could not note the exports in the store; the next build writes them again: \(error)")
    }
  }

  /// Builds the graph (or reuses the stored one when nothing changed, unless `rebuild`) and writes its exports
  /// into `folder`.
  ///
  /// A fresh graph is stored while its exports are written, on different cores: the two read the same graph in
  /// memory and share nothing else. The exports replace the previous ones only once the graph is stored and
  /// every file is written, so a failure on either side leaves the previous exports beside the previous graph.
  public func buildGraphAndExports(
    vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options(), rebuild: Bool = false,
    to folder: String, exportOptions: ExportOptions = ExportOptions()
  ) throws(PipelineError) -> (graph: ConceptGraph, reused: Bool) {
    try buildGraphAndExports(
      fingerprint: try graphFingerprint(vocabulary: vocabulary, options: options), vocabulary: vocabulary,
      options: options, rebuild: rebuild, to: folder, exportOptions: exportOptions)
  }

  /// `buildGraphAndExports` for a fingerprint the caller has already taken.
  private func buildGraphAndExports(
    fingerprint: String, vocabulary: Vocabulary, options: ConceptExtractor.Options, rebuild: Bool,
    to folder: String, exportOptions: ExportOptions
  ) throws(PipelineError) -> (graph: ConceptGraph, reused: Bool) {
    if !rebuild, let stored = try storedGraph(ifBuiltFrom: fingerprint) {
      try writeExports(stored, to: folder, options: exportOptions)
      recordExports(graph: fingerprint, folder: folder, options: exportOptions)
      return (stored, true)
    }
    let graph = try extractGraph(vocabulary: vocabulary, options: options)
    try storeGraphWhileExporting(graph, fingerprint: fingerprint, to: folder, options: exportOptions)
    return (graph, false)
  }

  /// Stores a fresh graph while its exports are written, on different cores, then puts the exports in place.
  ///
  /// The two read the same graph in memory and share nothing else. The exports replace the previous ones only
  /// once the graph is stored and every file is written, so a failure on either side leaves the previous
  /// exports beside the previous graph.
  func storeGraphWhileExporting(
    _ graph: ConceptGraph, fingerprint: String, to folder: String, options exportOptions: ExportOptions
  ) throws(PipelineError) {
    let pending = PendingFiles()
    let logger = self.logger
    let storing = BackgroundWork { () -> PipelineError? in
      var stage = StageClock(logger: logger)
      defer { stage.lap("storing the graph") }
      do throws(PipelineError) {
        try self.storeGraph(graph, fingerprint: fingerprint)
        return nil
      } catch {
        return error
      }
    }
    var exportFailure: PipelineError?
    do throws(PipelineError) {
      try writeExports(graph, to: folder, options: exportOptions, pending: pending)
    } catch {
      exportFailure = error
    }
    if let failure = storing.wait() ?? exportFailure {
      pending.discard()
      throw failure
    }
    try pending.commit()
    recordExports(graph: fingerprint, folder: folder, options: exportOptions)
  }

  /// Extracts the concept graph from every stored document, without storing it.
  ///
  /// Each core reads documents from the store one at a time and lets each go once read: what the concepts need
  /// of it (its sentences, its title, the kind of block each sentence is in) and the relations' outline of it
  /// are kept, its text, paragraphs and inline marks are not. So the corpus's pages are never held at once.
  func extractGraph(vocabulary: Vocabulary, options: ConceptExtractor.Options) throws(PipelineError) -> ConceptGraph {
    var stages = StageClock(logger: logger)
    let sources = try documents().map(\.source).sorted()
    let outlines = OrderedResults<DocumentOutline>(count: sources.count)
    var graph = try ConceptExtractor(vocabulary: vocabulary, options: options).extract(count: sources.count) {
      index throws(PipelineError) in
      let document = try self.document(source: sources[index])
      if let document { outlines.store(DocumentOutline(document), at: index) }
      return document
    }
    stages.lap("extracting \(graph.concepts.count) concepts from \(sources.count) documents")
    let relations = RelationExtractor().extract(
      outlines: sources.indices.compactMap { outlines.takeIfStored($0) }, concepts: graph.concepts)
    graph = ConceptGraph(
      concepts: graph.concepts, relations: relations, documentCount: graph.documentCount,
      sentenceCount: graph.sentenceCount)
    stages.lap("finding \(graph.relations.count) relations")
    return graph
  }
}
