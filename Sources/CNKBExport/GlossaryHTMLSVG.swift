// Graphviz SVG made safe to paste into the HTML glossary.
//
// The SVG is parsed with a small XML tokenizer and written out again from an allowlist: only the elements and
// attributes Graphviz draws with survive, every value is escaped again, and ids get a per-diagram prefix. Anything
// else (scripts, event handlers, foreign objects, styles, images, links to other schemes, comments, the XML
// prolog and DOCTYPE) is dropped, with the whole subtree for unknown elements.

import Foundation

/// A diagram's SVG rewritten for inline use in an HTML page.
enum InlineSVG {
  /// The sanitised `<svg>` element, or nil when the text holds no `<svg>` root.
  ///
  /// Every `id` is prefixed with `idPrefix` and references to those ids (`url(#…)`, `href="#…"`) follow;
  /// fragment links to other ids are left alone, so a node can link to a glossary entry. The root gets
  /// `role="img"` and `label` as its accessible name.
  static func sanitized(_ svg: String, idPrefix: String, label: String) -> String? {
    let tokens = XMLTokenizer(svg).tokens()
    var localIDs: Set<String> = []
    for case .start(_, let attributes, _) in tokens {
      for attribute in attributes where attribute.name.lowercased() == "id" { localIDs.insert(attribute.value) }
    }
    var writer = Writer(idPrefix: idPrefix, localIDs: localIDs, label: label)
    for token in tokens {
      writer.take(token)
      if writer.isFinished { break }
    }
    return writer.finish()
  }

  // MARK: - Allowlists

  /// The elements Graphviz's SVG renderer uses, by lower-cased name, with their spelling in SVG.
  private static let elements: [String: String] = Dictionary(
    uniqueKeysWithValues: [
      "svg", "g", "title", "desc", "a", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text",
      "tspan", "defs", "linearGradient", "radialGradient", "stop",
    ].map { ($0.lowercased(), $0) })

  /// The attributes kept, by lower-cased name, with their spelling in SVG.
  private static let attributes: [String: String] = Dictionary(
    uniqueKeysWithValues: [
      "id", "class", "transform", "points", "d", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
      "stroke-dasharray", "stroke-opacity", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "cx", "cy",
      "r", "rx", "ry", "x", "y", "dx", "dy", "x1", "y1", "x2", "y2", "fx", "fy", "width", "height", "viewBox",
      "preserveAspectRatio", "text-anchor", "font-family", "font-size", "font-weight", "font-style",
      "text-decoration", "baseline-shift", "dominant-baseline", "opacity", "offset", "gradientUnits",
      "gradientTransform", "spreadMethod", "stop-color", "stop-opacity", "href", "xlink:href", "xlink:title",
      "style",
    ].map { ($0.lowercased(), $0) })

  /// The CSS properties kept in `style` attributes (Graphviz writes gradient stops with them).
  private static let styleProperties: Set<String> = [
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stop-color",
    "stop-opacity", "opacity", "font-family", "font-size", "font-weight", "font-style", "text-decoration",
  ]

  /// The class names kept: the ones Graphviz gives its groups (others could match the page's own classes).
  private static let classNames: Set<String> = ["graph", "node", "edge", "cluster"]

  // MARK: - Writing

  /// Writes allowed tokens, keeping the element stack balanced and skipping refused subtrees.
  private struct Writer {
    let idPrefix: String
    let localIDs: Set<String>
    let label: String
    private var output = ""
    /// The open elements, root first, by their SVG spelling.
    private var open: [String] = []
    /// How deep inside a refused element the tokens are (0 when not in one).
    private var skipDepth = 0
    /// Whether the root has been opened and closed again.
    private(set) var isFinished = false

    init(idPrefix: String, localIDs: Set<String>, label: String) {
      self.idPrefix = idPrefix
      self.localIDs = localIDs
      self.label = label
    }

