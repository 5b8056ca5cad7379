/// Decoding of the character references that turn up in titles and front matter.
enum HTMLEntities {
  /// The named references worth knowing outside a full HTML parser.
  static let named: [Substring: String] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ndash": "\u{2013}",
    "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
    "hellip": "\u{2026}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "middot": "\u{B7}",
    "laquo": "\u{AB}", "raquo": "\u{BB}", "bull": "\u{2022}", "times": "\u{D7}", "rarr": "\u{2192}",
  ]

  /// Replaces `&name;`, `&#NNN;` and `&#xHH;` references; anything else (a bare `&`) is kept as written.
  static func decode(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var rest = text[...]
    while let ampersand = rest.firstIndex(of: "&") {
      result += rest[..<ampersand]
      let afterAmpersand = rest.index(after: ampersand)
      let window = rest[afterAmpersand...].prefix(12)
      if let semicolon = window.firstIndex(of: ";"), let value = reference(rest[afterAmpersand..<semicolon]) {
        result += value
        rest = rest[rest.index(after: semicolon)...]
      } else {
        result += "&"
        rest = rest[afterAmpersand...]
      }
    }
    result += rest
    return result
  }

  /// The text a reference's name stands for (`amp`, `#39`, `#x2019`), or nil when unknown or invalid.
  static func reference(_ name: Substring) -> String? {
    let code: UInt32?
    if name.hasPrefix("#x") || name.hasPrefix("#X") {
      code = UInt32(name.dropFirst(2), radix: 16)
    } else if name.hasPrefix("#") {
      code = UInt32(name.dropFirst(), radix: 10)
    } else {
      return named[name]
    }
    guard let code, code != 0, let scalar = Unicode.Scalar(code) else { return nil }
    return String(Character(scalar))
  }

  /// Collapses every run of white space to one space and trims both ends.
  static func collapsingWhiteSpace(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !result.isEmpty
      } else {
        if pendingSpace { result.unicodeScalars.append(" ") }
        pendingSpace = false
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
