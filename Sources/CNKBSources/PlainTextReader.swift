import CNKBModel

/// Reads plain text: paragraphs separated by blank lines.
public struct PlainTextReader: Sendable {
  /// Longest first line taken as a title, in characters.
  static let maximumTitleLength = 120

  /// Creates a reader.
  public init() {}

  /// Reads one plain-text document.
  ///
  /// The title is the first line when it is short, does not end like a sentence clause (`.`, `,`, `;`,
  /// `:`) and is followed by a blank line; otherwise there is none.
  /// - Parameters:
  ///   - text: the decoded text (see `TextDecoder`).
  ///   - path: the file path (or `-`): the document's source and origin.
  public func read(_ text: String, path: String) -> SourceDocument {
    SourceDocument(
      source: path, origin: path, title: Self.title(of: text), format: .text, content: .plainText(text))
  }

  /// The title of a text: its first line, when it looks like one.
  static func title(of text: String) -> String? {
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).makeIterator()
    guard let first = lines.next(), let second = lines.next(),
      second.allSatisfy(\.isWhitespace)
    else { return nil }
    let title = HTMLEntities.collapsingWhiteSpace(String(first))
    guard !title.isEmpty, title.count <= maximumTitleLength, let last = title.last,
      !".,;:".contains(last)
    else { return nil }
    return title
  }

  /// Turns plain text into paragraph blocks: split at blank lines, a paragraph's lines joined with a
  /// space, runs of white space collapsed to one space.
  ///
  /// The title (see `read(_:path:)`) is kept as the first paragraph and also set as the result's title.
  public static func structuredText(from text: String) -> StructuredText {
    var blocks: [TextBlock] = []
    var paragraph = ""
    var pendingSpace = false
    var lineIsBlank = true
    var previousWasCarriageReturn = false

    func finishParagraph() {
      if !paragraph.isEmpty {
        blocks.append(TextBlock(kind: .paragraph, text: paragraph, element: "p"))
      }
      paragraph = ""
      pendingSpace = false
    }

    for scalar in text.unicodeScalars {
      let isLineBreak =
        scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}"
        || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\u{85}"
      if isLineBreak {
        if scalar == "\n" && previousWasCarriageReturn {
          previousWasCarriageReturn = false
          continue
        }
        previousWasCarriageReturn = scalar == "\r"
        if lineIsBlank || scalar == "\u{2029}" || scalar == "\u{0C}" {
          finishParagraph()
        } else {
          pendingSpace = true
        }
        lineIsBlank = true
        continue
      }
      previousWasCarriageReturn = false
      if scalar.properties.isWhitespace || scalar == "\u{FEFF}" {
        pendingSpace = !paragraph.isEmpty
        continue
      }
      lineIsBlank = false
      if pendingSpace { paragraph.unicodeScalars.append(" ") }
      pendingSpace = false
      paragraph.unicodeScalars.append(scalar)
    }
    finishParagraph()
    return StructuredText(title: title(of: text), blocks: blocks)
  }
}
