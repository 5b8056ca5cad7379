import CNKBModel
import Foundation
import Ink

/// Reads a Markdown file: front matter for the metadata, Ink for the HTML.
///
/// Front matter (YAML between `---` lines or TOML between `+++` lines at the very top) gives `title`,
/// `date`, `updated` (or `lastmod`) and `author` (or `authors`); other keys are ignored. The body is
/// rendered to HTML with Ink after `InkCompatibility` has removed the inputs Ink mishandles. The title falls
/// back to the first `#` heading.
public struct MarkdownReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Reads one Markdown document.
  ///
  /// - Parameters:
  ///   - text: the decoded Markdown (see `TextDecoder`).
  ///   - path: the file path (or `-`): the document's source and origin.
  /// - Returns: a document whose content is the rendered HTML (UTF-8).
  public func read(_ text: String, path: String) -> SourceDocument {
    let frontMatter = FrontMatter(splitting: text)
    let body = frontMatter?.body ?? Substring(text)
    let values = frontMatter?.values ?? [:]
    let markdown = MarkdownParser().parse(InkCompatibility.prepare(TemplateSyntax.strip(body)))
    let headingTitle = markdown.title.map { HTMLEntities.collapsingWhiteSpace(HTMLEntities.decode($0)) }
    return SourceDocument(
      source: path,
      origin: path,
      title: Self.value(values, "title") ?? headingTitle.flatMap { $0.isEmpty ? nil : $0 },
      date: Self.value(values, "date", "published", "pubdate"),
      updated: Self.value(values, "updated", "lastmod", "last_modified", "modified"),
      author: Self.value(values, "author", "authors"),
      format: .markdown,
      content: .html(Data(markdown.html.utf8), encoding: "UTF-8"))
  }

  /// The first non-empty value among the keys, white space collapsed.
  static func value(_ values: [String: String], _ keys: String...) -> String? {
    for key in keys {
      if let value = values[key].map(HTMLEntities.collapsingWhiteSpace), !value.isEmpty { return value }
    }
    return nil
  }
}
