import CNKBModel
import CNKBSources
import CNKBStore
import Foundation
import Logging

/// The knowledge base on disk: ingest inputs into it, search it, summarise it, remove from it.
///
/// This is the façade the `cnkb` command uses; it owns one SQLite store.
public final class KnowledgeBase: Sendable {
  let store: KnowledgeStore
  private let reader: DocumentReader
  let logger: Logger
  /// The database file.
  public let databasePath: String

  /// Opens (or creates) the knowledge base at `databasePath`, creating its folder when needed.
  ///
  /// - Throws: `PipelineError` when the folder or database cannot be created or opened, or the file is
  ///   not a cnkb database.
  public init(databasePath: String, logger: Logger) throws(PipelineError) {
    let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .cannotCreateDirectory(path: folder, reason: DocumentReader.reason(error))
    }
    do {
      store = try KnowledgeStore(path: databasePath)
    } catch {
      throw .store(error)
    }
    self.databasePath = databasePath
    self.logger = logger
    self.reader = DocumentReader(logger: logger)
  }

  /// Stores every document found under `paths`.
  ///
  /// Inputs are read and converted on every core, a batch at a time, and each batch is written in one
  /// transaction in input order: a killed run leaves whole batches stored and nothing half-written, and the
  /// store is the same as after reading the inputs one by one. While a batch is written, the next one is
  /// converted. Unchanged documents (same content hash as stored when the run started) are not converted or
  /// written again. Bad inputs become `failed` entries and the run goes on.
  ///
  /// - Parameters:
  ///   - paths: files, directories (read recursively) and `-` for standard input.
  ///   - stdinName: the source recorded for standard input.
  ///   - progress: called before each input's documents are written.
  /// - Throws: `PipelineError.store` only when the database itself fails (locked, full, read-only).
  public func ingest(
    _ paths: [String], stdinName: String = "-", progress: (IngestProgress) -> Void = { _ in }
  ) throws(PipelineError) -> IngestReport {
    var report = IngestReport()
    let items = InputCollector().collect(paths)
    let batchSize = 16 * max(1, ProcessInfo.processInfo.activeProcessorCount)
    let batches = stride(from: 0, to: items.count, by: batchSize).map { start in
      (start: start, items: Array(items[start..<min(items.count, start + batchSize)]))
    }
    // Conversion checks hashes against this snapshot, not the database, so that it never waits for a write.
    let storedHashes = try storeCall { () throws(StoreError) in try store.storedHashes() }
    var converting = batches.first.map { convert($0.items, stdinName: stdinName, storedHashes: storedHashes) }
    // Nothing converted in the background outlives the call, whatever is thrown.
    defer { _ = converting?.wait() }
    for (number, batch) in batches.enumerated() {
      guard let prepared = converting?.wait() else { break }
      converting =
        number + 1 < batches.count
        ? convert(batches[number + 1].items, stdinName: stdinName, storedHashes: storedHashes) : nil
      var toSave: [Document] = []
      var pending: [(entry: IngestEntry, document: Int?)] = []
      for (index, item) in batch.items.enumerated() {
        progress(IngestProgress(done: batch.start + index, total: items.count, current: item.path))
        switch item.status {
        case .skipped(let reason):
          pending.append((IngestEntry(origin: item.path, outcome: .skipped, reason: reason), nil))
        case .failed(let error):
          pending.append(
            (
              IngestEntry(
                origin: item.path, outcome: .failed, reason: error.description,
                isMissingInput: error.isMissingInput), nil
            ))
        case .ready:
          for result in try (prepared[index] ?? .success([])).get() {
            switch result {
            case .done(let entry):
              pending.append((entry, nil))
            case .convert(let document, let path):
              pending.append(
                (
                  IngestEntry(
                    origin: path, source: document.source, title: document.title, outcome: .added,
                    warnings: document.warnings, sentences: document.sentences.count), toSave.count
                ))
              toSave.append(document)
            }
          }
        }
      }
      let outcomes = try storeCall { () throws(StoreError) in try store.save(toSave) }
      for (entry, document) in pending {
        var entry = entry
        if let document {
          entry.outcome = outcomes[document].ingestOutcome
          logger.debug(
            "stored document",
            metadata: ["document.source": "\(toSave[document].source)", "sentences.count": "\(entry.sentences)"])
        }
        report.entries.append(entry)
      }
    }
    logger.info(
      "ingest finished",
      metadata: [
        "documents.added": "\(report.count(.added))", "documents.changed": "\(report.count(.changed))",
        "documents.unchanged": "\(report.count(.unchanged))", "documents.failed": "\(report.count(.failed))",
      ])
    return report
  }

  /// One document of an input after reading: finished (unchanged, failed or skipped) or ready to store.
  enum PreparedDocument: Sendable {
    case done(IngestEntry)
    case convert(Document, path: String)
  }

  /// Starts reading and converting `batch` on every core, in the background: one result per input, nil for
  /// those not ready to be read.
  private func convert(
    _ batch: [InputItem], stdinName: String, storedHashes: [String: String]
  ) -> BackgroundWork<[Result<[PreparedDocument], PipelineError>?]> {
    BackgroundWork {
      let prepared = OrderedResults<Result<[PreparedDocument], PipelineError>>(count: batch.count)
      DispatchQueue.concurrentPerform(iterations: batch.count) { index in
        guard case .ready = batch[index].status else { return }
        prepared.store(
          self.prepareFile(batch[index].path, stdinName: stdinName, storedHashes: storedHashes), at: index)
      }
      return batch.indices.map { prepared.takeIfStored($0) }
    }
  }

  /// Reads and converts one file (or standard input); safe to run on several threads at once.
  private func prepareFile(
    _ path: String, stdinName: String, storedHashes: [String: String]
  ) -> Result<[PreparedDocument], PipelineError> {
    let sources: [SourceDocument]
    do {
      let data = try reader.readInput(path)
      sources = try reader.sourceDocuments(in: data, path: path, stdinName: stdinName)
    } catch {
      return .success([.done(failure(path, error))])
    }
    var results: [PreparedDocument] = []
    for source in sources {
      let hash = ContentHash.of(source)
      if storedHashes[source.source] == hash {
        results.append(
          .done(IngestEntry(origin: path, source: source.source, title: source.title, outcome: .unchanged)))
        continue
      }
      let document: Document
      do {
        document = try reader.convert(source, contentHash: hash)
      } catch {
        var entry = failure(path, error)
        entry.source = source.source
        results.append(.done(entry))
        continue
      }
      if document.blocks.isEmpty {
        results.append(
          .done(
            IngestEntry(
              origin: path, source: source.source, title: document.title, outcome: .skipped,
              reason: "no text found", warnings: document.warnings)))
        continue
      }
      results.append(.convert(document, path: path))
    }
    return .success(results)
  }

  /// Runs a store operation, turning its error into `PipelineError.store`.
  func storeCall<T>(_ body: () throws(StoreError) -> T) throws(PipelineError) -> T {
    do {
      return try body()
    } catch {
      throw .store(error)
    }
  }

  private func failure(_ path: String, _ error: PipelineError) -> IngestEntry {
    IngestEntry(origin: path, outcome: .failed, reason: error.description, isMissingInput: error.exitCode == 66)
  }

  /// Full-text search over stored sentences; see `KnowledgeStore.search`.
  public func search(
    _ query: String, limit: Int = 20, highlight: (open: String, close: String) = ("[", "]")
  ) throws(PipelineError) -> [SearchHit] {
    return try storeCall { () throws(StoreError) in try store.search(query, limit: limit, highlight: highlight) }
  }

  /// Counts of what the store holds.
  public func statistics() throws(PipelineError) -> StoreStatistics {
    return try storeCall { () throws(StoreError) in try store.statistics() }
  }

  /// Every stored document, sorted by source.
  public func documents() throws(PipelineError) -> [DocumentSummary] {
    return try storeCall { () throws(StoreError) in try store.documents() }
  }

  /// Loads one stored document with its blocks and sentences.
  public func document(source: String) throws(PipelineError) -> Document? {
    return try storeCall { () throws(StoreError) in try store.document(source: source) }
  }

  /// Removes a document by source; returns whether one was stored.
  public func remove(source: String) throws(PipelineError) -> Bool {
    return try storeCall { () throws(StoreError) in try store.remove(source: source) }
  }

  /// Removes the stored documents an ingest did not meet, so that the store holds what a build's inputs hold.
  ///
  /// A document stays when the report names its source, or when it was read from an input that failed this
  /// time (a file that could not be read or parsed, a folder that is missing, and everything under it): a
  /// failure never costs what was stored. The removals are one transaction.
  ///
  /// - Returns: the sources removed, sorted.
  public func removeDocuments(notIn report: IngestReport) throws(PipelineError) -> [String] {
    let met = Set(report.entries.compactMap(\.source))
    let failedOrigins = report.entries.filter { $0.outcome == .failed }.map(\.origin)
    func underFailedInput(_ origin: String) -> Bool {
      failedOrigins.contains { failed in
        origin == failed || origin.hasPrefix(failed.hasSuffix("/") ? failed : failed + "/")
      }
    }
    let absent = try documents().filter { !met.contains($0.source) && !underFailedInput($0.origin) }.map(\.source)
    return try storeCall { () throws(StoreError) in try store.remove(sources: absent) }.sorted()
  }

  /// Replaces the stored concept graph (concepts, aliases, every mention) in one transaction.
  func storeGraph(_ graph: ConceptGraph, fingerprint: String? = nil) throws(PipelineError) {
    _ = try storeCall { () throws(StoreError) in
      try store.replaceGraph(graph, fingerprint: fingerprint, surfaceKey: GraphQuestions.normalise)
    }
  }

  /// The stored mentions of a concept, sorted by document then offset.
  public func mentions(ofConcept id: ConceptID) throws(PipelineError) -> [Mention] {
    return try storeCall { () throws(StoreError) in try store.mentions(ofConcept: id) }
  }

  /// Runs SQLite's integrity check; `["ok"]` when the file is sound.
  public func integrityCheck() throws(PipelineError) -> [String] {
    return try storeCall { () throws(StoreError) in try store.integrityCheck() }
  }
}

extension SaveOutcome {
  var ingestOutcome: IngestEntry.Outcome {
    switch self {
    case .added: .added
    case .changed: .changed
    case .unchanged: .unchanged
    }
  }
}
