import CNKBConcepts
import CNKBModel
import CNKBRelations
import CNKBSources
import CNKBStore
import Foundation

/// The build split in two for engines that spread work over machines (Spark): a **map** that needs one
/// document at a time, and a **finish** over statistics merged from any number of maps.
///
/// `map` reads document records (JSON Lines: `source`, and `content` or `content_base64`, optionally `title`,
/// `date` and `format`; see `Schemas/document-input.schema.json`) and returns their `CorpusStatistics`;
/// `PartialRecords` writes and reads those as JSON Lines; `KnowledgeBase.buildGraph(from:…)` finishes them.
/// Finishing gives the graph a plain `cnkb build` of the same documents gives.
public struct SplitBuild: Sendable {
  private let reader: DocumentReader
  private let extractor: ConceptExtractor
  /// The vocabulary fingerprint stamped on every partial (`KnowledgeBase.vocabularyFingerprint`).
  public let fingerprint: String

  /// Creates a split build over a vocabulary.
  public init(vocabulary: Vocabulary, options: ConceptExtractor.Options = ConceptExtractor.Options()) {
    reader = DocumentReader()
    extractor = ConceptExtractor(vocabulary: vocabulary, options: options)
    fingerprint = KnowledgeBase.vocabularyFingerprint(vocabulary: vocabulary, options: options)
  }

  /// One input record of `cnkb map`.
  struct InputRecord: Decodable {
    var source: String
    var title: String?
    var date: String?
    var format: String?
    var content: String?
    var content_base64: String?
  }

  /// What mapping a batch of document records gave: the statistics, and one message per record or
  /// document that could not be used (`name:LINE: error: …`), in input order.
  public struct MapResult: Sendable {
    /// The documents' statistics, stamped with the vocabulary fingerprint.
    public var statistics: CorpusStatistics
    /// Documents mapped.
    public var documents: Int
    /// Problems, compiler-style, in input order; warnings start with the source and `warning:`.
    public var problems: [String]
    /// Whether any record or document failed (the command then exits 65).
    public var failed: Bool
  }

  /// The map step over JSON Lines of document records; `name` is what error messages call the input.
  ///
  /// Records are read and converted on every core. A bad record or document is reported and skipped; the
  /// others are still mapped.
  public func map(_ lines: Data, name: String) -> MapResult {
    let records = PartialRecords.nonBlankLines(in: lines)
    let converted = OrderedResults<(documents: [Document], problems: [String], failed: Bool)>(count: records.count)
    DispatchQueue.concurrentPerform(iterations: records.count) { index in
      let (line, range) = records[index]
      converted.store(convert(lines.subdata(in: range), at: "\(name):\(line)"), at: index)
    }
    var documents: [Document] = []
    var problems: [String] = []
    var failed = false
    for index in records.indices {
      let result = converted.take(index)
      documents += result.documents
      problems += result.problems
      failed = failed || result.failed
    }
    var statistics = extractor.statistics(of: documents)
    statistics.fingerprints = [fingerprint]
    return MapResult(statistics: statistics, documents: documents.count, problems: problems, failed: failed)
  }

  /// One record's documents (a feed gives several), or what went wrong.
  private func convert(_ json: Data, at place: String) -> (documents: [Document], problems: [String], failed: Bool) {
    let record: InputRecord
    do {
      record = try JSONDecoder().decode(InputRecord.self, from: json)
    } catch {
      return ([], ["\(place): error: not a document record: \(PartialRecords.reason(error))"], true)
    }
    guard !record.source.isEmpty, record.source != "-" else {
      return ([], ["\(place): error: \"source\" must name the document (a URL or path)"], true)
    }
    let data: Data
    switch (record.content, record.content_base64) {
    case (let text?, nil): data = Data(text.utf8)
    case (nil, let base64?):
      guard let decoded = Data(base64Encoded: base64) else {
        return ([], ["\(place): error: \(record.source): \"content_base64\" is not valid base64"], true)
      }
      data = decoded
    default:
      return ([], ["\(place): error: \(record.source): give exactly one of \"content\" and \"content_base64\""], true)
    }
    var format: DocumentFormat?
    if record.format == nil || record.format == "auto", let kind = InputCollector.nonDocumentKind(ofPath: record.source)
    {
      // As a folder walk does: a record of unknown format whose name says it is no document is passed over.
      let fileExtension = InputCollector.pathExtension(record.source)
      return ([], ["\(record.source): note: skipped: not a document type (.\(fileExtension) \(kind))"], false)
    }
    if let name = record.format, name != "auto" {
      guard let known = DocumentFormat(rawValue: name) else {
        let names = (["auto"] + DocumentFormat.allCases.map(\.rawValue)).joined(separator: ", ")
        return ([], ["\(place): error: \(record.source): unknown format \"\(name)\" (one of \(names))"], true)
      }
      format = known
    }
    var documents: [Document] = []
    var problems: [String] = []
    var failed = false
    do {
      var sources = try reader.sourceDocuments(in: data, path: record.source, stdinName: record.source, format: format)
      if sources.count == 1 {
        sources[0].title = record.title ?? sources[0].title
        sources[0].date = record.date ?? sources[0].date
      }
      for source in sources {
        do {
          let document = try reader.convert(source, contentHash: ContentHash.of(source))
          problems += document.warnings.map { "\(document.source): warning: \($0)" }
          if document.blocks.isEmpty {
            problems.append("\(document.source): warning: no text found; skipped")
          } else {
            documents.append(document)
          }
        } catch {
          problems.append(error.description)
          failed = true
        }
      }
    } catch {
      problems.append(error.description)
      failed = true
    }
    return (documents, problems, failed)
  }
}

