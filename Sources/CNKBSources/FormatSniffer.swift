import CNKBModel
import Foundation

/// Recognises an input's format from its bytes and, for pages and text, its file extension.
///
/// Order: empty or white space only → `.empty`; binary (magic numbers, NUL bytes, many control bytes) →
/// `.binary`; the content decides feeds (a root `<feed>` is Atom, `<rss>` or RSS 1.0's `<rdf:RDF>` is
/// RSS, the tagless seed shape is `.seedFeed`); then the extension (`.html`, `.xhtml`, `.md`, `.rst`, `.adoc`, `.txt`, …);
/// otherwise the content is sniffed for HTML, then Markdown, and anything else is plain text.
/// Text with a UTF-16 byte order mark is text, not binary.
public struct FormatSniffer: Sendable {
  /// How many leading bytes are examined for binary content and markup.
  static let sniffLength = 8_192
  /// How far into the file the seed shape's first post header must start.
  static let seedSniffLength = 65_536
  /// How far a prologue cut off at `sniffLength` (a long internal subset of entity declarations) is read on
  /// to find the root element.
  static let prologueLength = 1_048_576

  /// Creates a sniffer.
  public init() {}

  /// Detects the format of an input.
  ///
  /// - Parameters:
  ///   - data: the input's bytes.
  ///   - path: the file path (its extension is a hint), or nil for standard input.
  /// - Throws: `SourceError.empty`, `.binary` or `.notADocument`, naming `path` (or `-`).
  public func detect(data: Data, path: String?) throws(SourceError) -> DocumentFormat {
    let name = path ?? "-"
    let verdict: Result<DocumentFormat, SourceError> = data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      do throws(SourceError) {
        return .success(try detect(bytes, name: name, fileExtension: path.map(InputCollector.pathExtension)))
      } catch {
        return .failure(error)
      }
    }
    return try verdict.get()
  }

  func detect(
    _ bytes: UnsafeBufferPointer<UInt8>, name: String, fileExtension: String?
  ) throws(SourceError) -> DocumentFormat {
    let prefixText: String
    let text: (_ length: Int) -> String
    if let bigEndian = Self.utf16ByteOrder(bytes) {
      text = { length in
        let count = min(bytes.count, length + 2) & ~1
        return TextDecoder.decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2..<count]), bigEndian: bigEndian).text
      }
      prefixText = text(Self.sniffLength)
      if Self.isBlank(prefixText) {
        let whole = TextDecoder.decodeUTF16(UnsafeBufferPointer(rebasing: bytes[2...]), bigEndian: bigEndian)
        if Self.isBlank(whole.text) { throw .empty(name) }
      }
    } else {
      let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
      let body = UnsafeBufferPointer(rebasing: bytes[(hasBOM ? 3 : 0)...])
      guard body.contains(where: { !Self.isASCIISpace($0) }) else { throw .empty(name) }
      if let reason = Self.binaryReason(bytes) { throw .binary(name, reason: reason) }
      text = { String(decoding: UnsafeBufferPointer(rebasing: body.prefix($0)), as: UTF8.self) }
      prefixText = text(Self.sniffLength)
    }

    var prologue = Prologue(prefixText)
    if prologue.isCut, bytes.count > Self.sniffLength {
      // Entity declarations can push a feed's root element far down: read on rather than take the feed for
      // text (which would store the declarations as prose).
      prologue = Prologue(text(Self.prologueLength))
      if prologue.isCut, prologue.isXML || prologue.inInternalSubset {
        throw .notADocument(
          name,
          reason: "its XML prologue runs past the first \(Self.prologueLength / 1_048_576) MB without a root element")
      }
    }
    switch prologue.rootName?.lowercased() {
    case "feed", "atom:feed": return .atom
    case "rss", "rdf:rdf": return .rss
    default: break
    }
    if SeedScanner(bytes).hasPostHeader(within: Self.seedSniffLength) { return .seedFeed }

    switch fileExtension ?? "" {
    case "html", "htm", "shtml": return .html
    case "xhtml", "xht": return .xhtml
    case "md", "markdown", "mdown", "mkd", "mkdn", "mdwn": return .markdown
    case "rst", "rest": return .restructuredText
    case "adoc", "asciidoc": return .asciiDoc
    case "txt", "text": return .text
    default: break
    }

    if let root = prologue.rootName?.lowercased() {
      if root == "html" { return prologue.isXML ? .xhtml : .html }
      if prologue.isXML {
        throw .notADocument(name, reason: "XML whose root element is <\(root)>, not a feed or an XHTML page")
      }
      if Self.htmlElementNames.contains(root) { return .html }
    }
    if prologue.hasHTMLDoctype { return .html }
    if Self.looksLikeHTML(prefixText) { return .html }
    if Self.looksLikeMarkdown(prefixText) { return .markdown }
    return .text
  }

  /// The byte order of a UTF-16 byte order mark (true for big-endian), or nil when there is none.
  static func utf16ByteOrder(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard bytes.count >= 2 else { return nil }
    if bytes[0] == 0xFF && bytes[1] == 0xFE { return false }
    if bytes[0] == 0xFE && bytes[1] == 0xFF { return true }
    return nil
  }

  /// Why the bytes look binary, or nil when they look like text.
  static func binaryReason(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    for (magic, offset, description) in magicNumbers where bytes.count >= offset + magic.count {
      if zip(magic, bytes[offset..<offset + magic.count]).allSatisfy({ $0 == $1 }) {
        return "looks like \(description)"
      }
    }
    let prefix = bytes.prefix(sniffLength)
    if prefix.contains(0) { return "contains NUL bytes" }
    let controls = prefix.reduce(0) { count, byte in
      let isControl = byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B
      return count + (isControl || byte == 0x7F ? 1 : 0)
    }
    if controls * 10 > prefix.count { return "mostly control bytes" }
    return nil
  }

  /// Signatures of common binary formats: bytes, where they start, and what they mean.
  static let magicNumbers: [([UInt8], Int, String)] = [
    ([0x50, 0x4B, 0x03, 0x04], 0, "a ZIP archive"),
    ([0x50, 0x4B, 0x05, 0x06], 0, "a ZIP archive"),
    ([0x1F, 0x8B], 0, "a gzip archive"),
    ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], 0, "a PNG image"),
    ([0xFF, 0xD8, 0xFF], 0, "a JPEG image"),
    (Array("GIF87a".utf8), 0, "a GIF image"),
    (Array("GIF89a".utf8), 0, "a GIF image"),
    (Array("%PDF-".utf8), 0, "a PDF document"),
    (Array("BZh".utf8), 0, "a bzip2 archive"),
    ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], 0, "an xz archive"),
    ([0x28, 0xB5, 0x2F, 0xFD], 0, "a zstd archive"),
    ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], 0, "a 7-Zip archive"),
    (Array("Rar!".utf8), 0, "a RAR archive"),
    ([0x7F, 0x45, 0x4C, 0x46], 0, "an ELF executable"),
    (Array("SQLite format 3".utf8) + [0], 0, "an SQLite database"),
    (Array("ustar".utf8), 257, "a tar archive"),
    (Array("wOFF".utf8), 0, "a WOFF font"),
    (Array("wOF2".utf8), 0, "a WOFF2 font"),
    ([0x00, 0x61, 0x73, 0x6D], 0, "a WebAssembly module"),
  ]

  /// Whether a byte is ASCII white space.
  static func isASCIISpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x0B
  }

  /// Whether a string holds only white space.
  static func isBlank(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0 == "\u{FEFF}" }
  }

  /// Elements that, as the first element of a file, make it an HTML fragment.
  static let htmlElementNames: Set<String> = [
    "head", "body", "title", "meta", "link", "div", "p", "section", "article", "main", "header", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "pre", "figure", "style",
    "script",
  ]

  /// Whether the text is dense with HTML paragraph and block tags (an HTML fragment without `<html>`).
  static func looksLikeHTML(_ text: String) -> Bool {
    let lowered = text.lowercased()
    var count = 0
    for tag in ["<p>", "<p ", "</p>", "<div", "<br", "<li>", "</h1>", "</h2>", "</h3>"] {
      count += lowered.components(separatedBy: tag).count - 1
      if count >= 3 { return true }
    }
    return false
  }

  /// Whether the text starts with front matter or has Markdown headings, fences or links.
  static func looksLikeMarkdown(_ text: String) -> Bool {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    if let first = lines.first, first == "---" || first == "+++",
      lines.dropFirst().contains(where: { $0 == first || ($0 == "..." && first == "---") })
    {
      return true
    }
    var cues = 0
    for line in lines {
      if Self.isATXHeading(line) || line.hasPrefix("```") || line.hasPrefix("~~~") { return true }
      if line.contains("](http") || line.contains("](/") || line.contains("](./") { cues += 1 }
      if cues >= 2 { return true }
    }
    return false
  }

  /// Whether a line is an ATX heading (`# Title` … `###### Title`).
  static func isATXHeading(_ line: Substring) -> Bool {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes) else { return false }
    let rest = line.dropFirst(hashes)
    return rest.first == " " || rest.first == "\t"
  }
}

