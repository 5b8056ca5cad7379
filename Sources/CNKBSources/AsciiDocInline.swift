/// AsciiDoc inline markup turned into HTML: strong, emphasis, monospace, links, cross references and macros.
///
/// Constrained marks (`*strong*`, `_emphasis_`, `` `code` ``) open after a non-word character and close before
/// one; unconstrained marks (`**`, `__`, ` `` `) anywhere. A mark that never closes is text, looked past once.
enum AsciiDocInline {
  /// Macros whose bracketed text is what they show (`kbd:[Ctrl+C]`, `btn:[Save]`, `pass:[…]`).
  static let textMacros = ["kbd:[", "btn:[", "pass:[", "menu:"]

  /// The HTML of one block's text.
  static func html(_ text: Substring) -> String {
    let characters = Array(text)
    var output = ""
    var unclosed: [String: Int] = [:]
    var index = 0
    while index < characters.count {
      if let (html, next) = markup(characters, at: index, unclosed: &unclosed) {
        output += html
        index = next
        continue
      }
      output += RestructuredTextInline.escaped(String(characters[index]))
      index += 1
    }
    return output
  }

  /// Markup starting at `index`: its HTML and the index after it, or nil.
  private static func markup(_ characters: [Character], at index: Int, unclosed: inout [String: Int]) -> (
    String, Int
  )? {
    let character = characters[index]
    let before: Character? = index > 0 ? characters[index - 1] : nil
    let boundary = before.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
    func closing(_ marker: String, from start: Int, constrained: Bool) -> Int? {
      if let none = unclosed[marker], start >= none { return nil }
      let end = Array(marker)
      var position = start
      while position + end.count <= characters.count {
        if characters[position..<(position + end.count)].elementsEqual(end), position > start,
          !characters[position - 1].isWhitespace,
          !constrained || position + end.count == characters.count
            || !(characters[position + end.count].isLetter || characters[position + end.count].isNumber)
        {
          return position
        }
        position += 1
      }
      unclosed[marker] = min(unclosed[marker] ?? start, start)
      return nil
    }
    // Compared character by character: this runs for every marker at every character of the text.
    func starts(_ string: String) -> Bool {
      var position = index
      for character in string {
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
      }
      return true
    }
    for (marker, tag, constrained) in [
      ("``", "code", false), ("**", "strong", false), ("__", "em", false), ("`", "code", true),
      ("*", "strong", true), ("_", "em", true), ("##", "mark", false), ("#", "mark", true),
    ] where starts(marker) && (!constrained || boundary) {
      let start = index + marker.count
      guard start < characters.count, !characters[start].isWhitespace,
        let close = closing(marker, from: start, constrained: constrained)
      else { continue }
      let content = Substring(String(characters[start..<close]))
      let inner = tag == "code" ? RestructuredTextInline.escaped(String(content)) : html(content)
      return (tag == "mark" ? inner : "<\(tag)>\(inner)</\(tag)>", close + marker.count)
    }
    // "<<id,text>>" and "<<id>>": a cross reference shows its text, or its target.
    if starts("<<"), let close = closing(">>", from: index + 2, constrained: false) {
      let inside = String(characters[(index + 2)..<close])
      let shown = inside.split(separator: ",", maxSplits: 1).last.map(String.init) ?? inside
      return ("<a>\(RestructuredTextInline.escaped(shown.trimmingCharacters(in: .whitespaces)))</a>", close + 2)
    }
    // "footnote:[…]" adds nothing to the sentence.
    if boundary, starts("footnote:["), let close = bracketClose(characters, from: index + 10) {
      return ("", close + 1)
    }
    if boundary, let macro = textMacros.first(where: starts),
      let open = characters[index..<min(characters.count, index + 40)].firstIndex(of: "["),
      let close = bracketClose(characters, from: open + 1)
    {
      let name = macro == "menu:" ? String(characters[(index + 5)..<open]) + " " : ""
      return (RestructuredTextInline.escaped(name + String(characters[(open + 1)..<close])), close + 1)
    }
    // "link:url[text]", "xref:page.adoc[text]", "https://host/path[text]" and a bare URL.
    if boundary, character == "l" || character == "x" || character == "h" || character == "m",
      let prefix = ["link:", "xref:", "https://", "http://", "mailto:"].first(where: starts)
    {
      var end = index + prefix.count
      while end < characters.count, !characters[end].isWhitespace, characters[end] != "[" { end += 1 }
      let target = String(characters[index..<end])
      if end < characters.count, characters[end] == "[", let close = bracketClose(characters, from: end + 1) {
        var label = String(characters[(end + 1)..<close])
        if let comma = label.firstIndex(of: ","), label.contains("=") { label = String(label[..<comma]) }
        let href = prefix == "link:" || prefix == "xref:" ? String(target.dropFirst(prefix.count)) : target
        let shown = label.isEmpty ? (prefix.hasPrefix("http") ? target : href) : label
        return ("<a href=\"\(RestructuredTextInline.escaped(href))\">\(html(Substring(shown)))</a>", close + 1)
      }
      guard prefix.hasPrefix("http") else { return nil }
      // A bare URL's final punctuation belongs to the sentence.
      while end > index + prefix.count, ".,;:)".contains(characters[end - 1]) { end -= 1 }
      let url = String(characters[index..<end])
      return ("<a href=\"\(RestructuredTextInline.escaped(url))\">\(RestructuredTextInline.escaped(url))</a>", end)
    }
    return nil
  }

  /// The index of the `]` that closes a bracket opened before `start`, within 2,000 characters.
  private static func bracketClose(_ characters: [Character], from start: Int) -> Int? {
    var depth = 0
    var position = start
    while position < min(characters.count, start + 2_000) {
      switch characters[position] {
      case "[": depth += 1
      case "]":
        if depth == 0 { return position }
        depth -= 1
      default: break
      }
      position += 1
    }
    return nil
  }
}
