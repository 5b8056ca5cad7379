/// Rewrites Markdown so that Ink 0.6.0 renders it without hanging or swallowing the rest of the document.
///
/// Ink has a few habits that hurt real documentation:
/// - a `<p…` with no `>` anywhere after it makes `parse` loop forever;
/// - a tag Ink does not see closed (`<br>`, `<img …>`, a placeholder such as `<pod-name>`, an autolink
///   `<https://…>`, a stray end tag) turns everything after it into one raw HTML block;
/// - `~~~` fences, fences inside list items and CRLF line breaks are not recognised as code blocks;
/// - after a hard line break (two trailing spaces, a trailing backslash) a paragraph runs on across a
///   blank line and can swallow the code fence that follows;
/// - a line starting with `` ` ``, an inline tag, `-v` or `#42` ends the paragraph above it mid-sentence;
/// - a document that starts with `---` loses its first section to Ink's own metadata parser, or crashes it;
/// - each `[` starts a link whose text is parsed by a nested call, and a link that fails is parsed again by
///   the level above: open brackets cost time exponential in their number (and thousands overflow the
///   stack), so past `bracketDepthLimit` open ones in a paragraph a `[` is written as `&#91;`.
///
/// The rewrite works on UTF-8 bytes, line by line, in linear time (the look-ahead for end tags has a
/// budget). Code spans and fenced code are copied untouched, and so is raw HTML that Ink will read as one
/// closed element; other `<` become `&lt;`, void elements are self-closed, stray end tags and HTML
/// comments are dropped, and fences are rewritten as backtick fences at the start of a line.
enum InkCompatibility {
  /// How far a closing tag is looked for, in bytes.
  static let lookAheadLimit = 262_144
  /// How many `[` may be open at once in a paragraph before further ones are written as text (a link in an
  /// image in a link needs 2).
  static let bracketDepthLimit = 6

  /// `[` as a character reference: the same text, which Ink never takes for the start of a link.
  static let bracketReference = Array("&#91;".utf8)

  /// The character reference a tangled stretch (see `Rewriter.isTangled`) writes for a bracket or a backtick,
  /// nil for any other byte.
  static func tangledReference(_ byte: UInt8) -> [UInt8]? {
    switch byte {
    case UInt8(ascii: "["): bracketReference
    case UInt8(ascii: "`"): Array("&#96;".utf8)
    default: nil
    }
  }

  /// The rewritten Markdown.
  static func prepare(_ markdown: Substring) -> String {
    var rewriter = Rewriter(normalisingLineBreaks: Array(markdown.utf8))
    rewriter.run()
    return String(decoding: rewriter.output, as: UTF8.self)
  }

  /// HTML element names Ink may meet (lower case).
  static let knownElements: Set<[UInt8]> = Set(
    """
    a abbr acronym address area article aside audio b base bdi bdo big blockquote body br button canvas \
    caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed \
    fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img \
    input ins kbd label legend li link main map mark math menu meta meter nav noscript object ol optgroup \
    option output p param picture pre progress q rp rt ruby s samp script section select small source \
    span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time \
    title tr track tt u ul var video wbr
    """.split(separator: " ").map { Array($0.utf8) })

  /// Elements that sit inside a line of text: a line starting with one continues the paragraph above.
  static let inlineElements: Set<[UInt8]> = Set(
    """
    a abbr b bdi bdo br cite code data del dfn em i img ins kbd mark q s samp small span strong sub sup \
    time u var
    """.split(separator: " ").map { Array($0.utf8) })

  /// Elements that never have content.
  static let voidElements: Set<[UInt8]> = Set(
    "area base br col embed hr img input link meta param source track wbr".split(separator: " ").map {
      Array($0.utf8)
    })

  /// Elements whose end tag HTML lets authors leave out: dropped when unclosed, rather than shown as text.
  static let optionalEndElements: Set<[UInt8]> = Set(
    "p li dt dd tr td th thead tbody tfoot option".split(separator: " ").map { Array($0.utf8) })

