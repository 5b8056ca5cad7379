import CNKBModel
import Foundation

/// Reads a reStructuredText file, the markup of Sphinx and Docutils documentation, as HTML for the page
/// converter.
///
/// Section titles become headings (levels in the order their adornment styles first appear), bullet and
/// numbered lists, definition lists, field lists and Sphinx glossaries keep their structure, admonitions and
/// tabs keep their text, and literal blocks and code directives become code. Grid and simple tables become
/// tables of their cells' text. Comments, link targets, tables of contents and directives this reader does not
/// know are dropped with their bodies. It reads what documentation pages are written with, not the whole of
/// Docutils: substitutions stay as their names and no file is included.
public struct RestructuredTextReader: Sendable {
  /// Creates a reader.
  public init() {}

  /// Reads one reStructuredText document.
  ///
  /// - Parameters:
  ///   - text: the decoded text (see `TextDecoder`).
  ///   - path: the file path (or `-`): the document's source and origin.
  /// - Returns: a document whose content is the rendered HTML (UTF-8); its title is the first section title.
  public func read(_ text: String, path: String) -> SourceDocument {
    var renderer = RestructuredTextRenderer()
    let html = renderer.render(text)
    return SourceDocument(
      source: path, origin: path, title: renderer.title, format: .restructuredText,
      content: .html(Data(html.utf8), encoding: "UTF-8"))
  }
}

/// One line of a reStructuredText file: its indentation (tabs expanded to multiples of 8) and its text without
/// the indentation or trailing white space.
struct RestructuredTextLine {
  var indent: Int
  var text: Substring

  var isBlank: Bool { text.isEmpty }
}

/// Turns reStructuredText into HTML, block by block.
struct RestructuredTextRenderer {
  /// The text of the first section title, once one is rendered.
  private(set) var title: String?
  /// Section adornment styles (character, with or without an overline) in the order they first appear: a
  /// style's place is its heading level.
  private var styles: [String] = []
  private var output = ""
  /// Inline markup, with the page's substitution definitions.
  private var inline = RestructuredTextInline()

  /// Characters that may adorn a section title or make a transition.
  static let adornments = Set("=-`:'\"~^_*+#<>.")
  /// Directives whose body is text to keep, rendered as blocks.
  static let containers: Set<String> = [
    "note", "warning", "tip", "important", "hint", "caution", "attention", "danger", "error", "admonition",
    "seealso", "topic", "sidebar", "container", "deprecated", "versionadded", "versionchanged", "tab", "tabs",
    "group-tab", "code-tab", "tab-set", "tab-item", "card", "dropdown", "only", "rubric", "centered",
  ]
  /// Directives that describe one object of an API or a tool (Sphinx's domains: `function`, `class`,
  /// `option`, `envvar`, …): the signature is a term, the body its description.
  static let descriptions: Set<String> = [
    "function", "class", "method", "attribute", "data", "exception", "decorator", "decoratormethod",
    "classmethod", "staticmethod", "property", "coroutinefunction", "coroutinemethod", "member", "macro", "type",
    "struct", "union", "enum", "enumerator", "var", "object", "describe", "option", "cmdoption", "envvar",
    "confval", "program", "directive", "role", "opcode", "pdbcommand", "2to3fixer",
  ]
  /// Directives whose body is code or a program's output.
  static let codeDirectives: Set<String> = [
    "code-block", "code", "sourcecode", "parsed-literal", "highlight", "doctest", "testcode", "testoutput",
    "prompt",
  ]

  /// Renders a whole document.
  mutating func render(_ text: String) -> String {
    output = "<html><body>\n"
    let lines = Self.lines(text)
    inline.substitutions = Self.substitutions(lines)
    renderBlocks(lines[...])
    output += "</body></html>\n"
    return output
  }

  /// Splits text into lines, tabs expanded and trailing white space dropped.
  static func lines(_ text: String) -> [RestructuredTextLine] {
    text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { raw in
      var indent = 0
      var start = raw.startIndex
      while start < raw.endIndex, raw[start] == " " || raw[start] == "\t" || raw[start] == "\u{FEFF}" {
        if raw[start] == "\t" { indent += 8 - indent % 8 } else if raw[start] == " " { indent += 1 }
        start = raw.index(after: start)
      }
      var end = raw.endIndex
      while end > start, raw[raw.index(before: end)].isWhitespace { end = raw.index(before: end) }
      return RestructuredTextLine(indent: indent, text: raw[start..<end])
    }
  }

