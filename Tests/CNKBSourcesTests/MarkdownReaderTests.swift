import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

@testable import CNKBSources

@Suite struct MarkdownReaderTests {
  func html(_ document: SourceDocument) -> String {
    guard case .html(let data, _) = document.content else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  func render(_ markdown: String) -> String {
    html(MarkdownReader().read(markdown, path: "doc.md"))
  }

  @Test func takesTitleDateAndAuthorFromYAMLFrontMatter() throws {
    let document = MarkdownReader().read(try Fixtures.string("veth-and-bridges.md"), path: "docs/veth.md")
    #expect(document.title == "Wiring Pods with veth Pairs and a Linux Bridge")
    #expect(document.date == "2024-02-11T09:30:00Z")
    #expect(document.author == "Priya Natarajan")
    #expect(document.source == "docs/veth.md")
    #expect(document.origin == "docs/veth.md")
    #expect(document.format == .markdown)
  }

  @Test func rendersHeadingsListsCodeTablesAndLinks() throws {
    let document = MarkdownReader().read(try Fixtures.string("veth-and-bridges.md"), path: "veth.md")
    let page = html(document)
    #expect(page.contains("<h1>A heading that is not the title</h1>"))
    #expect(page.contains("<h2>What the host sees</h2>"))
    #expect(page.contains("<li>One bridge per node<ul><li>one veth end per pod</li>"))
    #expect(page.contains("<ol><li>The pod sends a frame out of <code>eth0</code>.</li>"))
    #expect(page.contains("<pre><code class=\"language-sh\">ip link add veth-host type veth peer name veth-pod"))
    #expect(page.contains("<th>Piece</th>"))
    #expect(page.contains("<a href=\"https://www.cni.dev/plugins/current/main/bridge/\">bridge plugin</a>"))
    #expect(page.contains("<strong>network namespace</strong>"))
    #expect(page.contains("<em>veth pair</em>"))
    #expect(page.contains("<blockquote>"))
    #expect(!page.contains("draft"))
    #expect(document.content == .html(Data(page.utf8), encoding: "UTF-8"))
  }

  @Test func takesMetadataFromTOMLFrontMatterBeforeTheFirstTable() throws {
    let document = MarkdownReader().read(try Fixtures.string("overlay-vxlan.md"), path: "overlay.md")
    #expect(document.title == "VXLAN Overlays Between Nodes")
    #expect(document.date == "2023-11-05")
    #expect(document.updated == "2024-01-20")
    #expect(document.author == "Tomas Lindqvist, Mei Chen")
    #expect(html(document).hasPrefix("<p>An overlay network wraps"))
  }

  @Test func fallsBackToTheFirstHeadingForTheTitle() throws {
    let document = MarkdownReader().read(try Fixtures.string("network-policy.md"), path: "policy.md")
    #expect(document.title == "Default-Deny Network Policies")
    #expect(document.date == nil)
    #expect(document.author == nil)
  }

  @Test func readsQuotedListedAndNestedFrontMatterValues() {
    let text = """
      ---
      title: 'Kube-proxy''s IPVS mode'
      authors:
        - Ada Osei
        - Ben Ito
      date: "2022-07-01" # first draft
      extra:
        title: ignored
      ---
      Body.
      """
    let document = MarkdownReader().read(text, path: "p.md")
    #expect(document.title == "Kube-proxy's IPVS mode")
    #expect(document.author == "Ada Osei, Ben Ito")
    #expect(document.date == "2022-07-01")
  }

  @Test func takesAnAuthorMapsName() {
    let document = MarkdownReader().read(
      "---\nauthor:\n  name: Lin Park\n  url: https://x.example\n---\nText.", path: "p.md")
    #expect(document.author == "Lin Park")
  }

  @Test func keepsALeadingHorizontalRuleAndItsTextWhenNoFrontMatterFollows() {
    let page = render("---\nThe overlay adds a header to each frame.\n---\n\nMore text.")
    #expect(page.contains("The overlay adds a header to each frame."))
    #expect(page.contains("More text."))
  }

  @Test func escapesPlaceholderTagsInsteadOfSwallowingTheRest() {
    let page = render("Run kubectl exec <pod-name> -- sh to get a shell.\n\n## Next step\n\nCheck the routes.")
    #expect(page.contains("&lt;pod-name&gt;"))
    #expect(page.contains("<h2>Next step</h2>"))
  }

  @Test func selfClosesVoidElementsSoTheRestIsStillMarkdown() {
    let page = render("Line one<br>line two\n\n<img src=\"topology.png\">\n\n## After the picture\n\n- item")
    #expect(page.contains("<br />"))
    #expect(page.contains("<img src=\"topology.png\" />"))
    #expect(page.contains("<h2>After the picture</h2><ul><li>item</li></ul>"))
  }

  @Test func keepsClosedRawHTMLBlocksAsWritten() {
    let page = render("<div class=\"note\">\n<p>Keep <pod> as is</p>\n</div>\n\n# After")
    #expect(page.contains("<div class=\"note\">\n<p>Keep <pod> as is</p>\n</div>"))
    #expect(page.contains("<h1>After</h1>"))
  }

  @Test func dropsAStrayEndTagInsteadOfSwallowingTheRest() {
    #expect(render("Routes </b> stay.\n\n## Next\n\nText.") == "<p>Routes stay.</p><h2>Next</h2><p>Text.</p>")
  }

  @Test func readsAFenceRightAfterAnHTMLBlockOnTheSameLine() {
    #expect(render("<div>note</div>```\nip route\n```") == "<div>note</div><pre><code>ip route\n</code></pre>")
  }

  @Test func rendersTildeFencesAndFencesInsideListsAsCode() {
    let page = render(
      "~~~yaml\nkind: NetworkPolicy\n~~~\n\n- step one\n  ```\n  kubectl apply -f policy.yaml\n  ```\n- step two")
    #expect(page.contains("<pre><code class=\"language-yaml\">kind: NetworkPolicy\n</code></pre>"))
    #expect(page.contains("<pre><code>kubectl apply -f policy.yaml\n</code></pre>"))
    #expect(page.contains("<li>step two</li>"))
  }

  /// Lines indented four columns (or a tab) after a blank line are code, as CommonMark has it; Ink alone reads
  /// them as a paragraph, which turned shell sessions into sentences and their commands into terms.
  @Test func readsIndentedCodeBlocksAsCode() throws {
    let page = html(MarkdownReader().read(try Fixtures.string("macvlan-walkthrough.md"), path: "macvlan.md"))
    #expect(page.contains("<pre><code>host-a$ docker network create -d macvlan \\\n    --subnet=10.20.0.0/24"))
    #expect(page.contains("-o parent=eth0 lan\n3b0f5c1e9a2d\n</code></pre>"))
    // A tab indents as far as four spaces.
    #expect(page.contains("<pre><code>host-a$ docker network ls\nNETWORK ID     NAME   DRIVER\n"))
    #expect(page.contains("<p>Check that it is there:</p>"))
    // Inside a list, an indented paragraph continues the item.
    #expect(!page.contains("<code>A down parent"))
    #expect(page.contains("A down parent gives containers a link"))
    // An indented line cannot interrupt a paragraph: it continues the sentence.
    #expect(page.contains("A paragraph can also run on over an indented line"))
  }

  /// Setext headings and label lines.
  ///
  /// A line underlined with `=` or `-` is a heading, as CommonMark reads it; Ink alone made the first a
  /// paragraph ("Acme Fabric objects ======") and the second a rule. A strong span alone on the line above
  /// its description labels it: it is a paragraph of its own, not the first word of the next sentence.
  @Test func readsSetextHeadingsAndLabelLines() throws {
    let page = html(MarkdownReader().read(try Fixtures.string("fabric-objects.md"), path: "objects.md"))
    #expect(page.contains("<h1>Acme Fabric objects</h1>"))
    #expect(page.contains("<h2>Objects</h2>"))
    #expect(page.contains("<h2>Retired objects</h2>"))
    #expect(!page.contains("===") && !page.contains("<p>Objects"))
    #expect(page.contains("<p><strong>Segment</strong></p><p><code>Segment</code> is a broadcast domain"))
    #expect(page.contains("<p><strong>Attachment</strong></p><p><code>Attachment</code> is the link"))
    // A strong span that opens a sentence stays in it.
    #expect(page.contains("<p><strong>Note that attachments are never shared</strong>, even between"))
    // A heading's underline may come right before the next paragraph; dashes after a blank line are a rule.
    #expect(page.contains("<h2>Retired objects</h2><p>Earlier releases also had"))
    #expect(page.contains("<hr"))
    #expect(page.contains("<p>and the text after it is a paragraph of its own.</p>"))
  }

  @Test func turnsAutolinksIntoLinks() {
    let page = render("See <https://kubernetes.io/docs/concepts/services-networking/> or <ops@example.com>.")
    #expect(page.contains("<a href=\"https://kubernetes.io/docs/concepts/services-networking/\">"))
    #expect(page.contains("<a href=\"mailto:ops@example.com\">ops@example.com</a>"))
  }

  @Test func dropsHTMLComments() {
    #expect(render("Before <!-- a note\nfor editors --> after.") == "<p>Before after.</p>")
  }

  @Test func readsCRLFLineBreaks() {
    #expect(render("Text\r\n```\r\ncode\r\n```\r\nMore") == "<p>Text</p><pre><code>code\n</code></pre><p>More</p>")
  }

  @Test func keepsASentenceTogetherWhenALineStartsWithCodeAnOptionOrATag() {
    let page = render(
      "Docker also attaches it to the\n`docker_gwbridge` bridge, unless you pass\n--internal or\n<em>other</em> flags.")
    #expect(
      page == "<p>Docker also attaches it to the <code>docker_gwbridge</code> bridge, unless you pass --internal or "
        + "<em>other</em> flags.</p>")
  }

