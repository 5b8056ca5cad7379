/// Counts of what a store holds.
public struct StoreStatistics: Sendable, Hashable, Codable {
  /// Stored documents.
  public var documents: Int
  /// Stored blocks, over all documents.
  public var blocks: Int
  /// Stored sentences, over all documents.
  public var sentences: Int
  /// Stored inline marks, over all blocks.
  public var marks: Int
  /// Distinct origins (input files, or `-`) the documents were read from.
  public var origins: Int
  /// Documents per input format, keyed by `DocumentFormat.rawValue`; formats with no document are absent.
  public var documentsPerFormat: [String: Int]
  /// Size of the database in bytes (pages × page size, the file's size once its log is checkpointed);
  /// nil for an in-memory store.
  public var fileSize: Int?
  /// The name of the newest schema migration applied to the file.
  public var schemaVersion: String
  /// Concepts in the stored graph (0 before the first `cnkb build`).
  public var concepts: Int = 0
  /// Mentions of those concepts.
  public var mentions: Int = 0
  /// Relations between them, typed and `related_to`.
  public var relations: Int = 0

  /// Creates statistics.
  public init(
    documents: Int, blocks: Int, sentences: Int, marks: Int, origins: Int, documentsPerFormat: [String: Int],
    fileSize: Int?, schemaVersion: String
  ) {
    self.documents = documents
    self.blocks = blocks
    self.sentences = sentences
    self.marks = marks
    self.origins = origins
    self.documentsPerFormat = documentsPerFormat
    self.fileSize = fileSize
    self.schemaVersion = schemaVersion
  }
}