  // MARK: - Blocks

  /// How deep blocks may nest (list in list, quote in quote) before the rest is read as plain text.
  static let maximumDepth = 48
  private var depth = 0

  /// Renders a run of lines whose least indentation is that of its first non-blank line.
  private mutating func renderBlocks(_ lines: ArraySlice<RestructuredTextLine>) {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else {
      // A page nested this deep is no documentation: its text is kept, its structure is not.
      let text = lines.filter { !$0.isBlank }.map(\.text).joined(separator: " ")
      if !text.isEmpty { output += "<p>\(RestructuredTextInline.escaped(text))</p>\n" }
      return
    }
    var index = lines.startIndex
    while index < lines.endIndex {
      let line = lines[index]
      if line.isBlank {
        index += 1
        continue
      }
      index = renderBlock(at: index, in: lines)
    }
  }

  /// Renders the block that starts at `index` and returns the index after it.
  private mutating func renderBlock(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    let line = lines[index]
    let next = index + 1 < lines.endIndex ? lines[index + 1] : nil
    // A title between an overline and an underline of one character.
    if Self.isAdornment(line), let next, !next.isBlank, index + 2 < lines.endIndex,
      Self.isAdornment(lines[index + 2]), lines[index + 2].text.first == line.text.first
    {
      heading(next.text.trimmingCharacters(in: .whitespaces), style: "\(line.text.prefix(1))o")
      return index + 3
    }
    // A title over its underline; a lone adornment line is a transition.
    if let next, !Self.isAdornment(line), Self.isAdornment(next), next.indent == line.indent,
      next.text.count >= min(line.text.count, 4)
    {
      heading(String(line.text), style: String(next.text.prefix(1)))
      return index + 2
    }
    if Self.isAdornment(line) { return index + 1 }
    if line.text.hasPrefix("..") && (line.text.count == 2 || line.text.dropFirst(2).first == " ") {
      return directive(at: index, in: lines)
    }
    if let marker = Self.bulletMarker(line.text) ?? Self.enumeratorMarker(line.text) {
      return list(at: index, in: lines, marker: marker)
    }
    if let field = Self.field(line.text) {
      return fieldList(at: index, in: lines, first: field)
    }
    if line.text.hasPrefix(">>>") {
      let end = paragraphEnd(from: index, in: lines)
      code(lines[index..<end])
      return end
    }
    if line.text.hasPrefix("+-") || line.text.hasPrefix("+=") {
      return gridTable(at: index, in: lines)
    }
    if Self.isSimpleTableBorder(line.text) {
      return simpleTable(at: index, in: lines)
    }
    // Lines indented past the block's own start: a block quote.
    let base = lines.first(where: { !$0.isBlank })?.indent ?? line.indent
    if line.indent > base {
      let end = indentedEnd(from: index, deeperThan: base, in: lines)
      output += "<blockquote>\n"
      renderBlocks(lines[index..<end])
      output += "</blockquote>\n"
      return end
    }
    // A one-line term straight over its indented definition.
    if let next, !next.isBlank, next.indent > line.indent, !line.text.hasSuffix("::") {
      return definitionList(at: index, in: lines)
    }
    return paragraph(at: index, in: lines)
  }

  private mutating func heading(_ text: String, style: String) {
    if !styles.contains(style) { styles.append(style) }
    let level = min(6, (styles.firstIndex(of: style) ?? 0) + 1)
    let rendered = inline.html(Substring(text))
    if title == nil {
      let plain = HTMLEntities.collapsingWhiteSpace(HTMLEntities.decode(Self.strippingTags(rendered)))
      if !plain.isEmpty { title = plain }
    }
    output += "<h\(level)>\(rendered)</h\(level)>\n"
  }