  /// The byte-level rewriter.
  struct Rewriter {
    let input: [UInt8]
    var output: [UInt8] = []
    var position = 0
    /// Where fenced code blocks were written: Ink reads them as code, so the last guard leaves them alone.
    var codeBlocks: [Range<Int>] = []
    /// Where each end tag name (`div` for `</div>`, as written) occurs last in the input.
    let lastEndTag: [ArraySlice<UInt8>: Int]
    /// Whether the last line written is paragraph or list text that a continuation line may join.
    var previousLineIsText = false
    /// Where the last `-->` of the input starts (-1 when there is none).
    let lastCommentEnd: Int
    /// Bytes the look-ahead for end tags may still read: keeps many unclosed tags from costing quadratic time.
    var lookAheadBudget: Int
    /// How many `[` are open in the current paragraph (Ink nests one parse per open bracket).
    var openBrackets = 0
    /// Whether the output line ends inside a code span as Ink reads it: a backtick with no partner on its own
    /// line, to which a line joined after it brings the closing one.
    var codeSpanOpen = false
    /// Where the stretch of lines up to the next blank line that `tangled` describes ends in the input.
    var stretchEnd = -1
    /// Whether that stretch has more brackets outside plain links than `bracketDepthLimit` (see
    /// `isTangled`): its backticks and those brackets are then written as character references.
    var tangled = false

    /// Copies the text with `\r\n` and `\r` turned into `\n` (Ink closes fences only after a plain `\n`).
    init(normalisingLineBreaks bytes: [UInt8]) {
      var normalised: [UInt8] = []
      normalised.reserveCapacity(bytes.count)
      var index = 0
      while index < bytes.count {
        if bytes[index] == UInt8(ascii: "\r") {
          normalised.append(UInt8(ascii: "\n"))
          if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
        } else {
          normalised.append(bytes[index])
        }
        index += 1
      }
      input = normalised
      output.reserveCapacity(normalised.count + normalised.count / 16)
      lookAheadBudget = 8 * normalised.count + 1_048_576
      var lastEndTag: [ArraySlice<UInt8>: Int] = [:]
      var cursor = 0
      while cursor + 2 < normalised.count {
        if normalised[cursor] == UInt8(ascii: "<"), normalised[cursor + 1] == UInt8(ascii: "/") {
          var nameEnd = cursor + 2
          while nameEnd < normalised.count, normalised[nameEnd] != UInt8(ascii: ">"),
            normalised[nameEnd] != UInt8(ascii: " "), normalised[nameEnd] != UInt8(ascii: "\n"),
            normalised[nameEnd] != UInt8(ascii: "\t")
          {
            nameEnd += 1
          }
          lastEndTag[normalised[(cursor + 2)..<nameEnd]] = cursor
          cursor = nameEnd
        } else {
          cursor += 1
        }
      }
      self.lastEndTag = lastEndTag
      var commentEnd = normalised.count - 3
      while commentEnd >= 0,
        !(normalised[commentEnd] == UInt8(ascii: "-") && normalised[commentEnd + 1] == UInt8(ascii: "-")
          && normalised[commentEnd + 2] == UInt8(ascii: ">"))
      {
        commentEnd -= 1
      }
      lastCommentEnd = commentEnd
    }

    mutating func run() {
      // Whether the text is inside a list, where indented lines continue an item rather than hold code.
      var inList = false
      var previousLineBlank = true
      while position < input.count {
        let lineEnd = endOfLine(from: position)
        let line = position..<lineEnd
        let blank = isBlank(line)
        if !blank {
          let indentation = columns(of: line)
          if indentation < 4 && startsListItem(line) {
            inList = true
          } else if indentation == 0 && previousLineBlank {
            inList = false
          }
        }
        if let fence = fenceOpening(at: position, lineEnd: lineEnd) {
          copyFencedBlock(fence, lineEnd: lineEnd)
        } else if !blank, !inList, columns(of: line) >= 4, lastOutputLineIsBlank {
          copyIndentedBlock()
        } else if !blank, previousLineBlank, !inList, let level = setextLevel(under: line) {
          copySetextHeading(level: level, lineEnd: lineEnd)
        } else if !blank, previousLineBlank, !inList, isLabelLine(line) {
          // "**Driver**" alone on the line above its description labels it, as a definition term would: it is
          // a paragraph of its own rather than the first words of the sentence below.
          rewriteInline(upTo: lineEnd)
          if position < input.count, !isBlank(position..<endOfLine(from: position)) {
            output.append(UInt8(ascii: "\n"))
          }
          previousLineIsText = false
        } else {
          rewriteInline(upTo: lineEnd)
        }
        previousLineBlank = blank
      }
      guardAgainstUnclosedParagraphTags()
      // Until its first block, Ink reads a line starting with `-` as metadata: a leading horizontal rule
      // loses the text up to the next `---`, and metadata left open at the end of the text crashes the
      // parser. Link reference definitions (`[name]: url`) are not blocks, so they can come first. A
      // comment as the first block keeps the metadata parser away (front matter is already taken off).
      let first = output.first { !isSpace($0) && $0 != UInt8(ascii: "\n") }
      if first == UInt8(ascii: "-") || first == UInt8(ascii: "[") {
        output.insert(contentsOf: Array("<!-- -->\n\n".utf8), at: 0)
      }
    }

