/// Takes the template syntax of static site generators out of Markdown prose.
///
/// Documentation kept in Jekyll or Hugo sites carries instructions for the site's build among its sentences:
/// Liquid and Jinja tags (`{% include geek-details.html details='…' %}`, `{% tabs %}`) and Hugo shortcodes
/// (`{{< note >}}`, `{{% /tab %}}`). They are no text, and left in they turn into terms ("IPAM:Calico") and
/// break sentences. They are removed; a shortcode that carries its words in a `text` argument
/// (`{{< glossary_tooltip text="pod" term_id="pod" >}}`) reads as those words.
///
/// Fenced code and code spans are copied untouched (`{{json .IPAM.Config}}` in a shell example is code), and so
/// are variables (`{{ site.prodname }}`): their value lives in the site's configuration, not in the page. A tag
/// with no end within `lookAheadLimit` bytes is left as written, and the looking ahead for ends has a budget
/// of the input's size (at least a megabyte), so many unclosed tags cost linear time, not quadratic.
enum TemplateSyntax {
  /// How far the end of a tag is looked for, in bytes.
  static let lookAheadLimit = 4_096

  /// The Markdown without template tags and shortcodes (the input itself when it has none).
  static func strip(_ markdown: Substring) -> Substring {
    let bytes = Array(markdown.utf8)
    // One look for "{%", "{{<" or "{{%": most pages have none.
    guard bytes.indices.contains(where: { bytes[$0] == 0x7B && tagOpener(bytes, at: $0) != nil }) else {
      return markdown
    }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    var fence: (byte: UInt8, length: Int)?
    var lineStart = true
    var inCodeSpan = 0  // the length of the backtick run that opened the code span, 0 outside one
    var budget = max(bytes.count, 1 << 20)
    while index < bytes.count {
      if lineStart {
        lineStart = false
        let line = lineRange(bytes, from: index)
        if let marker = fenceMarker(bytes, line) {
          if let open = fence {
            if marker.byte == open.byte && marker.length >= open.length { fence = nil }
          } else {
            fence = marker
          }
          output.append(contentsOf: bytes[line])
          index = line.upperBound
          continue
        }
        if fence != nil {
          output.append(contentsOf: bytes[line])
          index = line.upperBound
          continue
        }
        inCodeSpan = 0
      }
      let byte = bytes[index]
      if byte == 0x0A {
        output.append(byte)
        index += 1
        lineStart = true
        continue
      }
      if byte == 0x60 {  // a run of backticks opens or closes a code span of the same length
        var run = 0
        while index + run < bytes.count && bytes[index + run] == 0x60 { run += 1 }
        if inCodeSpan == 0 {
          inCodeSpan = run
        } else if inCodeSpan == run {
          inCodeSpan = 0
        }
        output.append(contentsOf: bytes[index..<(index + run)])
        index += run
        continue
      }
      if inCodeSpan == 0, byte == 0x7B, budget > 0, let (end, replacement) = tag(bytes, at: index, budget: &budget) {
        output.append(contentsOf: replacement)
        index = end
        continue
      }
      output.append(byte)
      index += 1
    }
    return Substring(String(decoding: output, as: UTF8.self))
  }

  /// The end of the tag or shortcode opening at `start`, and what replaces it; nil when none opens there or it
  /// does not end within the look-ahead.
  static func tag(_ bytes: [UInt8], at start: Int, budget: inout Int) -> (end: Int, replacement: [UInt8])? {
    guard let closing = tagOpener(bytes, at: start) else { return nil }
    let limit = min(bytes.count, start + lookAheadLimit)
    var index = start + 2
    while index + closing.count <= limit && budget > 0 {
      budget -= 1
      if starts(bytes, at: index, with: closing) {
        let end = index + closing.count
        return (end, textArgument(bytes[start..<end]) ?? [])
      }
      index += 1
    }
    return nil
  }

  /// The value of a `text="…"` or `text='…'` argument, the words a shortcode or an include stands for in the
  /// sentence (`{% include open-new-window.html text='EKS' url='…' %}` is a link to EKS).
  static func textArgument(_ tag: ArraySlice<UInt8>) -> [UInt8]? {
    let key = Array(" text=".utf8)
    var index = tag.startIndex
    while index + key.count < tag.endIndex {
      if tag[index..<(index + key.count)].elementsEqual(key) {
        let quote = tag[index + key.count]
        guard quote == 0x22 || quote == 0x27 else { return nil }
        let valueStart = index + key.count + 1
        guard let close = tag[valueStart...].firstIndex(of: quote) else { return nil }
        return Array(tag[valueStart..<close])
      }
      index += 1
    }
    return nil
  }

  /// The bytes of the line starting at `start`, its line break included.
  static func lineRange(_ bytes: [UInt8], from start: Int) -> Range<Int> {
    var end = start
    while end < bytes.count && bytes[end] != 0x0A { end += 1 }
    return start..<min(bytes.count, end + 1)
  }

  /// The fence a line opens or closes (three or more backticks or tildes after up to three spaces of
  /// indentation, or any indentation inside a list item), or nil.
  static func fenceMarker(_ bytes: [UInt8], _ line: Range<Int>) -> (byte: UInt8, length: Int)? {
    var index = line.lowerBound
    while index < line.upperBound && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
    guard index < line.upperBound, bytes[index] == 0x60 || bytes[index] == 0x7E else { return nil }
    let marker = bytes[index]
    var length = 0
    while index + length < line.upperBound && bytes[index + length] == marker { length += 1 }
    return length >= 3 ? (marker, length) : nil
  }

  static func starts(_ bytes: [UInt8], at index: Int, with prefix: [UInt8]) -> Bool {
    index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
  }

  /// The bytes that close the tag or shortcode opening at `start` (`%}`, `>}}`, `%}}`), or nil when none opens
  /// there.
  static func tagOpener(_ bytes: [UInt8], at start: Int) -> [UInt8]? {
    if starts(bytes, at: start, with: [0x7B, 0x25]) { return [0x25, 0x7D] }  // {% … %}
    if starts(bytes, at: start, with: [0x7B, 0x7B, 0x3C]) { return [0x3E, 0x7D, 0x7D] }  // {{< … >}}
    if starts(bytes, at: start, with: [0x7B, 0x7B, 0x25]) { return [0x25, 0x7D, 0x7D] }  // {{% … %}}
    return nil
  }
}