    mutating func take(_ token: XMLToken) {
      switch token {
      case .start(let name, let attributes, let selfClosing):
        if skipDepth > 0 {
          if !selfClosing { skipDepth += 1 }
          return
        }
        let key = name.lowercased()
        if open.isEmpty {
          // Only an <svg> can open the diagram; tags before it are ignored, and text outside it is never written.
          guard key == "svg" else { return }
          output += "<svg" + rootAttributes(attributes)
          if selfClosing {
            output += "></svg>"
            isFinished = true
          } else {
            output += ">"
            open.append("svg")
          }
          return
        }
        guard let element = InlineSVG.elements[key], key != "svg" else {
          if !selfClosing { skipDepth = 1 }
          return
        }
        output += "<" + element + writtenAttributes(attributes)
        if selfClosing {
          output += "/>"
        } else {
          output += ">"
          open.append(element)
        }
      case .end(let name):
        if skipDepth > 0 {
          skipDepth -= 1
          return
        }
        let key = name.lowercased()
        guard let depth = open.lastIndex(where: { $0.lowercased() == key }) else { return }
        while open.count > depth {
          output += "</" + (open.popLast() ?? "") + ">"
        }
        if open.isEmpty { isFinished = true }
      case .text(let text):
        guard skipDepth == 0, !open.isEmpty else { return }
        output += htmlText(text)
      }
    }

    /// The output with every element still open closed, or nil when no root was seen.
    mutating func finish() -> String? {
      guard !output.isEmpty else { return nil }
      while let element = open.popLast() { output += "</" + element + ">" }
      return output
    }

    /// The root's attributes: its size and view box, then its role and accessible name.
    private func rootAttributes(_ attributes: [XMLAttribute]) -> String {
      let kept: Set<String> = ["width", "height", "viewbox", "preserveaspectratio"]
      let size = writtenAttributes(attributes.filter { kept.contains($0.name.lowercased()) })
      return size + " role=\"img\" aria-label=\"\(htmlAttribute(label))\""
    }

    /// The allowed attributes, first occurrence of each, with values checked and escaped again.
    private func writtenAttributes(_ attributes: [XMLAttribute]) -> String {
      var seen: Set<String> = []
      var result = ""
      for attribute in attributes {
        let key = attribute.name.lowercased()
        guard let name = InlineSVG.attributes[key], seen.insert(key).inserted,
          let value = checkedValue(attribute.value, for: key)
        else { continue }
        result += " \(name)=\"\(htmlAttribute(value))\""
      }
      return result
    }

    /// The value to write for an attribute, or nil when the attribute must go.
    private func checkedValue(_ value: String, for key: String) -> String? {
      switch key {
      case "id":
        return value.isEmpty ? nil : idPrefix + value
      case "href", "xlink:href":
        return checkedLink(value)
      case "class":
        let names = value.split(whereSeparator: \.isWhitespace).map(String.init).filter(InlineSVG.classNames.contains)
        return names.isEmpty ? nil : names.joined(separator: " ")
      case "style":
        return checkedStyle(value)
      default:
        return withLocalReferences(value)
      }
    }

    /// A link target: a fragment (renamed when it names one of the diagram's ids) or a safe URL.
    private func checkedLink(_ value: String) -> String? {
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.hasPrefix("#") {
        let id = String(trimmed.dropFirst())
        return localIDs.contains(id) ? "#" + idPrefix + id : trimmed
      }
      return safeLinkTarget(trimmed)
    }

    /// The value with `url(#id)` references renamed, or nil when it refers to anything but the diagram's ids.
    private func withLocalReferences(_ value: String) -> String? {
      guard value.lowercased().contains("url(") else { return value }
      var result = ""
      var rest = Substring(value)
      while let start = rest.range(of: "url(", options: .caseInsensitive) {
        result += rest[..<start.lowerBound]
        let afterOpen = rest[start.upperBound...]
        guard let close = afterOpen.firstIndex(of: ")") else { return nil }
        let inner = afterOpen[..<close].trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r'\""))
        guard inner.hasPrefix("#"), localIDs.contains(String(inner.dropFirst())) else { return nil }
        result += "url(#" + idPrefix + inner.dropFirst() + ")"
        rest = afterOpen[afterOpen.index(after: close)...]
      }
      return result + rest
    }