    // MARK: Lines

    func endOfLine(from start: Int) -> Int {
      var index = start
      while index < input.count, input[index] != UInt8(ascii: "\n") { index += 1 }
      return index
    }

    func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    func isBlank(_ range: Range<Int>) -> Bool { input[range].allSatisfy(isSpace) }

    /// Whether the last line written so far is empty (or nothing has been written).
    var lastOutputLineIsBlank: Bool {
      guard let lastBreak = output.lastIndex(of: UInt8(ascii: "\n")) else { return output.allSatisfy(isSpace) }
      let lastLine = output[(lastBreak + 1)...]
      if !lastLine.allSatisfy(isSpace) { return false }
      let before = output[..<lastBreak]
      guard let previousBreak = before.lastIndex(of: UInt8(ascii: "\n")) else { return before.allSatisfy(isSpace) }
      return output[(previousBreak + 1)..<lastBreak].allSatisfy(isSpace)
    }

    // MARK: Setext headings and labels

    /// The level of the heading that `line` is when the next line underlines it with `=` (1) or `-` (2).
    ///
    /// CommonMark reads a one-line paragraph followed by such a line ("Design" over "======") as a heading. Ink
    /// reads neither: the first became the paragraph "Design ======", the second a rule under a paragraph.
    func setextLevel(under line: Range<Int>) -> Int? {
      guard columns(of: line) < 4, line.upperBound < input.count else { return nil }
      let content = input[line].drop(while: isSpace)
      guard let first = content.first, !"#>|<`".utf8.contains(first), !startsListItem(line) else { return nil }
      let next = (line.upperBound + 1)..<endOfLine(from: line.upperBound + 1)
      guard columns(of: next) < 4 else { return nil }
      let underline = input[next].drop(while: isSpace)
      let marks = underline.prefix { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "-") }
      guard let mark = marks.first, marks.allSatisfy({ $0 == mark }),
        underline.dropFirst(marks.count).allSatisfy(isSpace)
      else { return nil }
      if mark == UInt8(ascii: "=") { return 1 }
      return marks.count >= 2 ? 2 : nil
    }

    /// Writes the line as an ATX heading of `level` and skips its underline.
    mutating func copySetextHeading(level: Int, lineEnd: Int) {
      while position < lineEnd, isSpace(input[position]) { position += 1 }
      output.append(contentsOf: Array(String(repeating: "#", count: level).utf8) + [UInt8(ascii: " ")])
      rewriteInline(upTo: lineEnd)
      let underlineEnd = endOfLine(from: position)
      position = min(input.count, underlineEnd + 1)
      if position >= input.count, output.last != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
      previousLineIsText = false
    }

    /// Whether a line is nothing but a short strong span ("**Driver**", "__Network__"), with text on the line
    /// below.
    func isLabelLine(_ line: Range<Int>) -> Bool {
      guard columns(of: line) < 4 else { return false }
      var content = input[line].drop(while: isSpace)
      while let last = content.last, isSpace(last) { content = content.dropLast() }
      guard content.count > 4, content.count <= 64 else { return false }
      let opener = Array(content.prefix(2))
      guard opener == Array("**".utf8) || opener == Array("__".utf8), Array(content.suffix(2)) == opener else {
        return false
      }
      let inner = content.dropFirst(2).dropLast(2)
      guard let first = inner.first, let last = inner.last, !isSpace(first), !isSpace(last),
        !inner.contains(opener[0]), last != UInt8(ascii: ","), inner.filter({ $0 == UInt8(ascii: " ") }).count < 6
      else { return false }
      return true
    }

    // MARK: Fenced code

    /// An opening fence: indentation, marker, run length and info string.
    struct Fence {
      var indentation: Int
      var marker: UInt8
      var count: Int
      var info: ArraySlice<UInt8>
    }

    func fenceOpening(at start: Int, lineEnd: Int) -> Fence? {
      var index = start
      // Ink skips any white space before a fence, a vertical tab or a form feed too.
      while index < lineEnd, isSpace(input[index]) || input[index] == 0x0B || input[index] == 0x0C { index += 1 }
      guard index < lineEnd else { return nil }
      let marker = input[index]
      guard marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
      let runStart = index
      while index < lineEnd, input[index] == marker { index += 1 }
      let count = index - runStart
      guard count >= 3 else { return nil }
      // Like Ink (unlike CommonMark), a backtick in the info string does not make the line inline code.
      let info = input[index..<lineEnd].drop(while: isSpace)
      return Fence(indentation: runStart - start, marker: marker, count: count, info: info)
    }

