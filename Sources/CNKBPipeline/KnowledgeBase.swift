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

  /// Stores every document found under `paths`, one transaction per document.
  ///
  /// Unchanged documents (same content hash) are not converted or written again. Bad inputs become
  /// `failed` entries and the run goes on.
  ///
  /// - Parameters:
  ///   - paths: files, directories (read recursively) and `-` for standard input.
  ///   - stdinName: the source recorded for standard input.
  ///   - progress: called before each input is read.
  /// - Throws: `PipelineError.store` only when the database itself fails (locked, full, read-only).
  public func ingest(
    _ paths: [String], stdinName: String = "-", progress: (IngestProgress) -> Void = { _ in }
  ) throws(PipelineError) -> IngestReport {
    var report = IngestReport()
    let items = InputCollector().collect(paths)
    for (index, item) in items.enumerated() {
      progress(IngestProgress(done: index, total: items.count, current: item.path))
      switch item.status {
      case .skipped(let reason):
        report.entries.append(IngestEntry(origin: item.path, outcome: .skipped, reason: reason))
      case .failed(let error):
        report.entries.append(
          IngestEntry(
            origin: item.path, outcome: .failed, reason: error.description, isMissingInput: error.isMissingInput))
      case .ready:
        report.entries.append(contentsOf: try ingestFile(item.path, stdinName: stdinName))
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

  /// Ingests one file (or standard input), returning one entry per document it holds.
  private func ingestFile(_ path: String, stdinName: String) throws(PipelineError) -> [IngestEntry] {
    let sources: [SourceDocument]
    do {
      let data = try reader.readInput(path)
      sources = try reader.sourceDocuments(in: data, path: path, stdinName: stdinName)
    } catch {
      return [failure(path, error)]
    }
    var entries: [IngestEntry] = []
    for source in sources {
      let hash = ContentHash.of(source)
      do {
        if try store.storedHash(forSource: source.source) == hash {
          entries.append(IngestEntry(origin: path, source: source.source, title: source.title, outcome: .unchanged))
          continue
        }
      } catch {
        throw .store(error)
      }
      let document: Document
      do {
        document = try reader.convert(source, contentHash: hash)
      } catch {
        var entry = failure(path, error)
        entry.source = source.source
        entries.append(entry)
        continue
      }
      if document.blocks.isEmpty {
        entries.append(
          IngestEntry(
            origin: path, source: source.source, title: document.title, outcome: .skipped,
            reason: "no text found", warnings: document.warnings))
        continue
      }
      let outcome: SaveOutcome
      do {
        outcome = try store.save(document)
      } catch {
        throw .store(error)
      }
      logger.debug(
        "stored document",
        metadata: ["document.source": "\(document.source)", "sentences.count": "\(document.sentences.count)"])
      entries.append(
        IngestEntry(
          origin: path, source: document.source, title: document.title, outcome: outcome.ingestOutcome,
          warnings: document.warnings, sentences: document.sentences.count))
    }
    return entries
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

  /// Replaces the stored concept graph (concepts, aliases, every mention) in one transaction.
  func storeGraph(_ graph: ConceptGraph, fingerprint: String? = nil) throws(PipelineError) {
    _ = try storeCall { () throws(StoreError) in try store.replaceGraph(graph, fingerprint: fingerprint) }
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