    /// A `style` value keeping only plain declarations of allowed properties.
    private func checkedStyle(_ value: String) -> String? {
      var declarations: [String] = []
      for declaration in value.split(separator: ";") {
        guard let colon = declaration.firstIndex(of: ":") else { continue }
        let property = declaration[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let raw = declaration[declaration.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard InlineSVG.styleProperties.contains(property), !raw.isEmpty,
          raw.unicodeScalars.allSatisfy(Self.isPlainStyleCharacter),
          let checked = withLocalReferences(raw)
        else { continue }
        declarations.append(property + ":" + checked)
      }
      return declarations.isEmpty ? nil : declarations.joined(separator: ";")
    }

    /// Characters a colour, length, number or font list needs; no backslashes, quotes other than `'`, or braces.
    private static func isPlainStyleCharacter(_ scalar: Unicode.Scalar) -> Bool {
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || " #.,%-+'()_".unicodeScalars
            .contains(scalar))
    }
  }
}

// MARK: - Tokenizing

/// An attribute as written in the source, its value with entities decoded.
struct XMLAttribute {
  var name: String
  var value: String
}

/// One piece of an XML document: a start tag, an end tag or decoded character data.
enum XMLToken {
  case start(name: String, attributes: [XMLAttribute], selfClosing: Bool)
  case end(name: String)
  case text(String)
}

/// A forgiving XML tokenizer: comments, processing instructions and declarations are skipped, CDATA becomes
/// text, and malformed markup degrades to text rather than failing.
struct XMLTokenizer {
  private let bytes: [UInt8]
  private var position = 0

  init(_ text: String) { bytes = Array(text.utf8) }

  /// Every token, in document order.
  func tokens() -> [XMLToken] {
    var copy = self
    var result: [XMLToken] = []
    while let token = copy.next() { result.append(token) }
    return result
  }

  private static let lessThan = UInt8(ascii: "<")
  private static let greaterThan = UInt8(ascii: ">")
  private static let slash = UInt8(ascii: "/")

  /// The next token, or nil at the end.
  private mutating func next() -> XMLToken? {
    while position < bytes.count {
      guard bytes[position] == Self.lessThan else { return .text(readText()) }
      if hasPrefix("<!--") {
        skip(past: "-->")
      } else if hasPrefix("<![CDATA[") {
        position += 9
        let start = position
        let end = find("]]>") ?? bytes.count
        position = min(bytes.count, end + 3)
        return .text(String(decoding: bytes[start..<end], as: UTF8.self))
      } else if hasPrefix("<?") {
        skip(past: "?>")
      } else if hasPrefix("<!") {
        skipDeclaration()
      } else if hasPrefix("</") {
        position += 2
        let name = readName()
        skip(past: ">")
        if !name.isEmpty { return .end(name: name) }
      } else if position + 1 < bytes.count, Self.isNameStart(bytes[position + 1]) {
        position += 1
        return readStartTag()
      } else {
        position += 1
        return .text("<")
      }
    }
    return nil
  }

