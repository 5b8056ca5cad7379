/// One sentence that matched a search, with its document's metadata.
public struct SearchHit: Sendable, Hashable, Codable {
  /// The document's source (URL or path).
  public var source: String
  /// The document's title, when known.
  public var title: String?
  /// The document's date, when known.
  public var date: String?
  /// The whole sentence.
  public var text: String
  /// A short excerpt of the sentence (about 16 tokens) with the matched tokens between the highlight markers
  /// and `…` where text was cut.
  public var snippet: String
  /// Start offset of the sentence in the document's text, in Unicode scalars.
  public var start: Int
  /// End offset (exclusive) of the sentence in the document's text, in Unicode scalars.
  public var end: Int
  /// The BM25 score as SQLite's FTS5 computes it: more negative means a better match.
  public var rank: Double

  /// Creates a hit.
  public init(
    source: String, title: String?, date: String?, text: String, snippet: String, start: Int, end: Int, rank: Double
  ) {
    self.source = source
    self.title = title
    self.date = date
    self.text = text
    self.snippet = snippet
    self.start = start
    self.end = end
    self.rank = rank
  }
}