  /// Inputs on which Ink 0.6.0 alone loops forever or crashes; each must render and return.
  static let inputsInkCannotFinish: [String] = [
    "<p", "x <p", "hello\n\n<P\n", "\\<p>x</p>", "\\\\<p>x</p>", "~~~\ncode <p\n~~~\n\ntext",
    "&  \n```<p\n\n", "> \\\n~~~\n\n<P", "[a]: http://z\n---\n", "=<p></p>```\n~~~\n<p",
    "\n\n<p>---\n\t\"!<imgbr:/P\n[---\n~~~<!--`-+++br|---```>;p---\r\n: div\"",
  ]

  @Test(arguments: inputsInkCannotFinish)
  func finishesOnInputsThatHangOrCrashInk(_ markdown: String) {
    let document = MarkdownReader().read(markdown, path: "edge.md")
    #expect(document.format == .markdown)
  }

  /// A stretch with more loose brackets than the cap, code spans or not, is written with its brackets and
  /// backticks as character references: the same text.
  ///
  /// Brackets Ink cannot close cost it time exponential in their number, and which of them it sees depends on
  /// how it pairs backticks, joins lines and reads raw HTML. `make fuzz` found such paragraphs that took Ink
  /// from 3.7 seconds to forever.
  @Test func writesAStretchTangledInBracketsAsReferences() {
    let pair = "Send it[[[[[[[[ out of `eth0`.\n`eth1` takes the other end[[[[[[[[ of it.\n"
    let prepared = InkCompatibility.prepare(Substring(pair + pair))
    #expect(!prepared.contains("[") && !prepared.contains("`"))
    let restored = prepared.replacingOccurrences(of: "&#91;", with: "[").replacingOccurrences(of: "&#96;", with: "`")
    #expect(restored == (pair + pair).replacingOccurrences(of: ".\n`", with: ". `"))
    let document = MarkdownReader().read(String(repeating: pair, count: 8), path: "brackets.md")
    #expect(document.format == .markdown)
    // Plain links, and brackets in code spans a line pairs the way Ink does, are no tangle, however many.
    let row = "| `cnkb related TERM [--limit N]` | [related](related.md), [define](define.md) |\n"
    let table = "| command | what it does |\n| --- | --- |\n" + String(repeating: row, count: 8)
    #expect(InkCompatibility.prepare(Substring(table)) == table)
  }