  /// A paragraph: lines up to a blank one.
  ///
  /// A paragraph ending in "::" introduces the literal block after it.
  private mutating func paragraph(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    var end = index + 1
    while end < lines.endIndex, !lines[end].isBlank, !Self.isAdornment(lines[end]) {
      end += 1
    }
    var text = lines[index..<end].map(\.text).joined(separator: "\n")
    var literalFollows = false
    if text.hasSuffix("::") {
      literalFollows = true
      text.removeLast(2)
      // "Paragraph::" keeps one colon; "Paragraph ::" and a lone "::" keep none.
      if text.last?.isWhitespace == true || text.isEmpty {
        text = text.trimmingCharacters(in: .whitespaces)
      } else {
        text += ":"
      }
    }
    if lines[index].text.hasPrefix("| ") {
      // A line block: each line is its own line of text.
      text = lines[index..<end].map { $0.text.hasPrefix("| ") ? $0.text.dropFirst(2) : $0.text }.joined(separator: " ")
    }
    if !text.isEmpty { output += "<p>\(inline.html(Substring(text)))</p>\n" }
    guard literalFollows else { return end }
    var start = end
    while start < lines.endIndex, lines[start].isBlank { start += 1 }
    guard start < lines.endIndex, lines[start].indent > lines[index].indent else { return end }
    let blockEnd = indentedEnd(from: start, deeperThan: lines[index].indent, in: lines)
    code(lines[start..<blockEnd])
    return blockEnd
  }

  private mutating func code(_ lines: ArraySlice<RestructuredTextLine>) {
    let least = lines.filter { !$0.isBlank }.map(\.indent).min() ?? 0
    let text = lines.map { String(repeating: " ", count: max(0, $0.indent - least)) + $0.text }
      .joined(separator: "\n").trimmingCharacters(in: .newlines)
    output += "<pre><code>\(RestructuredTextInline.escaped(text))</code></pre>\n"
  }