extension KnowledgeBase {
  /// The finishing step of a split build: the graph of merged statistics, stored with their documents.
  ///
  /// The store ends up holding exactly the statistics' documents (others stored before are removed: they have
  /// no statistics), and the graph is the one `buildGraph(vocabulary:options:)` gives for them. Nothing is
  /// written when the statistics cannot be finished.
  ///
  /// - Throws: `PipelineError.partials` when the statistics were mapped under another vocabulary or options,
  ///   or a source was mapped twice; `PipelineError.store` when the database fails.
  public func buildGraph(
    from statistics: CorpusStatistics, vocabulary: Vocabulary,
    options: ConceptExtractor.Options = ConceptExtractor.Options()
  ) throws(PipelineError) -> (graph: ConceptGraph, documents: Int, removed: [String]) {
    let finished = try finishGraph(from: statistics, vocabulary: vocabulary, options: options)
    var stages = StageClock(logger: logger)
    try storeGraph(finished.graph, fingerprint: try graphFingerprint(vocabulary: vocabulary, options: options))
    stages.lap("storing the graph")
    return finished
  }

  /// `buildGraph(from:vocabulary:options:)`, then the exports in `folder`, written while the graph is stored
  /// as a plain build writes them (`buildGraphAndExports`).
  ///
  /// The exports replace the previous ones only once the graph is stored and every file is written.
  public func buildGraphAndExports(
    from statistics: CorpusStatistics, vocabulary: Vocabulary,
    options: ConceptExtractor.Options = ConceptExtractor.Options(), to folder: String,
    exportOptions: ExportOptions = ExportOptions()
  ) throws(PipelineError) -> (graph: ConceptGraph, documents: Int, removed: [String]) {
    let finished = try finishGraph(from: statistics, vocabulary: vocabulary, options: options)
    try storeGraphWhileExporting(
      finished.graph, fingerprint: try graphFingerprint(vocabulary: vocabulary, options: options), to: folder,
      options: exportOptions)
    return finished
  }

  /// The concepts and relations of merged statistics, with their documents stored (while the relations are
  /// found, on another core); the graph itself is not stored.
  private func finishGraph(
    from statistics: CorpusStatistics, vocabulary: Vocabulary, options: ConceptExtractor.Options
  ) throws(PipelineError) -> (graph: ConceptGraph, documents: Int, removed: [String]) {
    var stages = StageClock(logger: logger)
    let expected = Self.vocabularyFingerprint(vocabulary: vocabulary, options: options)
    guard statistics.fingerprints == [expected] else {
      if statistics.fingerprints.isEmpty {
        throw .partials("the partials have no meta record: they were not written by cnkb map or cnkb merge")
      }
      throw .partials(
        statistics.fingerprints.count > 1
          ? "the partials were mapped under \(statistics.fingerprints.count) different lexicons or options: "
            + "map every document with the same --lexicon (or --no-lexicon) and the same cnkb"
          : "the partials were mapped under another lexicon, options or cnkb version than this build's: "
            + "use the same --lexicon (or --no-lexicon) as cnkb map, or map again")
    }
    let extracted: (graph: ConceptGraph, documents: [Document])
    do {
      extracted = try ConceptExtractor(vocabulary: vocabulary, options: options).extract(from: statistics)
    } catch {
      throw .partials(error.description)
    }
    stages.lap(
      "extracting \(extracted.graph.concepts.count) concepts from statistics of \(extracted.documents.count) documents")

    // The documents go into the store on another core while the relations are found: both only read them.
    let documents = extracted.documents
    let logger = self.logger
    let storing = BackgroundWork {
      var stage = StageClock(logger: logger)
      defer { stage.lap("storing \(documents.count) documents") }
      return Result { () throws(PipelineError) in try self.replaceDocuments(with: documents) }
    }
    let relations = RelationExtractor().extract(documents: documents, concepts: extracted.graph.concepts)
    stages.lap("finding \(relations.count) relations")
    let removed = try storing.wait().get()
    let graph = ConceptGraph(
      concepts: extracted.graph.concepts, relations: relations, documentCount: extracted.graph.documentCount,
      sentenceCount: extracted.graph.sentenceCount)
    return (graph, documents.count, removed)
  }

  /// Makes the store hold exactly `documents`: others stored before are removed (their sources are returned),
  /// and these are saved in batches.
  private func replaceDocuments(with documents: [Document]) throws(PipelineError) -> [String] {
    let keep = Set(documents.map(\.source))
    let absent = try self.documents().map(\.source).filter { !keep.contains($0) }
    let removed = try storeCall { () throws(StoreError) in try store.remove(sources: absent) }
    for start in stride(from: 0, to: documents.count, by: 256) {
      let batch = Array(documents[start..<min(documents.count, start + 256)])
      _ = try storeCall { () throws(StoreError) in try store.save(batch) }
    }
    return removed
  }
}
