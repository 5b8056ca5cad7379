import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBSources

/// Jekyll and Hugo template syntax in Markdown: instructions to the site's build, not text.
@Suite struct TemplateSyntaxTests {
  private func text(_ markdown: String) -> String {
    guard case .html(let data, _) = MarkdownReader().read(markdown, path: "page.md").content else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  @Test func tagsAndShortcodesLeaveThePageTheirWordsStay() throws {
    let whole = text(try Fixtures.string("site-generator-page.md"))
    // The prose, before the page's closing code block.
    let page = String(whole[..<(whole.range(of: "<pre>")?.lowerBound ?? whole.endIndex)])
    for gone in ["{%", "%}", "{{<", ">}}", "{{%", "geek-details", "IPAM:Host-local", "endtab", "glossary_tooltip"] {
      #expect(!page.contains(gone), "\(gone) is still in the page")
    }
    // A shortcode's text argument reads as its words; a shortcode's content stays.
    #expect(page.contains("Each pod gets an address from the pool that the IPAM plugin manages."))
    #expect(page.contains("Switching the encapsulation of a live pool drops the connections that cross it."))
    #expect(page.contains("VXLAN adds fifty bytes of headers to every packet"))
    // A variable's value lives in the site's configuration: it stays as written.
    #expect(page.contains("{{site.prodname}} supports VXLAN and IP in IP, and so does Amazon EKS with its own plugin."))
  }

  @Test func codeSpansAndFencedCodeAreCopiedUntouched() throws {
    let page = text(try Fixtures.string("site-generator-page.md"))
    #expect(page.contains("{{range .items}}{{.spec.cidr}}{{end}}"))
    #expect(page.contains("{{json .IPAM.Config}}"))
    #expect(page.contains("{% raw %}echo"))
    #expect(page.contains("<code>encapsulation</code>"))
  }

  @Test func withoutTemplateSyntaxTheInputIsReturnedAsItIs() {
    let plain: Substring = "A page about {braces} and {{ variables }} only.\n"
    #expect(TemplateSyntax.strip(plain) == plain)
    // A tag that never ends is text, and the rest of the page is kept.
    let open: Substring =
      "Before {% include never closed\n" + Substring(String(repeating: "words ", count: 1_000)) + "after"
    #expect(TemplateSyntax.strip(open) == open)
    // Tags that never end are looked past within a budget, so a page full of them costs linear time.
    let unclosed = Substring(String(repeating: "{% ", count: 400_000))
    #expect(TemplateSyntax.strip(unclosed) == unclosed)
    // One tag may span lines.
    #expect(TemplateSyntax.strip("a {% include x.html\n  key='value' %} b") == "a  b")
  }

  @Test func randomInputNeverCrashesAndKeepsEveryByteOutsideTags() {
    var generator = SeededGenerator(seed: 0x5EED_7A65)
    let pieces = [
      "{%", "%}", "{{<", ">}}", "{{%", "%}}", "`", "```\n", "~~~\n", "\n", " text=\"x\" ", "a", "é", "{", "}",
    ]
    for _ in 0..<500 {
      let count = Int.random(in: 0..<60, using: &generator)
      let input = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let output = TemplateSyntax.strip(Substring(input))
      #expect(output.utf8.count <= input.utf8.count)
      #expect(String(output).unicodeScalars.allSatisfy { input.unicodeScalars.contains($0) })
    }
  }
}