  /// `.. name:: arguments` with its indented body; also comments (`.. text`), link targets (`.. _name:`),
  /// footnotes and citations (`.. [1]`), which are dropped.
  private mutating func directive(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    let line = lines[index]
    let end = indentedEnd(from: index + 1, deeperThan: line.indent, in: lines)
    let rest = line.text.dropFirst(2).drop(while: { $0 == " " })
    guard let marker = rest.range(of: "::"),
      !rest[..<marker.lowerBound].isEmpty,
      rest[..<marker.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "-_:.+".contains($0) })
    else { return end }
    let name = rest[..<marker.lowerBound].lowercased().split(separator: ":").last.map(String.init) ?? ""
    let arguments = rest[marker.upperBound...].trimmingCharacters(in: .whitespaces)
    // The body: options (":name: value" lines) first, then the content.
    var bodyStart = index + 1
    while bodyStart < end, !lines[bodyStart].isBlank, lines[bodyStart].text.hasPrefix(":"),
      Self.field(lines[bodyStart].text) != nil
    {
      bodyStart += 1
    }
    let body = lines[bodyStart..<end]
    if Self.codeDirectives.contains(name) {
      if body.contains(where: { !$0.isBlank }) { code(body) }
    } else if Self.descriptions.contains(name), !arguments.isEmpty {
      output += "<dl>\n<dt>\(RestructuredTextInline.escaped(arguments))</dt>\n<dd>\n"
      renderBlocks(body)
      output += "</dd>\n</dl>\n"
    } else if name == "glossary" {
      let start = body.firstIndex(where: { !$0.isBlank }) ?? end
      if start < end { _ = definitionList(at: start, in: lines[start..<end]) }
    } else if Self.containers.contains(name) {
      // "only" keeps its text unless it is for other builders ("not html").
      if name == "only" && arguments.lowercased().contains("not") { return end }
      var content = body
      if ["admonition", "topic", "sidebar", "rubric", "tab", "group-tab", "tab-item", "dropdown", "card"].contains(
        name), !arguments.isEmpty
      {
        output += "<p><strong>\(inline.html(Substring(arguments)))</strong></p>\n"
      } else if ["note", "warning", "tip", "important", "hint", "caution", "attention", "danger", "error"].contains(
        name), !arguments.isEmpty
      {
        // The first words may follow the name on its line; the lines under them go on with the same paragraph.
        let first = body.first(where: { !$0.isBlank })?.indent ?? line.indent + 3
        let opening = RestructuredTextLine(
          indent: first, text: line.text[marker.upperBound...].drop(while: { $0 == " " }))
        content = ([opening] + body)[...]
      }
      output += "<div>\n"
      renderBlocks(content)
      output += "</div>\n"
    }
    return end
  }

  /// Bullet or numbered list items, as long as items with the same kind of marker follow at the same indent.
  private mutating func list(at index: Int, in lines: ArraySlice<RestructuredTextLine>, marker: Int) -> Int {
    let indent = lines[index].indent
    let ordered = Self.bulletMarker(lines[index].text) == nil
    let bullet = lines[index].text.first
    output += ordered ? "<ol>\n" : "<ul>\n"
    var current = index
    var width = marker
    while true {
      let first = RestructuredTextLine(indent: indent + width, text: lines[current].text.dropFirst(width))
      let end = indentedEnd(from: current + 1, deeperThan: indent, in: lines)
      output += "<li>"
      renderBlocks([first][...] + lines[(current + 1)..<end])
      output += "</li>\n"
      var next = end
      while next < lines.endIndex, lines[next].isBlank { next += 1 }
      guard next < lines.endIndex, lines[next].indent == indent else { break }
      let nextMarker =
        ordered ? Self.enumeratorMarker(lines[next].text) : Self.bulletMarker(lines[next].text)
      guard let nextMarker, ordered || lines[next].text.first == bullet else { break }
      current = next
      width = nextMarker
    }
    output += ordered ? "</ol>\n" : "</ul>\n"
    return indentedEnd(from: current + 1, deeperThan: indent, in: lines)
  }

  /// Terms, each on one line over its indented definition (a definition list or a Sphinx glossary).
  private mutating func definitionList(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    let indent = lines[index].indent
    output += "<dl>\n"
    var current = index
    var end = index
    while current < lines.endIndex, !lines[current].isBlank, lines[current].indent == indent {
      // Several terms may share one definition (a glossary's synonyms).
      var termEnd = current + 1
      while termEnd < lines.endIndex, !lines[termEnd].isBlank, lines[termEnd].indent == indent { termEnd += 1 }
      guard termEnd < lines.endIndex, !lines[termEnd].isBlank, lines[termEnd].indent > indent else {
        // No definition under the term: what is left is a paragraph.
        output += "</dl>\n"
        return current == index ? paragraph(at: index, in: lines) : current
      }
      for term in lines[current..<termEnd] {
        // "term : classifier" names the term first.
        let name = term.text.components(separatedBy: " : ").first ?? String(term.text)
        output += "<dt>\(inline.html(Substring(name)))</dt>\n"
      }
      end = indentedEnd(from: termEnd, deeperThan: indent, in: lines)
      output += "<dd>\n"
      renderBlocks(lines[termEnd..<end])
      output += "</dd>\n"
      current = end
      while current < lines.endIndex, lines[current].isBlank { current += 1 }
      if current < lines.endIndex, Self.field(lines[current].text) != nil || Self.isAdornment(lines[current]) {
        break
      }
      if current + 1 < lines.endIndex, Self.isAdornment(lines[current + 1]) { break }
    }
    output += "</dl>\n"
    return end
  }

  /// `:name: body` lines, rendered as a definition list.
  private mutating func fieldList(
    at index: Int, in lines: ArraySlice<RestructuredTextLine>, first: (name: Substring, body: Substring)
  ) -> Int {
    let indent = lines[index].indent
    output += "<dl>\n"
    var current = index
    var field = first
    var end = index
    while true {
      end = indentedEnd(from: current + 1, deeperThan: indent, in: lines)
      output += "<dt>\(inline.html(field.name))</dt>\n<dd>\n"
      // The body's indentation is that of its second line when it has one ("the value\n    is …" is one
      // paragraph), as Docutils reads it.
      let continuation = lines[(current + 1)..<end].first(where: { !$0.isBlank })
      let bodyIndent =
        current + 1 < end && !lines[current + 1].isBlank ? (continuation?.indent ?? indent + 1) : indent + 1
      let bodyLine = RestructuredTextLine(indent: bodyIndent, text: field.body)
      renderBlocks((field.body.isEmpty ? [] : [bodyLine])[...] + lines[(current + 1)..<end])
      output += "</dd>\n"
      var next = end
      while next < lines.endIndex, lines[next].isBlank { next += 1 }
      guard next < lines.endIndex, lines[next].indent == indent, let following = Self.field(lines[next].text) else {
        break
      }
      current = next
      field = following
    }
    output += "</dl>\n"
    return end
  }

  // MARK: - Tables

  /// A grid table: `+---+` borders, `|` between cells, `+===+` under the header.
  private mutating func gridTable(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    var end = index
    while end < lines.endIndex, !lines[end].isBlank, lines[end].indent == lines[index].indent { end += 1 }
    let border = Array(lines[index].text)
    let columns = border.indices.filter { border[$0] == "+" }
    guard columns.count >= 2 else { return paragraph(at: index, in: lines) }
    output += "<table>\n"
    var cells = [String](repeating: "", count: columns.count - 1)
    var header = lines[(index + 1)..<end].contains { $0.text.hasPrefix("+=") }
    for line in lines[(index + 1)..<end] {
      let characters = Array(line.text)
      if characters.first == "+" {
        // A border closes the row above it.
        if cells.contains(where: { !$0.isEmpty }) { row(cells, header: header) }
        if line.text.hasPrefix("+=") { header = false }
        cells = [String](repeating: "", count: columns.count - 1)
        continue
      }
      for column in 0..<(columns.count - 1) {
        let from = min(characters.count, columns[column] + 1)
        let to = min(characters.count, columns[column + 1])
        guard from < to else { continue }
        let piece = String(characters[from..<to]).trimmingCharacters(in: CharacterSet(charactersIn: "| "))
        if !piece.isEmpty { cells[column] += (cells[column].isEmpty ? "" : " ") + piece }
      }
    }
    output += "</table>\n"
    return end
  }

  /// A simple table: `=====  =====` borders over, under the header and under the table; columns start where
  /// the border's runs of `=` start.
  private mutating func simpleTable(at index: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    let border = Array(lines[index].text)
    var starts: [Int] = []
    for position in border.indices where border[position] == "=" && (position == 0 || border[position - 1] == " ") {
      starts.append(position)
    }
    var end = index + 1
    var borders = 1
    var rows: [[String]] = []
    var headerRows = 0
    while end < lines.endIndex {
      let line = lines[end]
      if Self.isSimpleTableBorder(line.text) {
        borders += 1
        end += 1
        if headerRows == 0 && borders == 2 { headerRows = rows.count }
        // The last border is followed by a blank line or the end.
        if end >= lines.endIndex || lines[end].isBlank { break }
        continue
      }
      if line.isBlank || line.text.allSatisfy({ $0 == "-" || $0 == " " }) {
        end += 1
        continue
      }
      let characters = Array(String(repeating: " ", count: max(0, line.indent - lines[index].indent)) + line.text)
      var cells: [String] = []
      for (column, start) in starts.enumerated() {
        let to = column + 1 < starts.count ? starts[column + 1] : characters.count
        let from = min(start, characters.count)
        cells.append(
          String(characters[from..<min(max(from, to), characters.count)]).trimmingCharacters(in: .whitespaces))
      }
      // A row whose first cell is empty continues the row above.
      if cells.first?.isEmpty == true, var last = rows.popLast() {
        for (column, cell) in cells.enumerated() where !cell.isEmpty {
          last[column] += (last[column].isEmpty ? "" : " ") + cell
        }
        rows.append(last)
      } else {
        rows.append(cells)
      }
      end += 1
    }
    if borders < 3 { headerRows = 0 }
    output += "<table>\n"
    for (number, cells) in rows.enumerated() { row(cells, header: number < headerRows) }
    output += "</table>\n"
    return end
  }

  private mutating func row(_ cells: [String], header: Bool) {
    let tag = header ? "th" : "td"
    output += "<tr>"
    for cell in cells { output += "<\(tag)>\(inline.html(Substring(cell)))</\(tag)>" }
    output += "</tr>\n"
  }

  /// The page's substitution definitions: `.. |name| replace:: text` gives the text (its inline markup
  /// dropped), `.. |name| unicode:: U+2122` the characters, an image or any other directive nothing.
  static func substitutions(_ lines: [RestructuredTextLine]) -> [String: String] {
    var found: [String: String] = [:]
    for line in lines where line.text.hasPrefix(".. |") {
      let rest = line.text.dropFirst(4)
      guard let close = rest.firstIndex(of: "|"), close > rest.startIndex else { continue }
      let name = String(rest[..<close])
      let definition = rest[rest.index(after: close)...].drop(while: { $0 == " " })
      guard let marker = definition.range(of: "::") else { continue }
      let directive = definition[..<marker.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
      let value = definition[marker.upperBound...].trimmingCharacters(in: .whitespaces)
      switch directive {
      case "replace":
        found[name] = HTMLEntities.decode(strippingTags(RestructuredTextInline.html(Substring(value))))
      case "unicode":
        found[name] = value.split(separator: " ").compactMap { code -> String? in
          let digits = code.hasPrefix("U+") || code.hasPrefix("0x") ? code.dropFirst(2) : code[...]
          guard let number = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(number) else { return nil }
          return String(Character(scalar))
        }.joined()
      default:
        found[name] = ""
      }
    }
    return found
  }

  // MARK: - Line shapes

  /// The index after the lines indented deeper than `indent` from `start` on, blank lines inside included.
  private func indentedEnd(from start: Int, deeperThan indent: Int, in lines: ArraySlice<RestructuredTextLine>)
    -> Int
  {
    var end = start
    var lastText = start
    while end < lines.endIndex, lines[end].isBlank || lines[end].indent > indent {
      end += 1
      if !lines[end - 1].isBlank { lastText = end }
    }
    return max(start, lastText)
  }

  /// The index of the first blank line from `start` on.
  private func paragraphEnd(from start: Int, in lines: ArraySlice<RestructuredTextLine>) -> Int {
    var end = start
    while end < lines.endIndex, !lines[end].isBlank { end += 1 }
    return end
  }

  /// Whether a line is one adornment character repeated, at least four times (`====`, `----`).
  static func isAdornment(_ line: RestructuredTextLine) -> Bool {
    guard let first = line.text.first, line.text.count >= 4, adornments.contains(first) else { return false }
    return line.text.allSatisfy { $0 == first }
  }

  /// Whether a line is a simple table's border: runs of `=` separated by spaces, at least two runs.
  static func isSimpleTableBorder(_ text: Substring) -> Bool {
    guard text.first == "=", text.contains(" "), text.allSatisfy({ $0 == "=" || $0 == " " }) else { return false }
    return text.split(separator: " ").count >= 2
  }

  /// The width of a bullet list marker and its space (`- `, `* `, `+ `, `• `), or nil.
  static func bulletMarker(_ text: Substring) -> Int? {
    guard let first = text.first, "-*+•‣⁃".contains(first) else { return nil }
    if text.count == 1 { return 1 }
    return text.dropFirst().first == " " ? 2 : nil
  }

  /// The width of a numbered list marker and its space (`1. `, `#. `, `2) `, `(3) `), or nil.
  static func enumeratorMarker(_ text: Substring) -> Int? {
    var rest = text
    var width = 0
    if rest.first == "(" {
      rest = rest.dropFirst()
      width += 1
    }
    let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
    let label = digits.isEmpty ? (rest.first == "#" ? 1 : 0) : digits.count
    guard label > 0, label <= 4 else { return nil }
    rest = rest.dropFirst(label)
    width += label
    guard let close = rest.first, close == "." || close == ")" else { return nil }
    if text.first == "(" && close != ")" { return nil }
    rest = rest.dropFirst()
    width += 1
    guard rest.first == " " else { return nil }
    return width + 1
  }

  /// A field list line `:name: body`, or nil.
  ///
  /// A role (`:term:` and a backquote) opens interpreted text, not a field.
  static func field(_ text: Substring) -> (name: Substring, body: Substring)? {
    guard text.first == ":", text.count > 2 else { return nil }
    let rest = text.dropFirst()
    guard let close = rest.firstIndex(of: ":"), close > rest.startIndex else { return nil }
    let name = rest[..<close]
    guard !name.contains("`"), name.first != " ", name.last != " " else { return nil }
    let after = rest[rest.index(after: close)...]
    guard after.isEmpty || after.first == " " else { return nil }
    return (name, after.drop(while: { $0 == " " }))
  }

  /// Text with its HTML tags taken out.
  static func strippingTags(_ html: String) -> String {
    var result = ""
    var inTag = false
    for character in html {
      if character == "<" {
        inTag = true
      } else if character == ">" {
        inTag = false
      } else if !inTag {
        result.append(character)
      }
    }
    return result
  }
}
