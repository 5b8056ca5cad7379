import CNKBModel
import Foundation

/// A feed's title and its entries as source documents.
public struct Feed: Sendable, Hashable {
  /// The feed's own title.
  public var title: String?
  /// `.atom` or `.rss`.
  public var format: DocumentFormat
  /// One source document per entry, in feed order, with HTML content.
  public var entries: [SourceDocument]

  /// Creates a feed.
  public init(title: String?, format: DocumentFormat, entries: [SourceDocument]) {
    self.title = title
    self.format = format
    self.entries = entries
  }
}

/// Reads Atom and RSS 2.0 feeds: one source document per entry, with its title, link, dates, author and
/// HTML content.
///
/// The XML parser never fetches anything and never substitutes entities: an external entity is not read,
/// and an entity bomb is not expanded (entity references are skipped when text is read).
public struct FeedReader: Sendable {
  private static let atomNamespace = "http://www.w3.org/2005/Atom"

  /// Creates a reader.
  public init() {}

  /// Reads a feed.
  ///
  /// - Parameters:
  ///   - data: the feed's bytes.
  ///   - origin: the file it came from (used in errors and for entries without a link).
  /// - Throws: `MarkupError.malformedFeed` with libxml2's line and message, `.notAFeed`, or `.emptyFeed`.
  public func read(_ data: Data, origin: String) throws(MarkupError) -> Feed {
    let tree: XMLTree
    switch XMLTree.xml(data) {
    case .success(let parsed): tree = parsed
    case .failure(let failure): throw .malformedFeed(source: origin, line: failure.line, message: failure.message)
    }
    guard let root = tree.root else { throw .malformedFeed(source: origin, line: 0, message: "no root element") }
    let feed: Feed
    switch root.name {
    case "feed": feed = readAtom(root, origin: origin)
    case "rss", "RDF": feed = readRSS(root, origin: origin)
    default: throw .notAFeed(source: origin, root: root.name)
    }
    if feed.entries.isEmpty { throw .emptyFeed(source: origin) }
    return feed
  }

  // MARK: - Atom

  private func readAtom(_ root: XMLNode, origin: String) -> Feed {
    let children = root.elementChildren
    let feedTitle = children.first { $0.name == "title" }.map { clean($0.text) }
    var entries: [SourceDocument] = []
    for (index, entry) in children.filter({ $0.name == "entry" }).enumerated() {
      let fields = entry.elementChildren
      func first(_ name: String) -> XMLNode? { fields.first { $0.name == name } }
      let links = fields.filter { $0.name == "link" }
      let link = (links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first)?.attribute("href")
      let id = first("id").map { clean($0.text) }
      let body = first("content") ?? first("summary")
      let source = nonEmpty(link) ?? nonEmpty(id) ?? "\(origin)#entry-\(index + 1)"
      entries.append(
        SourceDocument(
          source: source, origin: origin, title: first("title").map { clean($0.text) },
          date: nonEmpty((first("published") ?? first("updated")).map { clean($0.text) }),
          updated: nonEmpty(first("updated").map { clean($0.text) }),
          author: nonEmpty(first("author")?.elementChildren.first { $0.name == "name" }.map { clean($0.text) }),
          format: .atom, content: .html(Data(html(ofAtomContent: body).utf8), encoding: "UTF-8")))
    }
    return Feed(title: feedTitle, format: .atom, entries: entries)
  }

  /// The HTML of an Atom `content` or `summary` element, by its `type`.
  private func html(ofAtomContent node: XMLNode?) -> String {
    guard let node else { return "" }
    switch node.attribute("type") ?? "text" {
    case "xhtml":
      let inner = node.elementChildren.first { $0.name == "div" } ?? node
      return inner.elementChildren.isEmpty ? escape(inner.text) : inner.markup
    case "html", "text/html":
      return node.text
    default:
      return "<p>" + escape(node.text) + "</p>"
    }
  }

  // MARK: - RSS

  private func readRSS(_ root: XMLNode, origin: String) -> Feed {
    let channel = root.elementChildren.first { $0.name == "channel" } ?? root
    let feedTitle = channel.elementChildren.first { $0.name == "title" }.map { clean($0.text) }
    // RSS 1.0 (RDF) keeps items beside the channel; RSS 2.0 inside it.
    let items = (channel.elementChildren + (root.name == "RDF" ? root.elementChildren : [])).filter {
      $0.name == "item"
    }
    var entries: [SourceDocument] = []
    for (index, item) in items.enumerated() {
      let fields = item.elementChildren
      func first(_ name: String, namespace: String? = nil) -> XMLNode? {
        fields.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
      }
      let link = nonEmpty(first("link").map { clean($0.text) }) ?? nonEmpty(first("guid").map { clean($0.text) })
      let encoded = fields.first { $0.name == "encoded" }
      let body = encoded ?? first("description")
      let date = nonEmpty(first("pubDate").map { clean($0.text) }) ?? nonEmpty(first("date").map { clean($0.text) })
      let author = nonEmpty(first("creator").map { clean($0.text) }) ?? nonEmpty(first("author").map { clean($0.text) })
      entries.append(
        SourceDocument(
          source: link ?? "\(origin)#item-\(index + 1)", origin: origin, title: first("title").map { clean($0.text) },
          date: date.map(Self.iso8601), author: author, format: .rss,
          content: .html(Data((body?.text ?? "").utf8), encoding: "UTF-8")))
    }
    return Feed(title: feedTitle, format: .rss, entries: entries)
  }

  /// Converts an RFC 822 date (`Tue, 13 Sep 2016 07:50:15 -0500`) to ISO 8601 with the same offset
  /// (`2016-09-13T07:50:15-05:00`); other text is returned unchanged.
  static func iso8601(_ rfc822: String) -> String {
    let parts = rfc822.split(separator: " ").map(String.init)
    let zones: [String: Int] = [
      "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420,
      "MDT": -360, "PST": -480, "PDT": -420,
    ]
    var offsetMinutes = 0
    if let zone = parts.last {
      if let named = zones[zone.uppercased()] {
        offsetMinutes = named
      } else if zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
        let value = Int(zone.dropFirst()), value >= 0
      {
        // No place on Earth is more than 14 hours from UTC; an offset beyond that, or with 60 minutes or more,
        // is no date (and Foundation's formatter stops the process on offsets past 15 hours).
        guard value % 100 < 60, value / 100 * 60 + value % 100 <= 14 * 60 else { return rfc822 }
        offsetMinutes = (value / 100 * 60 + value % 100) * (sign == "-" ? -1 : 1)
      }
    }
    let parser = DateFormatter()
    parser.locale = Locale(identifier: "en_US_POSIX")
    parser.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
    let body = parts.dropLast().joined(separator: " ")
    for format in ["EEE, d MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm:ss", "EEE, d MMM yyyy HH:mm", "d MMM yyyy HH:mm"] {
      parser.dateFormat = format
      if let date = parser.date(from: body) {
        let writer = DateFormatter()
        writer.locale = Locale(identifier: "en_US_POSIX")
        writer.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
        writer.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxxxx"
        return writer.string(from: date)
      }
    }
    return rfc822
  }

  // MARK: - Helpers

  private func clean(_ text: String) -> String { HTMLTextConverter.normalizeSpaces(text) }

  private func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
