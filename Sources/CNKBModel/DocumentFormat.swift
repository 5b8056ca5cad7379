/// The kinds of input cnkb reads.
///
/// A feed file yields one document per entry; the entry keeps the feed's format.
public enum DocumentFormat: String, Sendable, Hashable, Codable, CaseIterable {
  /// An HTML page.
  case html
  /// An XHTML page (XML syntax, read with the HTML parser).
  case xhtml
  /// An Atom feed entry.
  case atom
  /// An RSS 2.0 feed item.
  case rss
  /// A post of a feed whose XML tags were lost (the founding corpus's shape).
  case seedFeed = "seed-feed"
  /// A Markdown file, with or without front matter.
  case markdown
  /// A reStructuredText file (Sphinx and Docutils documentation).
  case restructuredText = "rst"
  /// An AsciiDoc file (Antora sites and product manuals).
  case asciiDoc = "adoc"
  /// Plain text: paragraphs separated by blank lines.
  case text
}
