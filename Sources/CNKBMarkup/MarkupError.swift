import Foundation

/// Why a page or feed could not be converted.
public enum MarkupError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The input is empty or only white space.
  case emptyDocument(source: String)
  /// libxml2 could not build any tree from the input.
  case unparsable(source: String)
  /// A feed is not well-formed XML; `line` and `message` come from libxml2.
  case malformedFeed(source: String, line: Int, message: String)
  /// The XML's root element is neither an Atom `feed` nor an RSS `rss`.
  case notAFeed(source: String, root: String)
  /// The feed has no entries.
  case emptyFeed(source: String)

  /// The message a user sees: `path: error: what (what to do)`.
  public var description: String {
    switch self {
    case .emptyDocument(let source):
      "\(source): error: empty document, nothing to convert (give a page with text in it)"
    case .unparsable(let source):
      "\(source): error: the HTML parser could not read this page (check that it is HTML)"
    case .malformedFeed(let source, let line, let message):
      "\(source):\(line): error: not a well-formed feed: \(message) (fix the markup or save the entries as HTML)"
    case .notAFeed(let source, let root):
      "\(source): error: XML root element '\(root)' is neither an Atom feed nor RSS (cnkb reads Atom and RSS 2.0)"
    case .emptyFeed(let source):
      "\(source): error: the feed has no entries (nothing to read)"
    }
  }
}
