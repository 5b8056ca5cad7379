import Foundation

/// One document as read from its input, before conversion to structured text.
///
/// A file usually gives one `SourceDocument`; a feed gives one per entry.
public struct SourceDocument: Sendable, Hashable {
  /// The document's body in the form it was found.
  public enum Content: Sendable, Hashable {
    /// HTML bytes, with the encoding when the container declared one (a feed's entries are UTF-8).
    /// Markdown arrives here too, already rendered to HTML.
    case html(Data, encoding: String?)
    /// Plain text.
    case plainText(String)
  }

  /// The document's identity: its URL when it has one (feed entries, the seed's posts), else its path.
  public var source: String
  /// Where it was read from: a file path, or `-` for standard input.
  public var origin: String
  /// The title, when the input gives one.
  public var title: String?
  /// The publication date as the input gives it (ISO 8601 for feeds), when known.
  public var date: String?
  /// The last-update date, when the input gives one.
  public var updated: String?
  /// The author's name, when the input gives one.
  public var author: String?
  /// The input format.
  public var format: DocumentFormat
  /// The body.
  public var content: Content
  /// Problems met while reading the input (for example, bytes invalid in its encoding that were replaced).
  public var warnings: [String]

  /// Creates a source document.
  public init(
    source: String, origin: String, title: String? = nil, date: String? = nil, updated: String? = nil,
    author: String? = nil, format: DocumentFormat, content: Content, warnings: [String] = []
  ) {
    self.source = source
    self.origin = origin
    self.title = title
    self.date = date
    self.updated = updated
    self.author = author
    self.format = format
    self.content = content
    self.warnings = warnings
  }
}
