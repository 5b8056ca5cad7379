internal import CLibXML2
import Foundation

// Every libxml2 call of the module goes through this file, as swift-system funnels its system calls: the
// rest of the module sees only `XMLTree` and `XMLNode`, never a libxml2 type.

/// Sets libxml2 up once: thread-safe parser initialisation, and an external-entity loader that refuses
/// everything, so no document can make the parser open a file or a URL.
private let libxml2Setup: Void = {
  xmlInitParser()
  xmlSetExternalEntityLoader { _, _, _ in nil }
}()

/// Which parser a tree came from.
enum XMLSyntax {
  case html
  case xml
}

/// A parsed document, freed when the value is released.
///
/// Never shared between tasks.
final class XMLTree {
  fileprivate let document: xmlDocPtr

  private init(_ document: xmlDocPtr) { self.document = document }

  deinit { xmlFreeDoc(document) }

  /// Parses HTML (already UTF-8) with recovery and no network access.
  ///
  /// Nil only when no tree at all results.
  /// `truncated` is set when libxml2 stopped descending because the nesting exceeded its depth limit.
  static func html(_ utf8: [UInt8]) -> (tree: XMLTree, truncated: Bool)? {
    _ = libxml2Setup
    guard let context = htmlNewParserCtxt() else { return nil }
    defer { htmlFreeParserCtxt(context) }
    let options = Int32(
      HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
    let document = utf8.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.flatMap { base in
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
          htmlCtxtReadMemory(context, $0, Int32(clamping: buffer.count), nil, "UTF-8", options)
        }
      }
    }
    guard let document else { return nil }
    let message = xmlCtxtGetLastError(context)?.pointee.message.map { String(cString: $0) } ?? ""
    return (XMLTree(document), message.contains("Excessive depth"))
  }

  /// Parses XML strictly (feeds): no network, no entity substitution, no DTD loading.
  ///
  /// On failure returns
  /// libxml2's line and message for the first error, collected through the parser context's own structured
  /// error callback (never the process-wide last error).
  static func xml(_ data: Data) -> Result<XMLTree, XMLParseFailure> {
    _ = libxml2Setup
    guard let context = xmlNewParserCtxt() else { return .failure(XMLParseFailure(line: 0, message: "out of memory")) }
    defer { xmlFreeParserCtxt(context) }
    let errors = ErrorCollector()
    context.pointee._private = Unmanaged.passUnretained(errors).toOpaque()
    context.pointee.sax?.pointee.serror = { userData, error in
      guard let userData, let error else { return }
      let parser = userData.assumingMemoryBound(to: xmlParserCtxt.self)
      guard let box = parser.pointee._private else { return }
      let collector = Unmanaged<ErrorCollector>.fromOpaque(box).takeUnretainedValue()
      guard collector.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
      let message = error.pointee.message.map { String(cString: $0) } ?? "unreadable XML"
      // Some messages run over two lines ("Input is not proper UTF-8…\nBytes: …"): keep the report on one.
      let oneLine = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      collector.first = XMLParseFailure(line: Int(error.pointee.line), message: oneLine.joined(separator: "; "))
    }
    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOWARNING.rawValue)
    let document: xmlDocPtr? = withExtendedLifetime(errors) {
      data.withUnsafeBytes { raw in
        raw.baseAddress.flatMap { base in
          xmlCtxtReadMemory(
            context, base.assumingMemoryBound(to: CChar.self), Int32(clamping: raw.count), nil, nil, options)
        }
      }
    }
    let wellFormed = context.pointee.wellFormed != 0
    if let document, wellFormed { return .success(XMLTree(document)) }
    if let document { xmlFreeDoc(document) }
    if let first = errors.first { return .failure(first) }
    let error = xmlCtxtGetLastError(context)
    let message = error?.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines)
    return .failure(XMLParseFailure(line: Int(error?.pointee.line ?? 0), message: message ?? "unreadable XML"))
  }

  /// The root element, if any.
  var root: XMLNode? { xmlDocGetRootElement(document).map(XMLNode.init) }
}

