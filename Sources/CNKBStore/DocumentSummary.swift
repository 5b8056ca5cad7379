import CNKBModel

/// A stored document's metadata, without its text.
public struct DocumentSummary: Sendable, Hashable, Codable {
  /// The document's identity: URL when known, else path.
  public var source: String
  /// Where it was read from: a file path, or `-` for standard input.
  public var origin: String
  /// Title, when known.
  public var title: String?
  /// Publication date as given by the input, when known.
  public var date: String?
  /// Input format.
  public var format: DocumentFormat
  /// Hex SHA-256 of the document's raw content and metadata.
  public var contentHash: String
  /// Number of stored sentences.
  public var sentences: Int

  /// Creates a summary.
  public init(
    source: String, origin: String, title: String?, date: String?, format: DocumentFormat, contentHash: String,
    sentences: Int
  ) {
    self.source = source
    self.origin = origin
    self.title = title
    self.date = date
    self.format = format
    self.contentHash = contentHash
    self.sentences = sentences
  }
}
