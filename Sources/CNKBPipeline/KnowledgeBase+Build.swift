import CNKBConcepts
import CNKBModel
import CNKBRelations
import CNKBStore
import Crypto
import Foundation

extension KnowledgeBase {
  /// Bump when the concept or relation rules change in a way that alters the graph, so the next build
  /// extracts again even though no document changed.
  static let graphRulesVersion = "cnkb-graph-10"

  /// The stored graph when nothing it was built from has changed, else a fresh extraction.
  ///
  /// "Nothing changed" means the same stored documents, `vocabulary`, `options` and rules (see `buildGraph`);
  /// `reused` tells which happened.
  public func buildGraphIfNeeded(
    vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options()
  ) throws(PipelineError) -> (graph: ConceptGraph, reused: Bool) {
    let fingerprint = try graphFingerprint(vocabulary: vocabulary, options: options)
    if try storeCall({ () throws(StoreError) in try store.graphFingerprint() }) == fingerprint {
      logger.info("nothing changed since the last build: reusing the stored graph")
      return (try loadGraph(includeMentions: true), true)
    }
    return (try buildGraph(vocabulary: vocabulary, options: options), false)
  }

  /// Hands memory freed by the stage that just ended back to the system.
  ///
  /// Each stage frees most of what it built (the extraction's candidate terms, the co-occurrence tables), but
  /// the C allocator keeps freed pages, scattered among live ones, and the next stage's large tables are
  /// mapped afresh beside them; without this, peaks of successive stages add up in the resident size.
  static func returnFreedMemory() {
    if let trim = mallocTrim { _ = trim(0) }
  }

  /// glibc's `malloc_trim`, looked up at run time (Swift's Glibc module does not declare it; other C
  /// libraries lack it, and then nothing is trimmed).
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    #if os(Linux)
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    #else
      return nil
    #endif
  }()

  /// The process's peak resident memory so far, in MB.
  static func peakMemoryMB() -> Int {
    var usage = rusage()
    #if os(Linux)
      guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
      return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    #else
      guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
      return Int(usage.ru_maxrss) / 1_048_576  // bytes on macOS
    #endif
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
  /// The rules' version, the vocabulary and the options. Partials carry it, so statistics mapped under one
  /// lexicon are never finished under another.
  public static func vocabularyFingerprint(vocabulary: Vocabulary, options: ConceptExtractor.Options) -> String {
    var hasher = SHA256()
    func add(_ field: String) {
      let bytes = Array(field.utf8)
      withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
      hasher.update(data: bytes)
    }
    add(Self.graphRulesVersion)
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
    let clock = ContinuousClock()
    var started = clock.now
    func lap(_ stage: String) {
      let now = clock.now
      logger.info("\(stage) took \(now - started), peak memory \(Self.peakMemoryMB()) MB")
      Self.returnFreedMemory()
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
      relations: RelationExtractor().extract(documents: consume documents, concepts: graph.concepts),
      documentCount: graph.documentCount, sentenceCount: graph.sentenceCount)
    lap("finding \(graph.relations.count) relations")
    try storeGraph(graph, fingerprint: try graphFingerprint(vocabulary: vocabulary, options: options))
    lap("storing the graph")
    return graph
  }
}