/// Collects the first error a parser context reports.
private final class ErrorCollector {
  var first: XMLParseFailure?
}

/// Why an XML document could not be parsed.
struct XMLParseFailure: Error {
  var line: Int
  var message: String
}

/// A node of an `XMLTree`; valid only while its tree is alive.
struct XMLNode {
  fileprivate let pointer: xmlNodePtr

  fileprivate init(_ pointer: xmlNodePtr) { self.pointer = pointer }

  enum Kind {
    case element
    case text
    case cdata
    case entityReference
    case other
  }

  var kind: Kind {
    switch pointer.pointee.type {
    case XML_ELEMENT_NODE: .element
    case XML_TEXT_NODE: .text
    case XML_CDATA_SECTION_NODE: .cdata
    case XML_ENTITY_REF_NODE: .entityReference
    default: .other
    }
  }

  /// The element's local name as libxml2 stores it (the HTML parser lower-cases names).
  var name: String {
    pointer.pointee.name.map { String(cString: $0) } ?? ""
  }

  /// The namespace URI of an element, if any.
  var namespace: String? {
    pointer.pointee.ns?.pointee.href.map { String(cString: $0) }
  }

  var firstChild: XMLNode? { pointer.pointee.children.map(XMLNode.init) }
  var lastChild: XMLNode? { pointer.pointee.last.map(XMLNode.init) }
  var next: XMLNode? { pointer.pointee.next.map(XMLNode.init) }
  var previous: XMLNode? { pointer.pointee.prev.map(XMLNode.init) }

  /// Element children in order.
  var elementChildren: [XMLNode] {
    var result: [XMLNode] = []
    var child = firstChild
    while let node = child {
      if node.kind == .element { result.append(node) }
      child = node.next
    }
    return result
  }

  /// Calls `body` with the raw UTF-8 content of a text or CDATA node.
  func withContent(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    guard let content = pointer.pointee.content else { return }
    let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
    body(UnsafeBufferPointer(start: content, count: length))
  }

  /// The value of an attribute, read from the node's attribute list (no entity substitution).
  func attribute(_ name: String) -> String? {
    var property = pointer.pointee.properties
    // The first letter, folded, rules most attributes out before the whole names are compared.
    let first = name.utf8.first.map { $0 | 0x20 } ?? 0
    while let current = property {
      // Names compared in place, without making a String of each (this runs for every element of a page).
      if let attributeName = current.pointee.name, attributeName.pointee | 0x20 == first,
        name.withCString({ strcasecmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), $0) }) == 0
      {
        var value = ""
        var child = current.pointee.children
        while let node = child {
          if node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content {
            value += String(cString: content)
          }
          child = node.pointee.next
        }
        return value
      }
      property = current.pointee.next
    }
    return nil
  }

  /// Whether the element has an attribute of this name (whatever its value).
  func hasAttribute(_ name: String) -> Bool { attribute(name) != nil }

  /// The text of text and CDATA descendants, in order; entity references are skipped, never expanded.
  var text: String {
    var bytes: [UInt8] = []
    var stack: [XMLNode] = [self]
    while let node = stack.popLast() {
      switch node.kind {
      case .text, .cdata:
        node.withContent { bytes.append(contentsOf: $0) }
      case .element:
        var child = node.lastChild
        while let current = child {
          stack.append(current)
          child = current.previous
        }
      case .entityReference, .other:
        break
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Serialises the node as markup (for Atom `xhtml` content).
  ///
  /// Entity references stay references.
  var markup: String {
    guard let buffer = xmlBufferCreate() else { return "" }
    defer { xmlBufferFree(buffer) }
    xmlNodeDump(buffer, pointer.pointee.doc, pointer, 0, 0)
    guard let content = xmlBufferContent(buffer) else { return "" }
    return String(cString: content)
  }
}
