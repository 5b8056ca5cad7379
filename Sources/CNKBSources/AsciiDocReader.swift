import CNKBModel
import Foundation

/// Reads an AsciiDoc file, the markup of Antora sites and many product manuals, as HTML for the page converter.
///
/// The document title and section titles (`=` to `======`) become headings, lists and description lists
/// (`term:: text`) keep their structure, admonitions (`NOTE: …`, `[NOTE]` blocks), examples, sidebars and quotes
/// keep their text, listing and literal blocks are code, and tables are cells. Attribute entries
/// (`:name: value`) are substituted where `{name}` is written. Comments, includes, conditionals' directive
/// lines, images and passthrough blocks are dropped. It reads what documentation pages are written with, not
/// the whole of Asciidoctor: a block attached to a list item with `+` follows the list instead.
public struct AsciiDocReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Reads one AsciiDoc document.
  ///
  /// - Parameters:
  ///   - text: the decoded text (see `TextDecoder`).
  ///   - path: the file path (or `-`): the document's source and origin.
  /// - Returns: a document whose content is the rendered HTML (UTF-8); its title is the document title (`= …`),
  ///   else the first section title.
  public func read(_ text: String, path: String) -> SourceDocument {
    var renderer = AsciiDocRenderer()
    let html = renderer.render(text)
    return SourceDocument(
      source: path, origin: path, title: renderer.title, format: .asciiDoc,
      content: .html(Data(html.utf8), encoding: "UTF-8"))
  }
}

/// Turns AsciiDoc into HTML, block by block.
struct AsciiDocRenderer {
  /// The document title, or the first section title.
  private(set) var title: String?
  private var output = ""
  private var attributes: [String: String] = [:]
  /// The style of the block attribute line just read (`[source]`, `[NOTE]`), for the next block.
  private var pendingStyle: String?
  private var lines: [Substring] = []

