import Foundation

/// The metadata block at the very top of a Markdown file, reduced to the simple values cnkb uses.
///
/// YAML-style front matter sits between `---` lines (the closing line may also be `...`), TOML between
/// `+++` lines. Only top-level scalar values are kept; lists become comma-separated text, and nested
/// maps are skipped, except an author map's `name`. This is a small line parser, not YAML or TOML.
struct FrontMatter: Equatable {
  /// Top-level keys (lower-cased) and their values, quotes removed.
  var values: [String: String] = [:]
  /// The Markdown after the closing delimiter line.
  var body: Substring

  /// Splits front matter from the body; nil when the text does not open with a complete block.
  init?(splitting text: String) {
    let lines = FrontMatter.lines(text)
    guard let first = lines.first else { return nil }
    let opener = first.text.trimmingTrailingSpace()
    let isTOML: Bool
    switch opener {
    case "---": isTOML = false
    case "+++": isTOML = true
    default: return nil
    }
    guard
      let closing = lines.dropFirst().firstIndex(where: { line in
        let trimmed = line.text.trimmingTrailingSpace()
        return trimmed == opener || (!isTOML && trimmed == "...")
      })
    else { return nil }
    let block = lines[1..<closing].map(\.text)
    // A YAML block has keys, list items, comments and indented lines only; anything else means the
    // opening `---` was a horizontal rule, not front matter.
    if !isTOML && !block.allSatisfy(FrontMatter.isYAMLLine) { return nil }
    values = isTOML ? FrontMatter.parseTOML(block) : FrontMatter.parseYAML(block)
    body = text[lines[closing].end...]
  }

  /// A line's text (without its line break) and where the next line starts.
  struct Line {
    var text: Substring
    var end: String.Index
  }

  /// Splits text into lines, remembering where each one ends (after its line break).
  static func lines(_ text: String) -> [Line] {
    var lines: [Line] = []
    var start = text.startIndex
    while start < text.endIndex {
      if let newline = text[start...].firstIndex(where: \.isNewline) {
        let next = text.index(after: newline)
        lines.append(Line(text: text[start..<newline], end: next))
        start = next
      } else {
        lines.append(Line(text: text[start...], end: text.endIndex))
        start = text.endIndex
      }
    }
    return lines
  }

  /// Whether a line can belong to a YAML front matter block.
  static func isYAMLLine(_ line: Substring) -> Bool {
    guard let first = line.first else { return true }
    return first.isWhitespace || first == "#" || first == "-" || line.contains(":")
  }

  /// Reads `key: value` lines at the top level of a YAML block.
  static func parseYAML(_ lines: [Substring]) -> [String: String] {
    var values: [String: String] = [:]
    var index = 0
    while index < lines.count {
      let line = lines[index]
      index += 1
      guard let first = line.first, !first.isWhitespace, first != "#", first != "-",
        let colon = line.firstIndex(of: ":")
      else { continue }
      let key = unquote(line[..<colon].trimmingSpace()).lowercased()
      var value = line[line.index(after: colon)...].trimmingSpace()
      // The indented lines that belong to this key: a list, a nested map or a block scalar.
      var nested: [Substring] = []
      while index < lines.count, lines[index].first?.isWhitespace ?? true {
        if !lines[index].trimmingSpace().isEmpty { nested.append(lines[index].trimmingSpace()) }
        index += 1
      }
      // A list written in block style at the key's own indentation (`authors:` then `- Ada`).
      while value.isEmpty, index < lines.count, lines[index].hasPrefix("- ") {
        nested.append(lines[index].trimmingSpace())
        index += 1
      }
      if value.hasPrefix("|") || value.hasPrefix(">") {
        values[key] = nested.joined(separator: " ")
        continue
      }
      if value.hasPrefix("&") || value.hasPrefix("!") {
        value = value.drop { !$0.isWhitespace }.trimmingSpace()  // an anchor or a tag before the value
      }
      if !value.isEmpty {
        values[key] = scalarOrList(value, comment: "#")
      } else if nested.allSatisfy({ $0.hasPrefix("-") }), !nested.isEmpty {
        let items = nested.map { unquote($0.dropFirst().trimmingSpace()) }.filter { !$0.isEmpty && !$0.contains(":") }
        if !items.isEmpty { values[key] = items.joined(separator: ", ") }
      } else if let name = nested.first(where: { $0.hasPrefix("name:") }) {
        values[key] = unquote(stripComment(name.dropFirst(5).trimmingSpace(), marker: "#"))
      }
    }
    return values
  }

  /// Reads `key = value` lines before the first table header of a TOML block.
  static func parseTOML(_ lines: [Substring]) -> [String: String] {
    var values: [String: String] = [:]
    for line in lines {
      let trimmed = line.trimmingSpace()
      if trimmed.hasPrefix("[") { break }  // `[params]`: the keys that follow belong to a table
      guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
      let key = unquote(trimmed[..<equals].trimmingSpace()).lowercased()
      let value = trimmed[trimmed.index(after: equals)...].trimmingSpace()
      guard !key.isEmpty, !value.isEmpty, !value.hasPrefix("{") else { continue }
      values[key] = scalarOrList(value, comment: "#")
    }
    return values
  }

  /// A scalar without quotes or a trailing comment, or a flow list (`[a, "b"]`) as `a, b`.
  static func scalarOrList(_ value: Substring, comment: Character) -> String {
    if value.hasPrefix("[") {
      let inner = value.dropFirst().prefix { $0 != "]" }
      return inner.split(separator: ",").map { unquote($0.trimmingSpace()) }.filter { !$0.isEmpty }
        .joined(separator: ", ")
    }
    return unquote(stripComment(value, marker: comment))
  }

  /// Removes a trailing ` # comment` from an unquoted value.
  static func stripComment(_ value: Substring, marker: Character) -> Substring {
    guard let quote = value.first, quote != "\"", quote != "'" else { return value }
    var previous: Character = " "
    for index in value.indices {
      if value[index] == marker && previous.isWhitespace { return value[..<index].trimmingSpace() }
      previous = value[index]
    }
    return value
  }

  /// Removes matching single or double quotes, undoing the simple escapes inside them.
  static func unquote(_ value: Substring) -> String {
    guard value.count >= 2, let first = value.first, let last = value.last else { return String(value) }
    if first == "\"" {
      guard let closing = closingQuote(value) else { return String(value) }
      var result = ""
      var escaping = false
      for character in value[value.index(after: value.startIndex)..<closing] {
        if escaping {
          switch character {
          case "n": result.append("\n")
          case "t": result.append("\t")
          default: result.append(character)
          }
          escaping = false
        } else if character == "\\" {
          escaping = true
        } else {
          result.append(character)
        }
      }
      return result
    }
    if first == "'" && last == "'" {
      return value.dropFirst().dropLast().replacingOccurrences(of: "''", with: "'")
    }
    return String(value)
  }

  /// The index of the double quote that closes a quoted value (skipping escaped quotes).
  static func closingQuote(_ value: Substring) -> Substring.Index? {
    var escaping = false
    for index in value.indices.dropFirst() {
      if escaping {
        escaping = false
      } else if value[index] == "\\" {
        escaping = true
      } else if value[index] == "\"" {
        return index
      }
    }
    return nil
  }
}

extension Substring {
  /// The substring without leading and trailing white space.
  func trimmingSpace() -> Substring {
    guard let start = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
    let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? endIndex
    return self[start..<end]
  }

  /// The substring without trailing white space.
  func trimmingTrailingSpace() -> Substring {
    let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? startIndex
    return self[startIndex..<end]
  }
}
