/// Why an input could not be found, read or recognised.
///
/// Every case carries the path (or `-` for standard input) so the message can name it the way a compiler
/// names a file: `path: error: what is wrong (what to do)`.
public enum SourceError: Error, CustomStringConvertible, Equatable, Hashable, Sendable {
  /// Nothing exists at the path.
  case missingPath(String)
  /// The path exists but could not be read (permissions, a directory that cannot be listed, an I/O error).
  case unreadable(String, reason: String)
  /// The input is empty or holds only white space.
  case empty(String)
  /// The input is binary data, not text; the reason names what it looks like.
  case binary(String, reason: String)
  /// The input looked like the seed feed's tagless format but no post could be read from it.
  case malformedSeedFeed(String, reason: String)
  /// The input is text but not a kind of document cnkb reads (for example, an XML file that is no feed).
  case notADocument(String, reason: String)

  /// The formats cnkb reads, for the hint at the end of messages.
  static let readableFormats = "cnkb reads HTML, XHTML, Atom, RSS, Markdown, reStructuredText, AsciiDoc and plain text"

  /// The path (or `-`) the error is about.
  public var path: String {
    switch self {
    case .missingPath(let path), .empty(let path): path
    case .unreadable(let path, _), .binary(let path, _), .malformedSeedFeed(let path, _),
      .notADocument(let path, _):
      path
    }
  }

  /// Whether the input is missing, rather than present but bad (command lines exit with 66 rather than 65).
  public var isMissingInput: Bool {
    switch self {
    case .missingPath, .unreadable: true
    case .empty, .binary, .malformedSeedFeed, .notADocument: false
    }
  }

  /// The same error naming another path (used to show standard input under the name the user chose).
  public func renamed(to path: String) -> SourceError {
    switch self {
    case .missingPath: .missingPath(path)
    case .unreadable(_, let reason): .unreadable(path, reason: reason)
    case .empty: .empty(path)
    case .binary(_, let reason): .binary(path, reason: reason)
    case .malformedSeedFeed(_, let reason): .malformedSeedFeed(path, reason: reason)
    case .notADocument(_, let reason): .notADocument(path, reason: reason)
    }
  }

  /// The message a user sees, in the shape `path: error: what is wrong (what to do)`.
  public var description: String {
    switch self {
    case .missingPath(let path):
      "\(path): error: no such file or directory (check the path)"
    case .unreadable(let path, let reason):
      "\(path): error: cannot read: \(reason) (check that the file exists and is readable)"
    case .empty(let path):
      "\(path): error: empty input, nothing to read (give a file with text in it)"
    case .binary(let path, let reason):
      "\(path): error: binary file, \(reason) (\(Self.readableFormats))"
    case .malformedSeedFeed(let path, let reason):
      "\(path): error: malformed seed feed: \(reason) (each post starts with <![CDATA[title]]>, "
        + "its URL and an ISO 8601 timestamp)"
    case .notADocument(let path, let reason):
      "\(path): error: not a document: \(reason) (\(Self.readableFormats))"
    }
  }
}
