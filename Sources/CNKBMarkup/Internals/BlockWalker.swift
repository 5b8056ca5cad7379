import CNKBModel

/// Walks an HTML tree with an explicit stack and cuts its text into blocks with inline marks.
struct BlockWalker {
  /// Blocks produced so far.
  private(set) var blocks: [TextBlock] = []

  private struct Context {
    var kind: BlockKind
    var level: Int?
  }

  private struct OpenMark {
    var kind: InlineMark.Kind
    var start: Int
    var attribute: String?
  }

  private enum Exit {
    case block(pushedContext: Bool, list: Bool, pre: Bool)
    case mark
    case inline
  }

  private enum Frame {
    case enter(XMLNode)
    case exit(Exit)
  }

  private var builder = TextBuilder(preserveSpaces: false)
  private var marks: [InlineMark] = []
  private var openMarks: [OpenMark] = []
  private var contexts: [Context] = []
  private var elements: [String] = []
  private var listDepth = 0
  private var preDepth = 0

  private static let markKinds: [String: InlineMark.Kind] = [
    "em": .emphasis, "i": .emphasis, "cite": .emphasis, "strong": .strong, "b": .strong, "a": .link,
    "abbr": .abbreviation, "acronym": .abbreviation, "dfn": .definition, "code": .code, "kbd": .code,
    "samp": .code, "tt": .code, "var": .code,
  ]

  /// Walks one content root.
  ///
  /// Outside main content, page furniture (header, footer, aside, and containers whose class or id names them
  /// so) is dropped.
  mutating func walk(_ root: XMLNode, insideMainContent: Bool) {
    var stack: [Frame] = [.enter(root)]
    while let frame = stack.popLast() {
      switch frame {
      case .exit(let exit):
        leave(exit)
      case .enter(let node):
        switch node.kind {
        case .text, .cdata:
          node.withContent { builder.append($0) }
        case .element:
          guard let exit = enter(node, insideMainContent: insideMainContent) else { continue }
          stack.append(.exit(exit))
          var child = node.lastChild
          while let current = child {
            stack.append(.enter(current))
            child = current.previous
          }
        case .entityReference, .other:
          continue
        }
      }
    }
  }

  /// Flushes the last block.
  mutating func finish() { flush() }

  /// Handles an element's start; nil means skip the element and its content.
  private mutating func enter(_ node: XMLNode, insideMainContent: Bool) -> Exit? {
    let name = node.name
    if Tag.dropped.contains(name) { return nil }
    if node.hasAttribute("hidden") || node.attribute("aria-hidden") == "true" { return nil }
    if let role = node.attribute("role"), Tag.furnitureRoles.contains(role),
      !insideMainContent || role == "navigation" || role == "search"
    {
      return nil
    }
    if !insideMainContent && (Tag.furniture.contains(name) || Tag.isNamedFurniture(node)) { return nil }

    if let kind = Self.markKinds[name], !(preDepth > 0 && kind == .code) {
      var attribute: String?
      switch kind {
      case .link: attribute = node.attribute("href")
      case .abbreviation, .definition: attribute = node.attribute("title")
      default: break
      }
      openMarks.append(OpenMark(kind: kind, start: builder.nextOffset, attribute: attribute))
      return .mark
    }

    guard Tag.blocks.contains(name) else { return .inline }
    flush()
    if name == "br" || name == "hr" { return .inline }
    elements.append(name)
    var context: Context?
    var list = false
    var pre = false
    switch name {
    case "h1", "h2", "h3", "h4", "h5", "h6":
      context = Context(kind: .heading, level: Int(String(name.dropFirst())))
    case "ul", "ol", "menu":
      listDepth += 1
      list = true
    case "li":
      context = Context(kind: .listItem, level: max(1, listDepth))
    case "dt":
      context = Context(kind: .definitionTerm)
    case "dd":
      context = Context(kind: .definitionDescription)
    case "td", "th":
      context = Context(kind: .tableCell)
    case "caption", "figcaption":
      context = Context(kind: .caption)
    case "blockquote":
      context = Context(kind: .quote)
    case "pre":
      context = Context(kind: .code)
      preDepth += 1
      pre = true
      builder.preserveSpaces = true
    default:
      break
    }
    if let context { contexts.append(context) }
    return .block(pushedContext: context != nil, list: list, pre: pre)
  }

  private mutating func leave(_ exit: Exit) {
    switch exit {
    case .mark:
      guard let open = openMarks.popLast() else { return }
      let end = builder.endOffset
      if end > open.start {
        marks.append(InlineMark(kind: open.kind, start: open.start, end: end, attribute: open.attribute))
      }
    case .inline:
      return
    case .block(let pushedContext, let list, let pre):
      flush()
      elements.removeLast()
      if pushedContext { contexts.removeLast() }
      if list { listDepth -= 1 }
      if pre {
        preDepth -= 1
        builder.preserveSpaces = preDepth > 0
      }
    }
  }

  /// Ends the current block: keeps it when it has text, with its marks; open marks continue in the next.
  private mutating func flush() {
    let element = elements.last ?? "body"
    if builder.isEmpty {
      _ = builder.finish()
      marks.removeAll(keepingCapacity: true)
      for index in openMarks.indices { openMarks[index].start = 0 }
      return
    }
    let end = builder.endOffset
    for open in openMarks where end > open.start {
      marks.append(InlineMark(kind: open.kind, start: open.start, end: end, attribute: open.attribute))
    }
    let text = builder.finish()
    let length = text.unicodeScalars.count
    let kept = marks.filter { $0.start < $0.end && $0.end <= length }.sorted {
      ($0.start, $0.end, $0.kind.rawValue) < ($1.start, $1.end, $1.kind.rawValue)
    }
    let context = contexts.last
    blocks.append(
      TextBlock(
        kind: context?.kind ?? .paragraph, level: context?.level, text: text, marks: kept,
        element: element))
    marks.removeAll(keepingCapacity: true)
    for index in openMarks.indices { openMarks[index].start = 0 }
  }
}