/// What comes before a markup file's first element: an XML declaration, comments, a doctype.
struct Prologue {
  /// The first element's name as written (`feed`, `rss`, `rdf:RDF`, `html`), when the file starts with one.
  var rootName: String?
  /// Whether an XML declaration (`<?xml …?>`) came first.
  var isXML = false
  /// Whether a `<!DOCTYPE html …>` came before the first element.
  var hasHTMLDoctype = false
  /// Whether the text ended inside the prologue (in a declaration, comment or internal subset), so a longer
  /// prefix may still reach the root element.
  var isCut = false
  /// Whether the text ended inside a doctype's internal subset.
  var inInternalSubset = false

  /// Reads the prologue of a text prefix; stops at the first thing that is not markup.
  init(_ text: String) {
    var rest = Substring(text)
    while true {
      rest = rest.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
      if rest.hasPrefix("<?") {
        if rest.hasPrefix("<?xml") { isXML = true }
        guard let end = rest.range(of: "?>") else {
          isCut = true
          return
        }
        rest = rest[end.upperBound...]
      } else if rest.hasPrefix("<!--") {
        guard let end = rest.range(of: "-->") else {
          isCut = true
          return
        }
        rest = rest[end.upperBound...]
      } else if rest.hasPrefix("<!") {
        let declaration = rest.prefix(while: { $0 != ">" && $0 != "[" })
        if declaration.lowercased().hasPrefix("<!doctype html") { hasHTMLDoctype = true }
        // A doctype may carry an internal subset in brackets (entity declarations): skip past its `]`.
        rest = rest.dropFirst(declaration.count)
        if rest.first == "[" {
          guard let close = Self.endOfInternalSubset(rest.dropFirst()) else {
            inInternalSubset = true
            isCut = true
            return
          }
          rest = rest[close...]
        }
        guard let end = rest.firstIndex(of: ">") else {
          isCut = true
          return
        }
        rest = rest[rest.index(after: end)...]
      } else if rest.hasPrefix("<") {
        let name = rest.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "_" }
        rootName = name.isEmpty ? nil : String(name)
        return
      } else {
        return
      }
    }
  }

  /// Where the internal subset that `text` starts ends (its `]`), skipping quoted entity values and comments,
  /// which may hold a `]` of their own; nil when the text ends first.
  static func endOfInternalSubset(_ text: Substring) -> Substring.Index? {
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "]" { return index }
      if character == "\"" || character == "'" {
        guard let close = text[text.index(after: index)...].firstIndex(of: character) else { return nil }
        index = text.index(after: close)
      } else if text[index...].hasPrefix("<!--") {
        guard let close = text[index...].range(of: "-->") else { return nil }
        index = close.upperBound
      } else {
        index = text.index(after: index)
      }
    }
    return nil
  }
}
