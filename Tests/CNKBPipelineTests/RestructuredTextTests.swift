import CNKBConcepts
import CNKBModel
import CNKBPipeline
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBSources

/// reStructuredText pages (Sphinx and Docutils documentation) read through the real page converter: the
/// fixture is written in the shape of a Sphinx page, with its titles, directives, lists, glossary and tables.
@Suite struct RestructuredTextTests {
  private func page() throws -> Document {
    let path = Fixtures.directory().appendingPathComponent("fabric-routing.rst").path
    return try #require(try DocumentReader().documents(at: path).first)
  }

  private func blocks(_ document: Document, _ kind: BlockKind) -> [String] {
    document.blocks.filter { $0.block.kind == kind }.map(\.block.text)
  }

  @Test func titlesListsAndDefinitionsKeepTheirStructure() throws {
    let document = try page()
    #expect(document.format == .restructuredText)
    #expect(document.title == "Fabric Routing")
    // Overlined and underlined titles, in their order; the toctree's entries are no text.
    #expect(blocks(document, .heading) == ["Fabric Routing", "Tunnel mode", "Settings", "Terms"])
    #expect(
      blocks(document, .listItem) == [
        "tunnel-protocol picks the encapsulation.", "tunnel-port sets the UDP port.",
        "The port must match on every node.", "Stop the agent.", "Change the setting.",
      ])
    // A Sphinx glossary, a plain definition list and a field list are terms over their definitions.
    let terms = blocks(document, .definitionTerm)
    #expect(terms == ["Owner", "Since", "Segment", "VNI", "Virtual Network Identifier", "Overlay header"])
    #expect(blocks(document, .definitionDescription).contains("A set of pods that share one broadcast domain."))
    // Table cells, a simple table's continued row joined.
    let cells = blocks(document, .tableCell)
    #expect(cells.contains("8472/UDP") && cells.contains("routes to every pod subnet"))
    #expect(!cells.contains("pod subnet"))
  }

  @Test func inlineMarkupBecomesMarksAndCodeStaysCode() throws {
    let document = try page()
    let paragraph = try #require(document.blocks.first { $0.block.text.hasPrefix("In tunnel mode") }?.block)
    #expect(
      paragraph.text
        == "In tunnel mode every node keeps a mesh of tunnels using the VXLAN or Geneve encapsulation, and the "
        + "agent (agent-name) programs them at start-up. Read the upstream notes and the MTU page before you "
        + "change it.")
    func marked(_ block: TextBlock, _ kind: InlineMark.Kind) -> [String] {
      let scalars = Array(block.text.unicodeScalars)
      return block.marks.filter { $0.kind == kind }.map {
        String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))
      }
    }
    // Glossary references and links are link anchors; an :abbr: role carries its expansion.
    #expect(marked(paragraph, .link) == ["VXLAN", "Geneve", "the upstream notes", "the MTU page"])
    let overlay = try #require(document.blocks.first { $0.block.text.hasPrefix("The bytes the encapsulation") })
    #expect(overlay.block.marks.contains { $0.kind == .abbreviation && $0.attribute == "Virtual Network Identifier" })
    // Literal blocks and code directives are code, and no sentence quotes them.
    let code = blocks(document, .code)
    #expect(code.contains { $0.contains("tunnel-port: 8472") } && code.contains { $0.contains("routing-mode: tunnel") })
    #expect(!document.sentences.contains { $0.text.contains("routing-mode") })
    #expect(blocks(document, .paragraph).contains("The agent reads these settings:"))
    // What the page does not show: a notice for other builders, a comment, a link target, a footnote's body.
    for hidden in ["raw file", "editors only", "fabric_routing", "fifty bytes", "maxdepth"] {
      #expect(!document.text.contains(hidden), "\(hidden) is in the text")
    }
  }

  /// A definition list's term is defined by its description, also when several terms share it.
  @Test(arguments: [LexiconSource.bundled, .none])
  func aGlossaryEntryDefinesItsTerm(_ source: LexiconSource) throws {
    let graph = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(source)).extract([try page()])
    let header = try #require(graph.concepts.first { $0.label == "Overlay header" })
    #expect(header.definition?.text.hasPrefix("The bytes the encapsulation adds in front of each frame") == true)
    let identifier = try #require(graph.concepts.first { $0.label == "VNI" || $0.abbreviation == "VNI" })
    #expect(identifier.definition?.text == "The number that tells one segment's traffic from another's.")
  }

  /// An API page: substitutions become their text (an image nothing), an admonition's first line and the lines
  /// under it are one paragraph, and Sphinx's object descriptions and their fields are terms over descriptions.
  @Test func apiDescriptionsSubstitutionsAndFieldsReadAsTheirText() throws {
    let path = Fixtures.directory().appendingPathComponent("agent-api.rst").path
    let document = try #require(try DocumentReader().documents(at: path).first)
    let paragraphs = blocks(document, .paragraph)
    #expect(paragraphs.contains("The Fabric Agent\u{2122} exposes one Python module."))
    #expect(paragraphs.contains("The module is new in release 2 and its names may still change before release 3."))
    let terms = blocks(document, .definitionTerm)
    #expect(terms == ["attach(endpoint, segment, *, timeout=30)", "param endpoint", "returns", "FABRIC_SEGMENT"])
    let descriptions = blocks(document, .definitionDescription)
    #expect(descriptions.contains("Joins an endpoint to a segment and waits until the segment's routes are in place."))
    #expect(descriptions.contains("The endpoint to join; it must already have an address from the segment's pool."))
    #expect(descriptions.contains("The segment that new endpoints join when no segment is named."))
    #expect(!document.text.contains("badge") && !document.text.contains("|"))
  }

  /// Markup that never closes, in a long paragraph, and blocks nested past any page's depth are read as text:
  /// each unclosed marker is looked past once, and nesting stops at a fixed depth instead of the stack's.
  @Test func unclosedMarkupAndDeepNestingReadAsText() throws {
    let unclosed = String(repeating: "`a :term:`b ``c |d [e *f ", count: 20_000)
    let flat = RestructuredTextReader().read("Title\n=====\n\n" + unclosed + "\n", path: "unclosed.rst")
    guard case .html(let html, _) = flat.content else { throw CancellationError() }
    let page = String(decoding: html, as: UTF8.self)
    #expect(page.contains("`a :term:`b ``c |d [e *f `a"))
    let nested = (0..<3_000).map { String(repeating: " ", count: $0 * 2) + "- item \($0)\n" }.joined()
    let deep = RestructuredTextReader().read(nested, path: "nested.rst")
    guard case .html(let deepHTML, _) = deep.content else { throw CancellationError() }
    let deepPage = String(decoding: deepHTML, as: UTF8.self)
    #expect(deepPage.contains("item 0") && deepPage.contains("item 2999"))
    #expect(deepPage.components(separatedBy: "<ul>").count - 1 <= RestructuredTextRenderer.maximumDepth)
  }

  @Test func anyTextReadsWithoutATrapAndStaysOnePage() {
    var generator = SeededGenerator(seed: 0x0257_7E47)
    let pieces = [
      "Title\n", "=====\n", "----\n", "\n", "   ", ".. ", "note::", "code-block::", "glossary::", "- ", "#. ",
      ":field: ", "``", "**", "*", "`", "`_", ":term:", "|", "[#]_", "+---+---+\n", "| a | b |\n",
      "=====  =====\n", "::\n", "\\", "é", "word", "<", ">", "&",
    ]
    for _ in 0..<300 {
      let count = Int.random(in: 0..<60, using: &generator)
      let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let document = RestructuredTextReader().read(text, path: "random.rst")
      guard case .html(let html, _) = document.content else {
        Issue.record("not HTML")
        continue
      }
      let page = String(decoding: html, as: UTF8.self)
      #expect(page.hasPrefix("<html><body>") && page.hasSuffix("</body></html>\n"))
      // Every "<" the text holds is escaped: tags come only from the reader.
      #expect(!page.contains("<>") && !page.contains("<&"))
    }
  }
}
