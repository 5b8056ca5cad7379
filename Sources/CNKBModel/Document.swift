/// A sentence-sized unit of a document, located by character offsets.
///
/// Offsets count Unicode scalars in `Document.text`, so `text == Document.text[start..<end]`.
public struct Sentence: Sendable, Hashable, Codable {
  /// Index of the block the sentence belongs to, in `Document.blocks`.
  public var block: Int
  /// Start offset in the document's text.
  public var start: Int
  /// End offset (exclusive) in the document's text.
  public var end: Int
  /// The sentence's text.
  public var text: String

  /// Creates a sentence.
  public init(block: Int, start: Int, end: Int, text: String) {
    self.block = block
    self.start = start
    self.end = end
    self.text = text
  }

  /// The longest sentence, in characters, that is read for what it states (definitions, typed relations).
  ///
  /// Prose sentences stay far below it (the longest of 104 MB of manuals has about 600); a longer one is a run
  /// of text with no sentence end (a flattened table, a generated listing), and reading every mention in it
  /// against the words around it would cost the square of its length.
  public static let longestStatement = 4_000
}

/// A block placed in its document: the block plus where its text starts in `Document.text`.
public struct PlacedBlock: Sendable, Hashable, Codable {
  /// The block.
  public var block: TextBlock
  /// Start offset of the block's text in the document's text, in Unicode scalars.
  public var start: Int

  /// Creates a placed block.
  public init(block: TextBlock, start: Int) {
    self.block = block
    self.start = start
  }
}

/// A converted document: metadata, blocks, sentences and the full text they point into.
public struct Document: Sendable, Hashable, Codable {
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
  /// Hex SHA-256 of the document's raw content and metadata: equal hashes mean nothing to redo.
  public var contentHash: String
  /// The blocks' texts joined by a blank line (`"\n\n"`).
  public var text: String
  /// The blocks with their offsets into `text`.
  public var blocks: [PlacedBlock]
  /// Sentences, headings and list items, in order.
  public var sentences: [Sentence]
  /// Recoverable problems met while converting.
  public var warnings: [String]

  /// Creates a document.
  public init(
    source: String, origin: String, title: String?, date: String?, format: DocumentFormat,
    contentHash: String, text: String, blocks: [PlacedBlock], sentences: [Sentence], warnings: [String] = []
  ) {
    self.source = source
    self.origin = origin
    self.title = title
    self.date = date
    self.format = format
    self.contentHash = contentHash
    self.text = text
    self.blocks = blocks
    self.sentences = sentences
    self.warnings = warnings
  }
}