  /// Character data up to the next `<`, entities decoded.
  private mutating func readText() -> String {
    let start = position
    while position < bytes.count, bytes[position] != Self.lessThan { position += 1 }
    return decodeEntities(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  /// A start tag after its `<`: name, attributes, and whether it ends with `/>`.
  private mutating func readStartTag() -> XMLToken {
    let name = readName()
    var attributes: [XMLAttribute] = []
    while position < bytes.count {
      skipWhitespace()
      guard position < bytes.count else { break }
      if bytes[position] == Self.greaterThan {
        position += 1
        return .start(name: name, attributes: attributes, selfClosing: false)
      }
      if bytes[position] == Self.slash {
        position += 1
        if position < bytes.count, bytes[position] == Self.greaterThan {
          position += 1
          return .start(name: name, attributes: attributes, selfClosing: true)
        }
        continue
      }
      let attributeName = readName()
      guard !attributeName.isEmpty else {
        position += 1
        continue
      }
      skipWhitespace()
      var value = ""
      if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
        position += 1
        skipWhitespace()
        value = readAttributeValue()
      }
      attributes.append(XMLAttribute(name: attributeName, value: value))
    }
    // The document ended inside the tag: treat it as closed.
    return .start(name: name, attributes: attributes, selfClosing: true)
  }

  /// A quoted (or, leniently, unquoted) attribute value, entities decoded.
  private mutating func readAttributeValue() -> String {
    guard position < bytes.count else { return "" }
    let quote = bytes[position]
    let start: Int
    if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
      position += 1
      start = position
      while position < bytes.count, bytes[position] != quote { position += 1 }
      let value = String(decoding: bytes[start..<position], as: UTF8.self)
      position = min(bytes.count, position + 1)
      return decodeEntities(value)
    }
    start = position
    while position < bytes.count, !Self.isWhitespace(bytes[position]), bytes[position] != Self.greaterThan {
      position += 1
    }
    return decodeEntities(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  /// An element or attribute name: everything up to whitespace, `/`, `>`, `=` or a quote.
  private mutating func readName() -> String {
    let start = position
    while position < bytes.count {
      let byte = bytes[position]
      if Self.isWhitespace(byte) || byte == Self.slash || byte == Self.greaterThan || byte == UInt8(ascii: "=")
        || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == Self.lessThan
      {
        break
      }
      position += 1
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  /// Skips a `<!…>` declaration such as a DOCTYPE, with quoted strings and an internal subset in brackets.
  private mutating func skipDeclaration() {
    var depth = 0
    var quote: UInt8?
    position += 2
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        quote = byte
      } else if byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "]") {
        depth = max(0, depth - 1)
      } else if byte == Self.greaterThan && depth == 0 {
        return
      }
    }
  }

  private mutating func skipWhitespace() {
    while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
  }

  /// Moves past the next occurrence of `terminator`, or to the end.
  private mutating func skip(past terminator: String) {
    position = find(terminator).map { $0 + terminator.utf8.count } ?? bytes.count
  }

  /// Where `needle` next occurs from the current position.
  private func find(_ needle: String) -> Int? {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
    var index = position
    while index + pattern.count <= bytes.count {
      if bytes[index] == first, bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
      index += 1
    }
    return nil
  }

  private func hasPrefix(_ prefix: String) -> Bool {
    let pattern = Array(prefix.utf8)
    return position + pattern.count <= bytes.count
      && bytes[position..<(position + pattern.count)].elementsEqual(pattern)
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
  }

  private static func isNameStart(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
      || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
  }
}

/// XML character references and the five predefined entities decoded; anything else is kept as written.
func decodeEntities(_ text: String) -> String {
  guard text.contains("&") else { return text }
  let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]
  var result = ""
  var rest = Substring(text)
  while let ampersand = rest.firstIndex(of: "&") {
    result += rest[..<ampersand]
    let afterAmpersand = rest[rest.index(after: ampersand)...]
    guard let semicolon = afterAmpersand.prefix(12).firstIndex(of: ";") else {
      result += "&"
      rest = afterAmpersand
      continue
    }
    let name = afterAmpersand[..<semicolon]
    var replacement: String?
    if let character = named[name] {
      replacement = character
    } else if name.hasPrefix("#") {
      let digits = name.dropFirst()
      let code =
        digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      if let code {
        let scalar = code == 0 ? nil : Unicode.Scalar(code)
        replacement = String(scalar ?? "\u{FFFD}")
      }
    }
    if let replacement {
      result += replacement
      rest = afterAmpersand[afterAmpersand.index(after: semicolon)...]
    } else {
      result += "&"
      rest = afterAmpersand
    }
  }
  return result + rest
}
