import CNKBModel
import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

@Suite struct PlainTextReaderTests {
  @Test func takesAShortFirstLineFollowedByABlankLineAsTheTitle() throws {
    let text = try Fixtures.string("service-proxy-note.txt")
    let document = PlainTextReader().read(text, path: "notes/proxy.txt")
    #expect(document.title == "Notes on kube-proxy modes")
    #expect(document.source == "notes/proxy.txt")
    #expect(document.origin == "notes/proxy.txt")
    #expect(document.format == .text)
    #expect(document.content == .plainText(text))
  }

  @Test(arguments: [
    "A first line that is a sentence.\n\nAnd more.",
    "A first line\nthat goes on without a blank line.",
    "Only one line",
    String(repeating: "long ", count: 40) + "\n\nbody",
  ])
  func findsNoTitleWhenTheFirstLineIsNotOne(_ text: String) {
    #expect(PlainTextReader().read(text, path: "x.txt").title == nil)
  }

  @Test func splitsParagraphsAtBlankLinesAndJoinsTheirLines() throws {
    let structured = PlainTextReader.structuredText(from: try Fixtures.string("service-proxy-note.txt"))
    #expect(
      structured.blocks.map(\.text) == [
        "Notes on kube-proxy modes",
        "In iptables mode, kube-proxy writes one chain per Service and picks a backend at random for each new connection.",
        "In IPVS mode the kernel keeps a virtual server per Service address, which scales better when a cluster has thousands of Services.",
      ])
    #expect(structured.blocks.allSatisfy { $0.kind == .paragraph && $0.element == "p" && $0.level == nil })
    #expect(structured.title == "Notes on kube-proxy modes")
  }

  @Test func normalisesWhiteSpaceAndLineBreaks() {
    let structured = PlainTextReader.structuredText(
      from: "  Pods\t\tget   addresses\r\n  from IPAM. \r\n \r\n\r\nRoutes\rfollow.\n\n\n")
    #expect(structured.blocks.map(\.text) == ["Pods get addresses from IPAM.", "Routes follow."])
  }

  @Test func givesNoBlocksForBlankText() {
    #expect(PlainTextReader.structuredText(from: " \n\n \t\n").blocks.isEmpty)
  }
}
