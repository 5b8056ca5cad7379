/// The structural role of a block of text, taken from the markup it came from.
public enum BlockKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// `h1`–`h6`; the level is in `TextBlock.level`.
  case heading
  /// A paragraph, or loose text inside a block container.
  case paragraph
  /// An `li`; its nesting depth (1 for a top-level list) is in `TextBlock.level`.
  case listItem = "list-item"
  /// A `dt`: the label of a definition list entry.
  case definitionTerm = "definition-term"
  /// A `dd`: the description of a definition list entry.
  case definitionDescription = "definition-description"
  /// A `td` or `th`.
  case tableCell = "table-cell"
  /// A `caption` or `figcaption`.
  case caption
  /// Text inside a `blockquote`.
  case quote
  /// A `pre` block: kept verbatim and marked as code.
  case code
}

/// A span inside a block that the markup singled out: the cues that later stages read as term signals.
public struct InlineMark: Sendable, Hashable, Codable {
  /// What kind of span this is.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `em`, `i`.
    case emphasis
    /// `strong`, `b`.
    case strong
    /// `a` with an `href`; the target is in `attribute`.
    case link
    /// `abbr` or `acronym`; its `title` (the expansion) is in `attribute`.
    case abbreviation
    /// `dfn`; its `title`, if any, is in `attribute`.
    case definition
    /// Inline `code`, `kbd`, `samp` or `tt`.
    case code
  }

  /// The kind of span.
  public var kind: Kind
  /// Start offset in the block's text, counted in Unicode scalars.
  public var start: Int
  /// End offset (exclusive) in the block's text, counted in Unicode scalars.
  public var end: Int
  /// The `href` of a link, or the `title` of an `abbr` / `dfn`.
  public var attribute: String?

  /// Creates a mark.
  public init(kind: Kind, start: Int, end: Int, attribute: String? = nil) {
    self.kind = kind
    self.start = start
    self.end = end
    self.attribute = attribute
  }
}

/// A block of text with its structural role and inline marks.
///
/// Text is normalised: entities decoded, runs of white space collapsed to one space, trimmed.
/// Code blocks keep their line breaks and indentation.
public struct TextBlock: Sendable, Hashable, Codable {
  /// The block's role.
  public var kind: BlockKind
  /// Heading level (1–6) or list nesting depth (1 = top level); nil for other kinds.
  public var level: Int?
  /// The normalised text.
  public var text: String
  /// Inline marks, ordered by start offset then end offset.
  public var marks: [InlineMark]
  /// The element the block came from, lower-cased (`p`, `h2`, `li`, `td`, …).
  public var element: String

  /// Creates a block.
  public init(kind: BlockKind, level: Int? = nil, text: String, marks: [InlineMark] = [], element: String) {
    self.kind = kind
    self.level = level
    self.text = text
    self.marks = marks
    self.element = element
  }
}

/// The text of one page as a list of blocks, plus what the converter noticed on the way.
public struct StructuredText: Sendable, Hashable, Codable {
  /// The page's own title (`<title>`, or an Atom/RSS title), when it has one.
  public var title: String?
  /// Blocks in document order.
  public var blocks: [TextBlock]
  /// Recoverable problems met while converting (for example, bytes invalid in the detected encoding).
  public var warnings: [String]

  /// Creates structured text.
  public init(title: String? = nil, blocks: [TextBlock], warnings: [String] = []) {
    self.title = title
    self.blocks = blocks
    self.warnings = warnings
  }
}
