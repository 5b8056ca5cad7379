/// Accumulates the text of one block as UTF-8 bytes, collapsing white space as it goes and counting Unicode
/// scalars, so inline marks get exact offsets without building intermediate strings.
struct TextBuilder {
  /// Keep white space verbatim (inside `pre`).
  var preserveSpaces: Bool
  private(set) var bytes: [UInt8] = []
  /// Unicode scalars written so far.
  private(set) var scalarCount = 0
  private var pendingSpace = false

  init(preserveSpaces: Bool) { self.preserveSpaces = preserveSpaces }

  /// Whether nothing but white space has been written.
  var isEmpty: Bool { scalarCount == 0 }

  /// The offset the next visible character will have (after a pending collapsed space).
  var nextOffset: Int { scalarCount + (pendingSpace && scalarCount > 0 ? 1 : 0) }

  /// The offset just after the last visible character.
  var endOffset: Int { scalarCount }

  /// Appends raw UTF-8 text, dropping literal CDATA markers.
  mutating func append(_ input: UnsafeBufferPointer<UInt8>) {
    var index = 0
    let count = input.count
    while index < count {
      let byte = input[index]
      // Literal "<![CDATA[" and "]]>" that the HTML parser kept as text.
      if byte == 0x3C, matches(input, at: index, cdataOpen) {
        index += cdataOpen.count
        continue
      }
      if byte == 0x5D, matches(input, at: index, cdataClose) {
        index += cdataClose.count
        continue
      }
      // Markup that the page escaped by mistake (`&lt;p class="caption"&gt;`) reads as a tag once decoded:
      // leave it out of prose, as a browser showing the intended page would.
      if byte == 0x3C, !preserveSpaces, let length = Self.escapedTagLength(input, at: index) {
        pendingSpace = true
        index += length
        continue
      }
      // A run of visible ASCII that holds nothing to look at twice goes in at once.
      if byte > 0x20 && byte < 0x7F && byte != 0x3C && byte != 0x5D {
        var end = index + 1
        while end < count {
          let next = input[end]
          guard next > 0x20 && next < 0x7F && next != 0x3C && next != 0x5D else { break }
          end += 1
        }
        flushSpace()
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
        scalarCount += end - index
        index = end
        continue
      }
      if byte < 0x80 {
        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
          if preserveSpaces {
            if byte != 0x0D { write(byte) }
          } else {
            pendingSpace = true
          }
        } else if byte >= 0x20 || preserveSpaces {
          write(byte)
        }
        index += 1
        continue
      }
      // A multi-byte sequence: find its length, check for Unicode spaces and invisible characters.
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
      guard index + length <= count else {
        writeReplacement()
        index = count
        continue
      }
      let b1 = length > 1 ? input[index + 1] : 0
      let b2 = length > 2 ? input[index + 2] : 0
      var isSpace = false
      var isInvisible = false
      if length == 2 && byte == 0xC2 && b1 == 0xA0 { isSpace = true }  // no-break space
      if length == 3 {
        if byte == 0xE2 && b1 == 0x80 && (0x80...0x8A).contains(b2) { isSpace = true }  // en quad … hair space
        if byte == 0xE2 && b1 == 0x80 && (b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { isSpace = true }
        if byte == 0xE2 && b1 == 0x81 && b2 == 0x9F { isSpace = true }
        if byte == 0xE3 && b1 == 0x80 && b2 == 0x80 { isSpace = true }  // ideographic space
        if byte == 0xE1 && b1 == 0x9A && b2 == 0x80 { isSpace = true }
        if byte == 0xE2 && b1 == 0x80 && (0x8B...0x8D).contains(b2) { isInvisible = true }  // zero-width
        if byte == 0xEF && b1 == 0xBB && b2 == 0xBF { isInvisible = true }  // BOM
      }
      if isSpace && !preserveSpaces {
        pendingSpace = true
      } else if !isInvisible {
        flushSpace()
        for offset in 0..<length { bytes.append(input[index + offset]) }
        scalarCount += 1
      }
      index += length
    }
  }