    /// Whether the line closes the fence.
    func closesFence(_ fence: Fence, _ range: Range<Int>) -> Bool {
      let content = input[range].drop(while: isSpace)
      let run = content.prefix { $0 == fence.marker }.count
      return run >= fence.count && content.dropFirst(run).allSatisfy(isSpace)
    }

    /// Writes a fenced block as a backtick fence at column 0, after a blank line, with its content dedented.
    mutating func copyFencedBlock(_ fence: Fence, lineEnd: Int) {
      // Find the closing line and the longest backtick run that starts a content line.
      var lines: [Range<Int>] = []
      var longestRun = 0
      var cursor = lineEnd < input.count ? lineEnd + 1 : lineEnd
      while cursor < input.count {
        let end = endOfLine(from: cursor)
        if closesFence(fence, cursor..<end) {
          cursor = end < input.count ? end + 1 : end
          break
        }
        lines.append(cursor..<end)
        let content = input[cursor..<end].drop(while: isSpace)
        longestRun = max(longestRun, content.prefix { $0 == UInt8(ascii: "`") }.count)
        cursor = end < input.count ? end + 1 : end
      }
      position = cursor
      // Ink cannot close a code block with no content line; an empty block holds no text anyway.
      guard !lines.isEmpty else { return }
      let count = max(3, longestRun + 1)
      if !lastOutputLineIsBlank { output.append(UInt8(ascii: "\n")) }
      let blockStart = output.count
      defer {
        codeBlocks.append(blockStart..<output.count)
        previousLineIsText = false
      }
      output.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: count))
      output.append(contentsOf: fence.info.filter { $0 != UInt8(ascii: "`") })
      output.append(UInt8(ascii: "\n"))
      for line in lines {
        var start = line.lowerBound
        var removed = 0
        while removed < fence.indentation, start < line.upperBound, isSpace(input[start]) {
          start += 1
          removed += 1
        }
        output.append(contentsOf: input[start..<line.upperBound])
        output.append(UInt8(ascii: "\n"))
      }
      output.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: count))
      output.append(UInt8(ascii: "\n"))
    }

    // MARK: Indented code

    /// How many columns of indentation a line has (a tab reaches the next multiple of 4).
    func columns(of line: Range<Int>) -> Int {
      var width = 0
      for byte in input[line] {
        if byte == UInt8(ascii: " ") {
          width += 1
        } else if byte == UInt8(ascii: "\t") {
          width += 4 - width % 4
        } else {
          break
        }
      }
      return width
    }

    /// Whether a line opens a list item: `-`, `*` or `+`, or a number with `.` or `)`, then a space.
    func startsListItem(_ line: Range<Int>) -> Bool {
      let content = input[line].drop(while: isSpace)
      guard let first = content.first else { return false }
      var rest = content.dropFirst()
      if !"-*+".utf8.contains(first) {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        rest = rest.drop { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard let mark = rest.first, mark == UInt8(ascii: ".") || mark == UInt8(ascii: ")") else { return false }
        rest = rest.dropFirst()
      }
      return rest.first.map(isSpace) ?? false
    }

    /// Writes an indented code block (lines indented 4 columns or more after a blank line, outside a list,
    /// which Ink reads as a paragraph) as a backtick fence, four columns dedented, like `copyFencedBlock`.
    mutating func copyIndentedBlock() {
      var lines: [Range<Int>] = []
      var cursor = position
      var end = position
      var longestRun = 0
      while cursor < input.count {
        let lineEnd = endOfLine(from: cursor)
        let line = cursor..<lineEnd
        guard isBlank(line) || columns(of: line) >= 4 else { break }
        lines.append(line)
        if !isBlank(line) {
          end = lineEnd
          let content = input[line].drop(while: isSpace)
          longestRun = max(longestRun, content.prefix { $0 == UInt8(ascii: "`") }.count)
        }
        cursor = lineEnd < input.count ? lineEnd + 1 : lineEnd
      }
      // Blank lines after the last indented one belong to what follows.
      lines = lines.filter { $0.upperBound <= end }
      position = end < input.count ? end + 1 : end
      let count = max(3, longestRun + 1)
      let blockStart = output.count
      output.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: count))
      output.append(UInt8(ascii: "\n"))
      for line in lines {
        var start = line.lowerBound
        var width = 0
        while width < 4, start < line.upperBound, isSpace(input[start]) {
          width += input[start] == UInt8(ascii: "\t") ? 4 - width % 4 : 1
          start += 1
        }
        output.append(contentsOf: input[start..<line.upperBound])
        output.append(UInt8(ascii: "\n"))
      }
      output.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: count))
      output.append(UInt8(ascii: "\n"))
      codeBlocks.append(blockStart..<output.count)
      previousLineIsText = false
    }

    // MARK: Inline text

    /// Rewrites from `position` to the end of the line (or further, when raw HTML spans lines).
    mutating func rewriteInline(upTo initialLineEnd: Int) {
      var lineEnd = initialLineEnd
      var joined = false
      if previousLineIsText, position > 0, input[position - 1] == UInt8(ascii: "\n"),
        output.last == UInt8(ascii: "\n"), continuesParagraph(position..<lineEnd)
      {
        output[output.count - 1] = UInt8(ascii: " ")
        joined = true
      }
      let lineStart = output.count
      defer { if !joined { previousLineIsText = isText(output[lineStart...]) } }
      // Ink pairs backticks along the whole joined line: one left open above is closed by this line's first.
      if !joined { codeSpanOpen = false }
      if position >= stretchEnd {
        stretchEnd = endOfStretch(from: position)
        tangled = isTangled(position..<stretchEnd)
      }
      // Ink's link text ends at a blank line, or a line starting with one of these: so does the count. A line
      // joined to the paragraph above no longer starts a line for Ink, and its brackets add to those open.
      if isBlank(position..<lineEnd) || (!joined && "#<`-".utf8.contains(input[position])) { openBrackets = 0 }
      while position < lineEnd {
        // A dropped tag or comment can leave a fence at the start of an output line, where Ink will see it.
        if output.isEmpty || output.last == UInt8(ascii: "\n"), position > 0, input[position - 1] != UInt8(ascii: "\n"),
          let fence = fenceOpening(at: position, lineEnd: lineEnd)
        {
          copyFencedBlock(fence, lineEnd: lineEnd)
          return
        }
        let byte = input[position]
        if tangled, let link = plainLink(at: position, lineEnd: lineEnd) {
          output.append(contentsOf: input[position..<link])
          position = link
          continue
        }
        if tangled,
          let reference = InkCompatibility.tangledReference(
            byte == UInt8(ascii: "\\") && position + 1 < lineEnd ? input[position + 1] : byte)
        {
          // An escaped bracket or backtick is the same character: both are written as references.
          position += byte == UInt8(ascii: "\\") ? 2 : 1
          output.append(contentsOf: reference)
          continue
        }
        if byte == UInt8(ascii: "\\"), position + 1 < lineEnd, isASCIIPunctuation(input[position + 1]) {
          // A backslash escape: Ink reads the next character literally. `\<` becomes `&lt;`, because
          // Ink never finishes a document with an escaped `<p`.
          if input[position + 1] == UInt8(ascii: "<") {
            output.append(contentsOf: Array("&lt;".utf8))
          } else if input[position + 1] == UInt8(ascii: "["), openBrackets >= InkCompatibility.bracketDepthLimit {
            output.append(contentsOf: InkCompatibility.bracketReference)  // Ink starts a link at an escaped `[` too
          } else {
            if input[position + 1] == UInt8(ascii: "[") { openBrackets += 1 }
            output.append(contentsOf: input[position...(position + 1)])
          }
          position += 2
        } else if byte == UInt8(ascii: "`"), codeSpanOpen {
          output.append(byte)
          position += 1
          codeSpanOpen = false
        } else if byte == UInt8(ascii: "`") {
          copyCodeSpan(lineEnd: lineEnd)
        } else if byte == UInt8(ascii: "<") {
          rewriteAngleBracket(lineEnd: lineEnd)
          if position > lineEnd { lineEnd = endOfLine(from: position) }  // raw HTML or a comment ran on
        } else if byte == UInt8(ascii: "["), openBrackets >= InkCompatibility.bracketDepthLimit {
          output.append(contentsOf: InkCompatibility.bracketReference)
          position += 1
        } else {
          if byte == UInt8(ascii: "[") { openBrackets += 1 }
          if byte == UInt8(ascii: "]") { openBrackets = max(0, openBrackets - 1) }
          output.append(byte)
          position += 1
        }
      }
      // Ink carries a paragraph or a quote on across a blank line after a hard line break (two trailing
      // spaces or a trailing backslash), which can pull a following code fence into the text: both go.
      while let last = output.last, isSpace(last) || last == UInt8(ascii: "\\") { output.removeLast() }
      if position < input.count {
        output.append(UInt8(ascii: "\n"))
        position += 1
      }
    }

    /// Whether a line that Ink would take for the start of a new block only continues the paragraph above:
    /// it opens with inline code, an inline HTML element, `-` or `#` glued to a word (`-v`, `--all`, `#42`).
    ///
    /// Ink ends a paragraph at any line starting with `` ` ``, `<`, `-` or `#`, which cuts sentences in two.
    func continuesParagraph(_ line: Range<Int>) -> Bool {
      let content = input[line]
      guard let first = content.first, !isSpace(first), content.count >= 2 else { return false }
      let second = content[content.startIndex + 1]
      switch first {
      case UInt8(ascii: "`"):
        return second != UInt8(ascii: "`")
      case UInt8(ascii: "#"):
        return second != UInt8(ascii: "#") && !isSpace(second)
      case UInt8(ascii: "-"):
        if second == UInt8(ascii: "-") {
          return content.count >= 3 && isLetter(content[content.startIndex + 2])
        }
        return !isSpace(second)
      case UInt8(ascii: "<"):
        let name = content.dropFirst().prefix(while: isLetter).map(lowercased)
        return InkCompatibility.inlineElements.contains(name)
      default:
        return false
      }
    }

    /// Whether a line written is paragraph or list text (not a heading, table row, fence, tag or rule).
    func isText(_ line: ArraySlice<UInt8>) -> Bool {
      let content = line.drop { isSpace($0) || $0 == UInt8(ascii: "\n") }
      guard let first = content.first else { return false }
      if first == UInt8(ascii: "#") || first == UInt8(ascii: "|") || first == UInt8(ascii: "`")
        || first == UInt8(ascii: "<")
      {
        return false
      }
      // A rule or a setext underline.
      return !content.allSatisfy { isSpace($0) || "-*_=\n".utf8.contains($0) }
    }

    /// The end of the stretch of lines that starts at `start`: the start of the next blank line or fence, or the
    /// end.
    func endOfStretch(from start: Int) -> Int {
      var lineStart = start
      while lineStart < input.count {
        let lineEnd = endOfLine(from: lineStart)
        if lineStart > start, isBlank(lineStart..<lineEnd) || fenceOpening(at: lineStart, lineEnd: lineEnd) != nil {
          return lineStart
        }
        lineStart = lineEnd + 1
      }
      return input.count
    }

    /// Whether a stretch of lines has more loose `[` (outside plain links) than `bracketDepthLimit`.
    ///
    /// Ink parses every `[` as the start of a link, nested, and a link that fails as often again: its time grows
    /// exponentially with the brackets it finds open together. The rewrite caps those it counts outside code
    /// spans, pairing backticks line by line; Ink pairs them along the lines it joins, and reads runs of them
    /// its own way. So when a line of the stretch has an odd number of backticks, or two or more in a row, the
    /// brackets inside code spans count too, and a stretch with that many loose brackets is written with its
    /// brackets and backticks as character references: the same text, without its code spans.
    func isTangled(_ stretch: Range<Int>) -> Bool {
      var irregular = false
      var lineStart = stretch.lowerBound
      while lineStart < stretch.upperBound, !irregular {
        let lineEnd = min(endOfLine(from: lineStart), stretch.upperBound)
        let line = input[lineStart..<lineEnd]
        irregular =
          line.filter { $0 == UInt8(ascii: "`") }.count % 2 == 1
          || zip(line, line.dropFirst()).contains { $0 == UInt8(ascii: "`") && $1 == UInt8(ascii: "`") }
        lineStart = lineEnd + 1
      }
      var loose = 0
      var inCode = false
      var index = stretch.lowerBound
      // The end of the line being read, found once per line: a long line holds many links.
      var lineEnd = endOfLine(from: index)
      while index < stretch.upperBound {
        switch input[index] {
        case UInt8(ascii: "\n"):
          inCode = false
          lineEnd = endOfLine(from: index + 1)
        case UInt8(ascii: "`"):
          inCode.toggle()
        case UInt8(ascii: "["), UInt8(ascii: "!"):
          if !inCode, let end = plainLink(at: index, lineEnd: lineEnd) {
            index = end
            continue
          }
          if input[index] == UInt8(ascii: "["), !inCode || irregular {
            loose += 1
            if loose > InkCompatibility.bracketDepthLimit { return true }
          }
        default:
          break
        }
        index += 1
      }
      return false
    }

    /// The end of a plain link or reference at `start`, on one line: `[text](target)` or `[text][name]` (an image
    /// too), with no bracket, backtick, backslash, `<` or `&` inside, nor a space or parenthesis in the target:
    /// what is copied as it stands needs none of the rewrite's other care.
    func plainLink(at start: Int, lineEnd: Int) -> Int? {
      var index = start
      if input[index] == UInt8(ascii: "!") { index += 1 }
      guard index < lineEnd, input[index] == UInt8(ascii: "[") else { return nil }
      func closing(_ close: UInt8, from open: Int, forbidding: [UInt8]) -> Int? {
        var at = open + 1
        while at < lineEnd {
          let byte = input[at]
          if byte == close { return at }
          if forbidding.contains(byte) { return nil }
          at += 1
        }
        return nil
      }
      let brackets: [UInt8] = Array("[]`\\<&".utf8)
      guard let textEnd = closing(UInt8(ascii: "]"), from: index, forbidding: brackets), textEnd + 1 < lineEnd
      else { return nil }
      switch input[textEnd + 1] {
      case UInt8(ascii: "("):
        return closing(UInt8(ascii: ")"), from: textEnd + 1, forbidding: brackets + Array("() \t<".utf8)).map { $0 + 1 }
      case UInt8(ascii: "["):
        return closing(UInt8(ascii: "]"), from: textEnd + 1, forbidding: brackets).map { $0 + 1 }
      default:
        return nil
      }
    }

    /// Copies a code span the way Ink reads one: from a backtick to the next backtick on the same line.
    mutating func copyCodeSpan(lineEnd: Int) {
      if let close = input[(position + 1)..<lineEnd].firstIndex(of: UInt8(ascii: "`")) {
        output.append(contentsOf: input[position...close])
        position = close + 1
      } else {
        output.append(input[position])
        position += 1
        codeSpanOpen = true
      }
    }

    /// Handles a `<`: comment, tag, autolink or a plain less-than sign.
    mutating func rewriteAngleBracket(lineEnd: Int) {
      let rest = input[position...]
      if rest.starts(with: Array("<!--".utf8)) {
        skipComment(lineEnd: lineEnd)
        return
      }
      let isClosing = position + 1 < lineEnd && input[position + 1] == UInt8(ascii: "/")
      let nameStart = position + (isClosing ? 2 : 1)
      var nameEnd = nameStart
      while nameEnd < lineEnd, isNameByte(input[nameEnd]) { nameEnd += 1 }
      guard nameEnd > nameStart, isLetter(input[nameStart]) else {
        escapeLessThan()
        return
      }
      let name = Array(input[nameStart..<nameEnd])
      let lowered = name.map(lowercased)
      guard let tagEnd = input[nameEnd..<lineEnd].firstIndex(of: UInt8(ascii: ">")) else {
        escapeLessThan()
        return
      }
      if !isClosing, let autolink = autolink(from: position + 1, to: tagEnd) {
        output.append(contentsOf: autolink)
        position = tagEnd + 1
        return
      }
      let nameIsDelimited = nameEnd == tagEnd || isSpace(input[nameEnd]) || input[nameEnd] == UInt8(ascii: "/")
      guard nameIsDelimited, InkCompatibility.knownElements.contains(lowered) else {
        escapeLessThan()
        return
      }
      if isClosing {
        // An end tag that no element copied above has claimed: Ink would read it as the start of an
        // element that never ends, swallowing the rest of the document. It holds no text: drop it.
        position = tagEnd + 1
        return
      }
      // Ink ends a paragraph at any `<p…` (`<p>`, `<pre>`, `<picture>`), so such a tag starts a block too.
      let startsBlock =
        output.isEmpty || output.last == UInt8(ascii: "\n") || lowered.first == UInt8(ascii: "p")
      let selfClosed = input[tagEnd - 1] == UInt8(ascii: "/")
      if selfClosed || InkCompatibility.voidElements.contains(lowered) {
        if selfClosed {
          output.append(contentsOf: input[position...tagEnd])
        } else {
          output.append(contentsOf: input[position..<tagEnd])
          output.append(contentsOf: Array(" />".utf8))
        }
        position = tagEnd + 1
      } else if let end = endOfElement(named: name, openingTagEnd: tagEnd) {
        output.append(contentsOf: input[position..<end])  // raw HTML Ink reads as one closed block
        position = end
      } else {
        if InkCompatibility.optionalEndElements.contains(lowered) {
          position = tagEnd + 1  // an unclosed <p> or <li>: drop the tag, keep the text
        } else {
          escapeLessThan()
        }
        return
      }
      // After HTML that starts a block, Ink starts a new block: make that a new line here too, so a code
      // fence that follows is seen as one.
      if startsBlock, position < input.count, input[position] != UInt8(ascii: "\n") {
        output.append(UInt8(ascii: "\n"))
      }
    }

    mutating func escapeLessThan() {
      output.append(contentsOf: Array("&lt;".utf8))
      position += 1
    }

    /// Drops an HTML comment (it holds no content), or escapes `<!--` when the comment never ends.
    mutating func skipComment(lineEnd: Int) {
      let limit = lastCommentEnd + 3
      var index = position + 4
      while index + 3 <= limit {
        if input[index] == UInt8(ascii: "-"), input[index + 1] == UInt8(ascii: "-"),
          input[index + 2] == UInt8(ascii: ">")
        {
          position = index + 3
          return
        }
        index += 1
      }
      escapeLessThan()
    }

    /// Where the element opened at `position` ends (after its matching end tag's `>`), counting nested
    /// elements of the same name as Ink does; nil when it is not closed within the look-ahead limit.
    mutating func endOfElement(named name: [UInt8], openingTagEnd: Int) -> Int? {
      guard let lastEnd = lastEndTag[name[...]], lastEnd > openingTagEnd, lookAheadBudget > 0 else { return nil }
      var depth = 1
      var index = openingTagEnd + 1
      let limit = min(input.count, openingTagEnd + InkCompatibility.lookAheadLimit, lastEnd + 1)
      defer { lookAheadBudget -= index - openingTagEnd }
      while index < limit {
        guard input[index] == UInt8(ascii: "<") else {
          index += 1
          continue
        }
        var nameEnd = index + 1
        while nameEnd < input.count, !isSpace(input[nameEnd]), input[nameEnd] != UInt8(ascii: "\n"),
          input[nameEnd] != UInt8(ascii: ">")
        {
          nameEnd += 1
        }
        let found = input[(index + 1)..<nameEnd]
        guard let tagEnd = input[nameEnd..<input.count].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        if found.elementsEqual(name) {
          depth += 1
        } else if found.first == UInt8(ascii: "/"), found.dropFirst().elementsEqual(name) {
          depth -= 1
          if depth == 0 { return tagEnd + 1 }
        }
        index = tagEnd + 1
      }
      return nil
    }

    /// `[url](url)` for an autolink `<https://…>` or `<mailto:…>`, `[address](mailto:address)` for
    /// `<address@host>`; nil when the bracketed text is not one.
    func autolink(from start: Int, to end: Int) -> [UInt8]? {
      let target = input[start..<end]
      guard !target.isEmpty, !target.contains(where: { isSpace($0) || $0 == UInt8(ascii: "<") }),
        !target.contains(UInt8(ascii: ")")), !target.contains(UInt8(ascii: "]"))
      else { return nil }
      let lowered = target.map(lowercased)
      let href: [UInt8]
      if lowered.starts(with: Array("http://".utf8)) || lowered.starts(with: Array("https://".utf8))
        || lowered.starts(with: Array("mailto:".utf8)) || lowered.starts(with: Array("ftp://".utf8))
      {
        href = Array(target)
      } else if target.contains(UInt8(ascii: "@")), !target.contains(UInt8(ascii: "/")) {
        href = Array("mailto:".utf8) + target
      } else {
        return nil
      }
      return [UInt8(ascii: "[")] + target + Array("](".utf8) + href + [UInt8(ascii: ")")]
    }

    // MARK: The last guard

    /// Escapes every `<p` (any case) outside fenced code that Ink's parser would never get past.
    ///
    /// That is one with no `>` after it, or one right after a backslash. The inline rewrite already
    /// avoids both; this guard makes sure of it.
    mutating func guardAgainstUnclosedParagraphTags() {
      let lastGreaterThan = output.lastIndex(of: UInt8(ascii: ">")) ?? -1
      var risky: [Int] = []
      var index = 0
      while index + 1 < output.count {
        if output[index] == UInt8(ascii: "<"),
          output[index + 1] == UInt8(ascii: "p") || output[index + 1] == UInt8(ascii: "P"),
          index > lastGreaterThan || (index > 0 && output[index - 1] == UInt8(ascii: "\\")),
          !codeBlocks.contains(where: { $0.contains(index) })
        {
          risky.append(index)
        }
        index += 1
      }
      for offset in risky.reversed() {  // from the end, so earlier offsets stay valid
        output.replaceSubrange(offset...offset, with: Array("&lt;".utf8))
      }
    }

    // MARK: Bytes

    func isASCIIPunctuation(_ byte: UInt8) -> Bool {
      (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
        || (0x7B...0x7E).contains(byte)
    }

    func isLetter(_ byte: UInt8) -> Bool {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    func isNameByte(_ byte: UInt8) -> Bool {
      isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "+")
    }

    func lowercased(_ byte: UInt8) -> UInt8 {
      (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
  }
}
