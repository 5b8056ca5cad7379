import CNKBModel
import CNKBPipeline
import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

/// AsciiDoc pages read through the real page converter: the fixture is written in the shape of a product
/// manual's module, with attributes, an admonition, description and nested lists, code, a comment block and a
/// table.
@Suite struct AsciiDocTests {
  private func page() throws -> Document {
    let path = Fixtures.directory().appendingPathComponent("secondary-networks.adoc").path
    return try #require(try DocumentReader().documents(at: path).first)
  }

  private func blocks(_ document: Document, _ kind: BlockKind) -> [String] {
    document.blocks.filter { $0.block.kind == kind }.map(\.block.text)
  }

  @Test func titlesListsAndDescriptionsKeepTheirStructure() throws {
    let document = try page()
    #expect(document.format == .asciiDoc)
    #expect(document.title == "Secondary networks")
    #expect(blocks(document, .heading) == ["Secondary networks", "Supported plugins"])
    #expect(blocks(document, .definitionTerm) == ["bridge", "macvlan", "ipvlan"])
    #expect(
      blocks(document, .definitionDescription).contains(
        "Gives the pod its own MAC address on a parent interface of the node."))
    #expect(
      blocks(document, .listItem) == [
        "Create a network attachment definition.", "Check that the whereabouts plugin hands out addresses.",
        "It keeps its leases in the cluster's API.", "Read the Multus documentation and the IPAM options.",
      ])
    #expect(
      blocks(document, .tableCell) == [
        "Plugin", "Address management", "bridge", "host-local or whereabouts", "macvlan", "DHCP",
      ])
  }

  /// A procedure module attaches paragraphs, notes and code to its steps with `+` lines: they stay inside the
  /// step, the steps stay one list, and a description's attached paragraph stays in the description.
  @Test func listContinuationsAttachBlocksToTheirItem() throws {
    let path = Fixtures.directory().appendingPathComponent("attach-a-pod.adoc").path
    let document = try #require(try DocumentReader().documents(at: path).first)
    #expect(
      blocks(document, .listItem) == [
        "Create the network attachment definition.",
        "The definition names the CNI plugin that wires the extra interface.",
        "Add the annotation to the pod.", "The annotation lists attachments by name, separated by commas.",
        "Check the interfaces inside the pod.",
      ])
    #expect(blocks(document, .code).count == 1)
    #expect(
      blocks(document, .definitionDescription) == [
        "An IPAM plugin that hands out addresses across the cluster.", "It records every lease in the cluster's API.",
      ])
    #expect(
      blocks(document, .paragraph) == [
        "Attach a pod by naming the network in an annotation.", "Procedure",
        "The pod now has one interface on each network.",
      ])
  }

  @Test func attributesMarksAndCode() throws {
    let document = try page()
    let paragraphs = blocks(document, .paragraph)
    // Attributes are substituted; an admonition's label is no part of its sentence.
    #expect(paragraphs.first?.hasPrefix("Fabric Platform can attach a pod to more than one network.") == true)
    #expect(paragraphs.contains("Secondary networks use the Multus meta-plugin, which the platform installs for you."))
    #expect(paragraphs.contains("A pod that joins a secondary network keeps its default interface."))
    let first = try #require(document.blocks.first { $0.block.text.hasPrefix("Fabric Platform") }?.block)
    let scalars = Array(first.text.unicodeScalars)
    let strong = first.marks.filter { $0.kind == .strong }.map {
      String(String.UnicodeScalarView(scalars[$0.start..<$0.end]))
    }
    #expect(strong == ["secondary network"])
    let code = blocks(document, .code)
    #expect(code.contains { $0.contains("kind: NetworkAttachmentDefinition") })
    #expect(!document.sentences.contains { $0.text.contains("apiVersion") })
    // What a reader of the page never sees: comments, attribute entries, a footnote, block attributes.
    for hidden in ["published", "_content-type", "eth0", "cols=", "assembly", "{context}"] {
      #expect(!document.text.contains(hidden), "\(hidden) is in the text")
    }
  }

  @Test func unclosedMarkupAndRandomInputReadAsText() {
    let unclosed = String(repeating: "*a _b `c <<d kbd:[e https://x.org/[f ", count: 5_000)
    let flat = AsciiDocReader().read("= Title\n\n" + unclosed + "\n", path: "unclosed.adoc")
    guard case .html(let html, _) = flat.content else {
      Issue.record("not HTML")
      return
    }
    #expect(String(decoding: html, as: UTF8.self).contains("*a _b `c &lt;&lt;d"))
    var generator = SeededGenerator(seed: 0xAD0C_0001)
    let pieces = [
      "= T\n", "== S\n", "\n", "----\n", "====\n", "|===\n", "|a ", "* ", ". ", "term:: ", ":attr: v\n", "{attr}",
      "NOTE: ", "[source]\n", "//", "*", "_", "`", "<<", ">>", "link:", "[", "]", "+\n", "é", "word", "<", "&",
    ]
    for _ in 0..<300 {
      let count = Int.random(in: 0..<60, using: &generator)
      let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
      guard case .html(let html, _) = AsciiDocReader().read(text, path: "random.adoc").content else {
        Issue.record("not HTML")
        continue
      }
      let page = String(decoding: html, as: UTF8.self)
      #expect(page.hasPrefix("<html><body>") && page.hasSuffix("</body></html>\n"))
      #expect(!page.contains("<>") && !page.contains("<&"))
    }
  }
}