  /// Appends a Swift string.
  mutating func append(_ text: String) {
    var copy = text
    copy.withUTF8 { append($0) }
  }

  private mutating func write(_ byte: UInt8) {
    flushSpace()
    bytes.append(byte)
    scalarCount += 1
  }

  private mutating func writeReplacement() {
    flushSpace()
    bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
    scalarCount += 1
  }

  private mutating func flushSpace() {
    if pendingSpace && scalarCount > 0 {
      bytes.append(0x20)
      scalarCount += 1
    }
    pendingSpace = false
  }

  /// The text so far, trimmed (code keeps its inner line breaks and indentation), and a reset builder.
  mutating func finish() -> String {
    var text = bytes
    if preserveSpaces {
      while let last = text.last, last == 0x20 || last == 0x0A || last == 0x09 { text.removeLast() }
      // Drop leading blank lines only, so the first line keeps its indentation.
      var start = 0
      var lineStart = 0
      while start < text.count, text[start] == 0x20 || text[start] == 0x09 || text[start] == 0x0A {
        if text[start] == 0x0A { lineStart = start + 1 }
        start += 1
      }
      if start == text.count { text = [] } else if lineStart > 0 { text.removeFirst(lineStart) }
    }
    bytes.removeAll(keepingCapacity: true)
    scalarCount = 0
    pendingSpace = false
    return String(decoding: text, as: UTF8.self)
  }

  /// HTML element names recognised inside text as escaped markup.
  private static let escapedTagNames: Set<String> = [
    "p", "div", "span", "a", "img", "br", "em", "strong", "b", "i", "u", "ul", "ol", "li", "h1", "h2", "h3", "h4",
    "h5", "h6", "figure", "figcaption", "table", "tr", "td", "th", "tbody", "thead", "blockquote", "section",
    "article", "small", "sup", "sub", "font", "center", "hr", "iframe", "script", "style", "dl", "dt", "dd",
  ]

  /// The length of a tag such as `<p id="x">`, `</div>` or `<br/>` starting at `index`, when the name is a
  /// known HTML element; nil otherwise (so `a < b` or `<none>` in prose stay as written).
  static func escapedTagLength(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    var position = index + 1
    if position < input.count, input[position] == 0x2F { position += 1 }
    let nameStart = position
    while position < input.count, position - nameStart < 12,
      (0x61...0x7A).contains(input[position]) || (0x41...0x5A).contains(input[position])
        || (0x30...0x39).contains(input[position])
    {
      position += 1
    }
    guard position > nameStart else { return nil }
    let name = String(decoding: UnsafeBufferPointer(rebasing: input[nameStart..<position]), as: UTF8.self).lowercased()
    guard escapedTagNames.contains(name), position < input.count else { return nil }
    let next = input[position]
    guard next == 0x3E || next == 0x20 || next == 0x2F || next == 0x09 || next == 0x0A else { return nil }
    let limit = min(input.count, index + 512)
    var quote: UInt8 = 0
    while position < limit {
      let byte = input[position]
      if quote != 0 {
        if byte == quote { quote = 0 }
      } else if byte == 0x22 || byte == 0x27 {
        quote = byte
      } else if byte == 0x3E {
        return position + 1 - index
      } else if byte == 0x3C {
        return nil
      }
      position += 1
    }
    return nil
  }

  private let cdataOpen: [UInt8] = Array("<![CDATA[".utf8)
  private let cdataClose: [UInt8] = Array("]]>".utf8)

  private func matches(_ input: UnsafeBufferPointer<UInt8>, at index: Int, _ pattern: [UInt8]) -> Bool {
    guard index + pattern.count <= input.count else { return false }
    for offset in 0..<pattern.count where input[index + offset] != pattern[offset] { return false }
    return true
  }
}