  /// Ink pairs backticks along a joined line: a backtick left open on the line above is closed by the joined
  /// line's first, so what the line's own pairs would make a code span is text to Ink, and a tag there is read
  /// as HTML (a `<br>` left open would swallow the rest of the document).
  @Test func pairsBackticksAcrossALineJoinedToTheParagraphAsInkDoes() {
    let markdown = "Set the mode to `l2 and\n`bridge` or `<br>` for now.\n\nThe next paragraph names VXLAN."
    #expect(InkCompatibility.prepare(Substring(markdown)).hasPrefix("Set the mode to `l2 and `bridge` or `<br />`"))
    #expect(render(markdown).contains("<p>The next paragraph names VXLAN.</p>"))
  }

  /// Ink takes a fence after a vertical tab or a form feed for a fence, so the rewrite does too: otherwise the
  /// fence's content would be copied as code that Ink reads as text.
  @Test func readsAFenceAfterAVerticalTabAsInkDoes() {
    let prepared = InkCompatibility.prepare("\u{B}```sh\nip link add vxlan0 type vxlan\n```\n")
    #expect(prepared == "```sh\nip link add vxlan0 type vxlan\n```\n")
  }

  @Test func escapesAParagraphTagWithNothingToCloseIt() {
    #expect(InkCompatibility.prepare("Text and <p") == "Text and &lt;p")
    #expect(InkCompatibility.prepare("\\<p>raw</p>") == "&lt;p>raw")
  }
}
