/// reStructuredText inline markup turned into HTML: literals, emphasis, links, roles and substitutions.
///
/// Markup is recognised where Docutils recognises it: a start-string after white space, an opening
/// punctuation mark or the start of the text, and followed by no white space; an end-string after no white
/// space, followed by white space, punctuation or the end. Anything else is text, HTML-escaped.
struct RestructuredTextInline {
  /// What each substitution reference stands for (`.. |name| replace:: text`).
  ///
  /// An image's is empty. A name with no definition (one the site's configuration supplies) stays as written.
  var substitutions: [String: String] = [:]

  /// Roles whose content is code or a name from code.
  static let codeRoles: Set<String> = [
    "code", "literal", "command", "file", "envvar", "option", "program", "samp", "kbd", "makevar", "mimetype",
    "regexp", "func", "meth", "class", "attr", "mod", "data", "const", "exc", "obj", "var", "type", "member",
    "macro", "struct", "enum", "enumerator", "expr", "confval",
  ]

  /// The HTML of one block's text, with no substitution defined.
  static func html(_ text: Substring) -> String { RestructuredTextInline().html(text) }

  /// The HTML of one block's text.
  func html(_ text: Substring) -> String {
    let characters = Array(text)
    var output = ""
    var index = 0
    // Where a search for each end-string found none from there to the end: no later search can find one, so
    // a paragraph full of unmatched "*" costs linear time.
    var unclosed: [String: Int] = [:]
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        // An escaped character is text; an escaped space is nothing.
        if index + 1 < characters.count, !characters[index + 1].isWhitespace {
          output += Self.escaped(String(characters[index + 1]))
        }
        index += 2
        continue
      }
      if Self.canStart(characters, at: index), let (html, next) = markup(characters, at: index, unclosed: &unclosed) {
        // A footnote reference leaves nothing, not even the space before it ("at start-up [#mtu]_.").
        if html.isEmpty, output.last == " " { output.removeLast() }
        output += html
        index = next
        continue
      }
      // "word_" and "word__" refer to a link target; the word stays.
      if character == "_", index > 0, characters[index - 1].isLetter || characters[index - 1].isNumber {
        var after = index + 1
        if after < characters.count, characters[after] == "_" { after += 1 }
        if after == characters.count || Self.isEndFollower(characters[after]) {
          index = after
          continue
        }
      }
      output += Self.escaped(String(character))
      index += 1
    }
    return output
  }

  /// Markup starting at `index`: its HTML and the index after it, or nil when none starts there.
  private func markup(_ characters: [Character], at index: Int, unclosed: inout [String: Int]) -> (
    String, Int
  )? {
    func enclosed(_ characters: [Character], from start: Int, by marker: String) -> (String, Int)? {
      if let none = unclosed[marker], start >= none { return nil }
      guard let found = Self.enclosed(characters, from: start, by: marker) else {
        unclosed[marker] = min(unclosed[marker] ?? start, start)
        return nil
      }
      return found
    }
    // Compared character by character: this runs for every marker at every character of the text.
    func starts(with string: String) -> Bool {
      var position = index
      for character in string {
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
      }
      return position < characters.count && !characters[position].isWhitespace
    }
    if starts(with: "``"), let (content, next) = enclosed(characters, from: index + 2, by: "``") {
      return ("<code>\(Self.escaped(content))</code>", next)
    }
    if starts(with: "**"), let (content, next) = enclosed(characters, from: index + 2, by: "**") {
      return ("<strong>\(html(Substring(content)))</strong>", next)
    }
    if starts(with: "*"), let (content, next) = enclosed(characters, from: index + 1, by: "*") {
      return ("<em>\(html(Substring(content)))</em>", next)
    }
    if characters[index] == ":", let (role, afterRole) = Self.roleName(characters, at: index),
      afterRole < characters.count, characters[afterRole] == "`",
      let (content, next) = enclosed(characters, from: afterRole + 1, by: "`")
    {
      return (interpreted(content, role: role), next)
    }
    if starts(with: "`"), let (content, next) = enclosed(characters, from: index + 1, by: "`") {
      // "`text <url>`_" and "`text`__" are links; "`text`:role:" gives the role after.
      var after = next
      if after < characters.count, characters[after] == "_" {
        after += 1
        if after < characters.count, characters[after] == "_" { after += 1 }
        let (label, target) = Self.labelAndTarget(content)
        let href = target.map { " href=\"\(Self.escaped($0))\"" } ?? ""
        return ("<a\(href)>\(html(Substring(label)))</a>", after)
      }
      if after < characters.count, characters[after] == ":",
        let (role, afterRole) = Self.roleName(characters, at: after)
      {
        return (interpreted(content, role: role), afterRole)
      }
      return ("<em>\(html(Substring(content)))</em>", next)
    }
    if starts(with: "|"), let (content, next) = enclosed(characters, from: index + 1, by: "|") {
      // A substitution is its definition's text, nothing for an image (a badge), and its name when the page
      // does not define it ("|prodname|", which a site's configuration supplies).
      var after = next
      while after < characters.count, characters[after] == "_", after - next < 2 { after += 1 }
      return (Self.escaped(substitutions[content] ?? content), after)
    }
    if characters[index] == "[",
      let close = characters[index..<min(characters.count, index + 41)].firstIndex(of: "]"),
      close + 1 < characters.count, characters[close + 1] == "_",
      close + 2 == characters.count || Self.isEndFollower(characters[close + 2])
    {
      // A footnote or citation reference ("[1]_", "[#note]_"): no words of the text.
      return ("", close + 2)
    }
    if starts(with: "_`"), let (content, next) = enclosed(characters, from: index + 2, by: "`") {
      return (html(Substring(content)), next)
    }
    return nil
  }

  /// `:name:` at `index`, with the index after it.
  private static func roleName(_ characters: [Character], at index: Int) -> (String, Int)? {
    var end = index + 1
    while end < characters.count,
      characters[end].isLetter || characters[end].isNumber || "-_.+".contains(characters[end])
        || (characters[end] == ":" && end + 1 < characters.count && characters[end + 1] != "`")
    {
      end += 1
    }
    guard end > index + 1, end < characters.count, characters[end] == ":" else { return nil }
    // "py:func" names the role "func" of the Python domain.
    let name = String(characters[(index + 1)..<end]).lowercased()
    return (name.split(separator: ":").last.map(String.init) ?? name, end + 1)
  }

  /// Interpreted text in a role.
  private func interpreted(_ content: String, role: String) -> String {
    var text = content
    if text.first == "~" || text.first == "!" { text.removeFirst() }
    let (label, target) = Self.labelAndTarget(text)
    switch role {
    case "abbr":
      // "LIF (logical interface)": the abbreviation with its expansion as the title.
      if let open = label.lastIndex(of: "("), label.hasSuffix(")") {
        let short = label[..<open].trimmingCharacters(in: .whitespaces)
        let long = label[label.index(after: open)..<label.index(before: label.endIndex)]
        return "<abbr title=\"\(Self.escaped(String(long)))\">\(Self.escaped(short))</abbr>"
      }
      return "<abbr>\(Self.escaped(label))</abbr>"
    case "term":
      // A link to the glossary entry of the term.
      return "<a href=\"#term-\(Self.escaped(target ?? label))\">\(Self.escaped(label))</a>"
    case "ref", "doc", "numref", "download", "any", "rfc", "pep":
      return "<a>\(Self.escaped(label))</a>"
    case "emphasis", "title-reference", "title", "t", "dfn":
      return role == "dfn" ? "<dfn>\(Self.escaped(label))</dfn>" : "<em>\(Self.escaped(label))</em>"
    case "strong":
      return "<strong>\(Self.escaped(label))</strong>"
    case "math":
      return "<code>\(Self.escaped(label))</code>"
    default:
      return Self.codeRoles.contains(role) ? "<code>\(Self.escaped(label))</code>" : Self.escaped(label)
    }
  }

  /// "text <target>" split into the text and the target; text alone has no target.
  private static func labelAndTarget(_ content: String) -> (String, String?) {
    guard content.hasSuffix(">"), let open = content.lastIndex(of: "<") else { return (content, nil) }
    let label = content[..<open].trimmingCharacters(in: .whitespaces)
    let target = String(content[content.index(after: open)..<content.index(before: content.endIndex)])
    return (label.isEmpty ? target : label, target)
  }

  /// The text up to the end-string `marker` from `start`, and the index after the marker, when it closes there.
  private static func enclosed(_ characters: [Character], from start: Int, by marker: String) -> (String, Int)? {
    let end = Array(marker)
    var position = start
    while position + end.count <= characters.count {
      if characters[position] == "\\" && marker != "``" {
        position += 2
        continue
      }
      if characters[position..<(position + end.count)].elementsEqual(end), position > start,
        !characters[position - 1].isWhitespace,
        position + end.count == characters.count || isEndFollower(characters[position + end.count])
          || (marker == "`" && "_:".contains(characters[position + end.count]))
          || (marker == "|" && characters[position + end.count] == "_")
      {
        return (String(characters[start..<position]), position + end.count)
      }
      position += 1
    }
    return nil
  }

  /// Whether inline markup may start at `index`: at the start, or after white space or opening punctuation.
  private static func canStart(_ characters: [Character], at index: Int) -> Bool {
    guard index > 0 else { return true }
    let before = characters[index - 1]
    return before.isWhitespace || "-:/'\"<([{".contains(before) || before == "\u{2018}" || before == "\u{201C}"
  }

  /// Whether a character may follow an end-string: white space or punctuation.
  private static func isEndFollower(_ character: Character) -> Bool {
    character.isWhitespace || "-.,:;!?\\/'\")]}>".contains(character) || character == "\u{2019}"
      || character == "\u{201D}"
  }

  /// Text with the characters HTML gives meaning to escaped.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }
}
