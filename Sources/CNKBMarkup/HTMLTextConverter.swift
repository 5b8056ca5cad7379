import CNKBModel
import Foundation

/// Converts an HTML page into structured text: blocks with their role, and the inline marks that signal
/// terms.
///
/// Parsing is libxml2's HTML parser, recovering from broken markup without touching the network. The main
/// content is `main` (or `role="main"`) when the page has one, else its `article` elements, else the body;
/// navigation, page headers and footers, asides, scripts, styles, SVG, forms and hidden elements are dropped,
/// and, outside main content, containers whose class or id names them as furniture ("navheader", "sidebar").
/// The tree is walked with an explicit stack, so nesting depth cannot exhaust the call stack.
public struct HTMLTextConverter: Sendable {
  /// Creates a converter.
  public init() {}

  /// Converts one page.
  ///
  /// - Parameters:
  ///   - html: the page's bytes, in any encoding the page declares (UTF-8 by default).
  ///   - source: the page's name, used in errors.
  ///   - encoding: an encoding known from outside the page (a feed, an HTTP header); a BOM still wins.
  /// - Returns: the page's title and blocks, with warnings such as replaced bytes.
  /// - Throws: `MarkupError.emptyDocument` when the input has no content at all.
  public func convert(_ html: Data, source: String, encoding: String? = nil) throws(MarkupError) -> StructuredText {
    guard html.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C) }) else {
      throw .emptyDocument(source: source)
    }
    var decoded = EncodingDetector.decode(html, declared: encoding)
    // libxml2's HTML parser stops at a NUL byte and silently drops the rest of the page: take them out.
    let nulCount = Self.removeNULs(&decoded.utf8)
    if nulCount > 0 { decoded.warnings.append("\(nulCount) NUL byte\(nulCount == 1 ? "" : "s") removed") }
    guard let (tree, truncated) = XMLTree.html(decoded.utf8), let root = tree.root else {
      throw .unparsable(source: source)
    }
    var walker = BlockWalker()
    let (contentRoots, insideContent) = Self.contentRoots(of: root)
    for node in contentRoots { walker.walk(node, insideMainContent: insideContent) }
    walker.finish()
    var warnings = decoded.warnings
    if truncated {
      warnings.append("elements nested deeper than libxml2's limit (256 levels) were cut, with their text")
    }
    if walker.blocks.isEmpty { warnings.append("no text found in the page") }
    let title = Self.title(of: root) ?? walker.blocks.first { $0.kind == .heading && $0.level == 1 }?.text
    return StructuredText(title: title, blocks: walker.blocks, warnings: warnings)
  }

  /// The elements whose content is the page's main text, and whether they are main content (inside them,
  /// headers, footers and asides are kept).
  static func contentRoots(of root: XMLNode) -> ([XMLNode], Bool) {
    var main: XMLNode?
    var articles: [XMLNode] = []
    var body: XMLNode?
    var stack: [(XMLNode, Bool)] = [(root, false)]
    while let (node, insideArticle) = stack.popLast() {
      guard node.kind == .element else { continue }
      let name = node.name
      if Tag.dropped.contains(name) { continue }
      if name == "main" || node.attribute("role") == "main" {
        if main == nil { main = node }
        continue
      }
      if name == "body" && body == nil { body = node }
      var nowInArticle = insideArticle
      if name == "article" && !insideArticle {
        articles.append(node)
        nowInArticle = true
      }
      var child = node.lastChild
      while let current = child {
        if current.kind == .element { stack.append((current, nowInArticle)) }
        child = current.previous
      }
    }
    if let main { return ([main], true) }
    if !articles.isEmpty { return (articles, true) }
    return ([body ?? root], false)
  }

  /// Removes every NUL byte, returning how many there were (a fast scan with `memchr` when there are none).
  static func removeNULs(_ bytes: inout [UInt8]) -> Int {
    let hasNUL = bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false
    }
    guard hasNUL else { return 0 }
    let before = bytes.count
    bytes.removeAll { $0 == 0 }
    return before - bytes.count
  }

  /// The text of the page's `<title>`, normalised.
  static func title(of root: XMLNode) -> String? {
    var stack = [root]
    while let node = stack.popLast() {
      guard node.kind == .element else { continue }
      let name = node.name
      if name == "title" {
        let text = normalizeSpaces(node.text)
        return text.isEmpty ? nil : text
      }
      if name == "body" { continue }
      stack.append(contentsOf: node.elementChildren.reversed())
    }
    return nil
  }

  /// Collapses white space runs to one space and trims, removing literal CDATA markers.
  static func normalizeSpaces(_ text: String) -> String {
    var builder = TextBuilder(preserveSpaces: false)
    let bytes = Array(text.utf8)
    bytes.withUnsafeBufferPointer { builder.append($0) }
    return builder.finish()
  }
}

/// Element names by role.
enum Tag {
  /// Never read: their content is not prose.
  static let dropped: Set<String> = [
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "form",
    "button", "input", "select", "textarea", "option", "label", "head", "nav", "video", "audio", "map", "dialog",
  ]
  /// Page furniture, dropped outside the main content.
  static let furniture: Set<String> = ["header", "footer", "aside"]
  /// ARIA roles of page furniture.
  static let furnitureRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search"]
  /// Containers whose class or id may name them as furniture.
  static let namedContainers: Set<String> = ["div", "table", "ul", "ol", "section"]
  /// Words that name page furniture in a class or id: the navigation bars of documentation generators
  /// ("navheader" and "navfooter" in DocBook, "related" and "sphinxsidebar" in Sphinx, "hd" and "ft" in YUI
  /// layouts), breadcrumbs, sidebars, menus, page headers and footers.
  static let furnitureNames: Set<String> = [
    "nav", "navbar", "navheader", "navfooter", "navigation", "breadcrumb", "breadcrumbs", "sidebar",
    "sphinxsidebar", "related", "menu", "pagination", "pager", "masthead", "header", "footer", "hd", "ft",
  ]
  /// Words that may stand beside a furniture word in its name ("global-nav", "site-footer").
  static let placeNames: Set<String> = [
    "global", "site", "page", "top", "bottom", "main", "primary", "secondary", "left", "right", "wrapper", "bar",
  ]

  /// Whether an element's class or id names it as page furniture: one of its class names, or its id, is made
  /// of furniture and place words only (`class="navfooter"`, `id="global-nav"`, `class="site-header"`).
  ///
  /// A name with any other word is not furniture: ids are often slugs of the content's own title
  /// (`id="topics-pagination"` on a page about pagination).
  static func isNamedFurniture(_ node: XMLNode) -> Bool {
    guard namedContainers.contains(node.name) else { return false }
    var names: [Substring] = []
    if let classes = node.attribute("class") { names += classes.lowercased().split { $0 == " " || $0 == "\t" } }
    if let id = node.attribute("id") { names.append(Substring(id.lowercased())) }
    return names.contains { name in
      let words = name.split { $0 == "-" || $0 == "_" }.map(String.init)
      return words.contains(where: furnitureNames.contains)
        && words.allSatisfy { furnitureNames.contains($0) || placeNames.contains($0) }
    }
  }
  /// Elements that end the current block.
  static let blocks: Set<String> = [
    "p", "div", "section", "article", "main", "header", "footer", "aside", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    "figure", "figcaption", "blockquote", "pre", "br", "hr", "address", "details", "summary", "body", "html",
    "center", "fieldset", "legend", "menu", "hgroup", "picture",
  ]
}
