// Escaping for the HTML glossary: text, attribute values, fragment links and the links to sources.

/// HTML text content: the characters that could open a tag or an entity are escaped.
func htmlText(_ text: String) -> String {
  var result = ""
  result.reserveCapacity(text.utf8.count)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "&": result += "&amp;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result
}

/// A double-quoted HTML attribute value: quotes, angle brackets and ampersands escaped, line breaks as `&#10;`.
///
/// Other control characters become spaces, so the value cannot carry anything a parser would trip over.
func htmlAttribute(_ text: String) -> String {
  var result = ""
  result.reserveCapacity(text.utf8.count)
  for scalar in text.unicodeScalars {
    switch scalar {
    case "&": result += "&amp;"
    case "\"": result += "&quot;"
    case "'": result += "&#39;"
    case "<": result += "&lt;"
    case ">": result += "&gt;"
    case "\n": result += "&#10;"
    case _ where scalar.isControl: result += " "
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result
}

/// An `href` to an anchor of the page (`#id`), ready to go inside a double-quoted attribute.
func fragmentHref(_ id: String) -> String {
  htmlAttribute("#" + percentEncodedForHref(id))
}

/// The URL for a link to a document, percent-encoded but not yet escaped, or nil when it must not be a link.
///
/// Only `http:` and `https:` URLs and relative references (paths, `//host/…`, `?query`, `#fragment`) qualify;
/// every other scheme (`javascript:`, `data:`, `file:`, `vbscript:`, …) is refused. The scheme is read the
/// way a browser reads it: leading and trailing spaces and control characters are ignored and tabs and line
/// breaks anywhere are dropped, so `java\tscript:` counts as `javascript:`. The result is percent-encoded where
/// an attribute or URL parser could stumble; escape it with ``htmlAttribute(_:)`` before writing it.
func safeLinkTarget(_ target: String) -> String? {
  var scalars = Array(target.unicodeScalars)
  let ignoredAtEnds: (Unicode.Scalar) -> Bool = { $0.value <= 0x20 }
  while let first = scalars.first, ignoredAtEnds(first) { scalars.removeFirst() }
  while let last = scalars.last, ignoredAtEnds(last) { scalars.removeLast() }
  scalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
  guard !scalars.isEmpty else { return nil }
  if let scheme = urlScheme(scalars), scheme != "http", scheme != "https" { return nil }
  var cleaned = ""
  cleaned.unicodeScalars.append(contentsOf: scalars)
  return percentEncodedForHref(cleaned)
}

/// The scheme of a URL, lower-cased, or nil for a relative reference.
///
/// A scheme is an ASCII letter followed by letters, digits, `+`, `-` or `.`, ended by `:`.
private func urlScheme(_ scalars: [Unicode.Scalar]) -> String? {
  guard let first = scalars.first, first.isASCII, first.properties.isAlphabetic else { return nil }
  var scheme = ""
  for scalar in scalars {
    if scalar == ":" { return scheme.lowercased() }
    let isSchemeCharacter =
      scalar.isASCII
      && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        || "+-.".unicodeScalars
          .contains(scalar))
    guard isSchemeCharacter else { return nil }
    scheme.unicodeScalars.append(scalar)
  }
  return nil
}

/// Characters percent-encoded in links: they would end the attribute, confuse a URL parser or be invisible.
private let hrefUnsafe: Set<Unicode.Scalar> = [" ", "\"", "'", "<", ">", "`", "\\", "{", "}", "|", "^"]
private let hrefUnsafeBytes = Set(hrefUnsafe.map { UInt8($0.value) })

/// The text with spaces, quotes, angle brackets, control characters and other troublemakers percent-encoded.
private func percentEncodedForHref(_ text: String) -> String {
  // Printable ASCII with nothing to encode, as most concept ids are, is returned as it is.
  if text.utf8.allSatisfy({ (0x21..<0x7F).contains($0) && !hrefUnsafeBytes.contains($0) }) { return text }
  var result = ""
  for scalar in text.unicodeScalars {
    let category = scalar.properties.generalCategory
    if hrefUnsafe.contains(scalar) || scalar.properties.isWhitespace || category == .control
      || category == .format || category == .lineSeparator || category == .paragraphSeparator
    {
      for byte in String(scalar).utf8 { result += "%" + upperHex(byte) }
    } else {
      result.unicodeScalars.append(scalar)
    }
  }
  return result
}

/// Two upper-case hexadecimal digits.
private func upperHex(_ byte: UInt8) -> String {
  let digits = Array("0123456789ABCDEF")
  return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