  /// Admonition labels, as paragraph prefixes (`NOTE: `) and block styles (`[NOTE]`).
  static let admonitions: Set<String> = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]
  /// Directive lines whose content, if any, lives elsewhere or around them.
  static let skippedDirectives = [
    "include::", "ifdef::", "ifndef::", "ifeval::", "endif::", "image::", "toc::",
    "video::", "audio::",
  ]

  /// Renders a whole document.
  mutating func render(_ text: String) -> String {
    lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line in
      var end = line.endIndex
      while end > line.startIndex, line[line.index(before: end)].isWhitespace { end = line.index(before: end) }
      return line[..<end]
    }
    output = "<html><body>\n"
    var index = 0
    while index < lines.count { index = block(at: index) }
    output += "</body></html>\n"
    return output
  }

  // MARK: - Blocks

  /// Renders the block starting at `index` (or skips a line) and returns the index after it.
  private mutating func block(at index: Int) -> Int {
    let line = lines[index]
    if line.isEmpty || line == "+" { return index + 1 }
    // Comments: a line, or a block between "////" lines.
    if line.hasPrefix("////") && line.allSatisfy({ $0 == "/" }) { return closing(line, after: index) + 1 }
    if line.hasPrefix("//") { return index + 1 }
    if Self.skippedDirectives.contains(where: line.hasPrefix) || line == "<<<" || line == "'''" { return index + 1 }
    // An attribute entry: ":name: value", ":name!:" to unset.
    if let (name, value) = Self.attributeEntry(line) {
      if let value { attributes[name] = value } else { attributes[name] = nil }
      return index + 1
    }
    // A block attribute line ("[source,yaml]", "[NOTE]") or an anchor ("[[id]]") describes the next block.
    if line.hasPrefix("["), line.hasSuffix("]"), !line.hasPrefix("[[") || line.hasSuffix("]]") {
      if !line.hasPrefix("[[") {
        pendingStyle = line.dropFirst().prefix { $0 != "," && $0 != "]" && $0 != "#" && $0 != "." }
          .trimmingCharacters(in: .whitespaces)
      }
      return index + 1
    }
    // A block title (".Title") captions the next block.
    if line.hasPrefix("."), line.count > 1, let second = line.dropFirst().first, second != ".", second != " " {
      output += "<p><strong>\(inline(line.dropFirst()))</strong></p>\n"
      return index + 1
    }
    let style = pendingStyle
    pendingStyle = nil
    if let level = Self.sectionLevel(line) {
      let text = line.drop { $0 == "=" || $0 == "#" }.trimmingCharacters(in: .whitespaces)
      let rendered = inline(Substring(text))
      if title == nil {
        let plain = HTMLEntities.collapsingWhiteSpace(
          HTMLEntities.decode(RestructuredTextRenderer.strippingTags(rendered)))
        if !plain.isEmpty { title = plain }
      }
      output += "<h\(level)>\(rendered)</h\(level)>\n"
      return index + 1
    }
    if let delimiter = Self.delimiter(line) { return delimited(at: index, delimiter: delimiter, style: style) }
    if Self.listMarker(line) != nil { return list(at: index) }
    if Self.descriptionTerm(line) != nil { return descriptionList(at: index) }
    // An indented paragraph is literal text.
    if line.first == " " || line.first == "\t" {
      var end = index
      while end < lines.count, !lines[end].isEmpty { end += 1 }
      code(lines[index..<end])
      return end
    }
    return paragraph(at: index, style: style)
  }

  /// A paragraph: lines up to a blank line or a line that starts a block of its own.
  private mutating func paragraph(at index: Int, style: String?) -> Int {
    var end = index + 1
    while end < lines.count, !lines[end].isEmpty, lines[end] != "+", Self.delimiter(lines[end]) == nil,
      Self.listMarker(lines[end]) == nil, !lines[end].hasPrefix("//")
    {
      end += 1
    }
    var text = lines[index..<end].joined(separator: " ")[...]
    // "NOTE: The port …": the label is no part of the sentence.
    if let colon = text.firstIndex(of: ":"), Self.admonitions.contains(String(text[..<colon])),
      text[text.index(after: colon)...].first == " "
    {
      text = text[text.index(colon, offsetBy: 2)...]
    }
    if style == "source" || style == "listing" || style == "literal" {
      code(lines[index..<end])
    } else if !text.isEmpty {
      output += "<p>\(inline(text))</p>\n"
    }
    return end
  }

  /// A delimited block: listing (`----`) and literal (`....`) blocks are code; example (`====`), sidebar
  /// (`****`), open (`--`) and quote (`____`) blocks are read inside; passthrough (`++++`) and comment blocks
  /// are dropped; a table (`|===`) becomes cells.
  private mutating func delimited(at index: Int, delimiter: Character, style: String?) -> Int {
    let end = closing(lines[index], after: index)
    let body = lines[(index + 1)..<min(end, lines.count)]
    switch delimiter {
    case "-" where lines[index] != "--", ".":
      if style != "comment" { code(body) }
    case "+", "/":
      break
    case "|":
      table(body)
    default:
      if style == "comment" || style == "pass" { break }
      let tag = delimiter == "_" || style == "quote" || style == "verse" ? "blockquote" : "div"
      output += "<\(tag)>\n"
      var inner = index + 1
      while inner < min(end, lines.count) { inner = block(at: inner) }
      output += "</\(tag)>\n"
    }
    return min(end + 1, lines.count)
  }

  /// The index of the line that closes the delimited block opened at `index` (the same line again), or the end.
  private func closing(_ delimiter: Substring, after index: Int) -> Int {
    var end = index + 1
    while end < lines.count, lines[end] != delimiter { end += 1 }
    return end
  }

  private mutating func code(_ body: ArraySlice<Substring>) {
    let text = body.joined(separator: "\n").trimmingCharacters(in: .newlines)
    guard !text.isEmpty else { return }
    output += "<pre><code>\(RestructuredTextInline.escaped(substituted(text)))</code></pre>\n"
  }

  /// List items (`* item`, `** nested`, `- item`, `. step`, `1. step`), nesting by the marker's depth.
  private mutating func list(at index: Int) -> Int {
    var current = index
    var open: [(depth: Int, ordered: Bool)] = []
    while current < lines.count, let (depth, ordered, textStart) = Self.listMarker(lines[current]) {
      while let last = open.last, last.depth > depth || (last.depth == depth && last.ordered != ordered) {
        output += last.ordered ? "</li></ol>\n" : "</li></ul>\n"
        open.removeLast()
      }
      if let last = open.last, last.depth == depth {
        output += "</li>\n"
      } else {
        output += ordered ? "<ol>\n" : "<ul>\n"
        open.append((depth, ordered))
      }
      // The item's text runs on over the lines that start no block of their own.
      var end = current + 1
      while end < lines.count, !lines[end].isEmpty, lines[end] != "+", Self.listMarker(lines[end]) == nil,
        Self.delimiter(lines[end]) == nil
      {
        end += 1
      }
      let text = ([lines[current][textStart...]] + lines[(current + 1)..<end]).joined(separator: " ")
      output +=
        "<li>\(inline(Substring(text.hasPrefix("[ ] ") || text.hasPrefix("[x] ") ? text.dropFirst(4) : text[...])))"
      current = attachedBlocks(from: end)
      // Blank lines between items keep the list going.
      var next = current
      while next < lines.count, lines[next].isEmpty { next += 1 }
      if next < lines.count, Self.listMarker(lines[next]) != nil { current = next } else { break }
    }
    while let last = open.popLast() { output += last.ordered ? "</li></ol>\n" : "</li></ul>\n" }
    return current
  }

  /// Renders the blocks a list continuation attaches to the item just written.
  ///
  /// Each line holding only `+` brings the block after it (a paragraph, a delimited block, a table) into the
  /// item. Returns the index after the last attached block, or `index` when none is attached. A list marker
  /// after `+` is not attached: it goes on with the list, so a long list never nests deeper.
  private mutating func attachedBlocks(from index: Int) -> Int {
    var current = index
    while current + 1 < lines.count, lines[current] == "+", !lines[current + 1].isEmpty,
      Self.listMarker(lines[current + 1]) == nil, Self.descriptionTerm(lines[current + 1]) == nil
    {
      output += "\n"
      current = block(at: current + 1)
    }
    return current
  }

  /// Description list items: `term:: text`, or `term::` with the text on the lines below.
  private mutating func descriptionList(at index: Int) -> Int {
    var current = index
    output += "<dl>\n"
    while current < lines.count, let (term, rest) = Self.descriptionTerm(lines[current]) {
      output += "<dt>\(inline(term))</dt>\n"
      var end = current + 1
      var text = [rest].filter { !$0.isEmpty }
      // The description goes on below the term, up to a blank line or the next term.
      if rest.isEmpty { while end < lines.count, lines[end].isEmpty { end += 1 } }
      while end < lines.count, !lines[end].isEmpty, lines[end] != "+", Self.descriptionTerm(lines[end]) == nil,
        Self.delimiter(lines[end]) == nil
      {
        text.append(lines[end].drop { $0 == " " || $0 == "\t" })
        end += 1
      }
      let joined = text.joined(separator: " ")
      output +=
        "<dd>\(Self.listMarker(Substring(joined)) == nil ? "<p>\(inline(Substring(joined)))</p>" : inline(Substring(joined)))"
      current = attachedBlocks(from: end)
      output += "</dd>\n"
      var next = current
      while next < lines.count, lines[next].isEmpty { next += 1 }
      if next < lines.count, Self.descriptionTerm(lines[next]) != nil { current = next } else { break }
    }
    output += "</dl>\n"
    return current
  }

  /// A table's body: cells start at each `|`; the number of cells on the first row gives the columns, and a
  /// first row followed by a blank line is the header.
  private mutating func table(_ body: ArraySlice<Substring>) {
    var rows: [[String]] = []
    var columns = 0
    var cells: [String] = []
    var headerRows = 0
    for (offset, line) in body.enumerated() {
      if line.isEmpty {
        if offset > 0, rows.isEmpty, !cells.isEmpty {
          columns = cells.count
          rows.append(cells)
          cells = []
          headerRows = 1
        }
        continue
      }
      let pieces = line.split(separator: "|", omittingEmptySubsequences: false)
      if line.hasPrefix("|") || pieces.count > 1 {
        // A cell may open with a style ("a|", "2+|"): the text before the first "|" on a line is that style.
        for piece in pieces.dropFirst() { cells.append(piece.trimmingCharacters(in: .whitespaces)) }
        if !line.hasPrefix("|"), let last = cells.popLast() { cells.append(last) }
      } else if let last = cells.popLast() {
        cells.append(last + " " + line.trimmingCharacters(in: .whitespaces))
      }
      if columns == 0, offset + 1 < body.count, !cells.isEmpty,
        body[body.index(body.startIndex, offsetBy: offset + 1)].isEmpty
      {
        columns = cells.count
      }
    }
    if columns == 0 { columns = max(1, cells.count) }
    var start = 0
    while start < cells.count {
      rows.append(Array(cells[start..<min(cells.count, start + columns)]))
      start += columns
    }
    output += "<table>\n"
    for (number, row) in rows.enumerated() {
      let tag = number < headerRows ? "th" : "td"
      output += "<tr>" + row.map { "<\(tag)>\(inline(Substring($0)))</\(tag)>" }.joined() + "</tr>\n"
    }
    output += "</table>\n"
  }

  // MARK: - Line shapes

  /// The heading level of a section title (`= Title` is 1, `== Section` 2, … 6), or nil.
  static func sectionLevel(_ line: Substring) -> Int? {
    guard let first = line.first, first == "=" || first == "#" else { return nil }
    let marks = line.prefix { $0 == first }.count
    guard marks <= 6, line.dropFirst(marks).first == " ", line.dropFirst(marks).contains(where: { $0 != " " })
    else { return nil }
    return marks
  }

  /// The character of a block delimiter line (`----`, `....`, `====`, `****`, `____`, `++++`, `////`, `--`,
  /// `|===`), or nil.
  static func delimiter(_ line: Substring) -> Character? {
    if line == "--" { return "-" }
    if line.hasPrefix("|==="), line.dropFirst().allSatisfy({ $0 == "=" }) { return "|" }
    guard let first = line.first, "-.=*_+/".contains(first), line.count >= 4, line.allSatisfy({ $0 == first })
    else { return nil }
    return first
  }

  /// A list item's depth, whether it is numbered, and where its text starts; nil for other lines.
  static func listMarker(_ line: Substring) -> (depth: Int, ordered: Bool, textStart: Substring.Index)? {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    guard let first = trimmed.first else { return nil }
    if first == "*" || first == "." || first == "-" {
      let marks = trimmed.prefix { $0 == first }.count
      guard marks <= 5, trimmed.dropFirst(marks).first == " ", first != "-" || marks == 1,
        trimmed.dropFirst(marks).contains(where: { $0 != " " })
      else { return nil }
      let start = trimmed.dropFirst(marks).drop { $0 == " " }.startIndex
      return (marks, first == ".", start)
    }
    let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 3 else { return nil }
    let rest = trimmed.dropFirst(digits.count)
    guard rest.hasPrefix(". ") else { return nil }
    return (1, true, rest.dropFirst(2).drop { $0 == " " }.startIndex)
  }

  /// A description list term and the text after its `::` (or `;;`, `:::`), or nil.
  static func descriptionTerm(_ line: Substring) -> (term: Substring, rest: Substring)? {
    guard line.first != " ", line.first != "\t", !line.hasPrefix("//") else { return nil }
    for marker in [":::", "::", ";;"] {
      guard let range = line.range(of: marker), range.lowerBound > line.startIndex else { continue }
      let after = line[range.upperBound...]
      guard after.isEmpty || after.first == " " else { continue }
      let term = line[..<range.lowerBound]
      // A URL or a macro ("image::x.png[]", "https://…") is no term.
      guard !term.contains("://"), !term.hasSuffix(":") else { continue }
      return (term, after.drop { $0 == " " })
    }
    return nil
  }

  /// An attribute entry's name and value (nil to unset), for `:name: value` and `:name!:`.
  static func attributeEntry(_ line: Substring) -> (String, String?)? {
    guard line.first == ":", let close = line.dropFirst().firstIndex(of: ":") else { return nil }
    var name = line[line.index(after: line.startIndex)..<close]
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_!".contains($0) }) else { return nil }
    let value = line[line.index(after: close)...]
    guard value.isEmpty || value.first == " " else { return nil }
    if name.hasSuffix("!") || name.hasPrefix("!") {
      name = name.filter { $0 != "!" }[...]
      return (String(name).lowercased(), nil)
    }
    return (String(name).lowercased(), value.trimmingCharacters(in: .whitespaces))
  }

  // MARK: - Inline

  /// Text with `{name}` replaced by the attribute's value, when it is defined.
  private func substituted(_ text: String) -> String {
    guard text.contains("{"), !attributes.isEmpty else { return text }
    var result = ""
    var rest = text[...]
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      let after = rest[rest.index(after: open)...]
      // An attribute name is short: the "}" is looked for within 64 characters, so a run of "{" stays linear.
      if let close = after.prefix(65).firstIndex(of: "}"), let value = attributes[after[..<close].lowercased()] {
        result += value
        rest = after[after.index(after: close)...]
      } else {
        result += "{"
        rest = after
      }
    }
    return result + rest
  }

  /// The HTML of a paragraph's text: attributes substituted, then inline markup.
  private func inline(_ text: Substring) -> String {
    AsciiDocInline.html(Substring(substituted(String(text))))
  }
}
