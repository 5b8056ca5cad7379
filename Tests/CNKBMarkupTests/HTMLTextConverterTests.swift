import CNKBMarkup
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// What the HTML converter keeps and drops, and the inline marks it records.
@Suite struct HTMLTextConverterTests {
  private let converter = HTMLTextConverter()

  private func convert(_ html: String, encoding: String? = nil) throws -> StructuredText {
    try converter.convert(Data(html.utf8), source: "test.html", encoding: encoding)
  }

  private func text(_ block: TextBlock, _ mark: InlineMark) -> String {
    let scalars = Array(block.text.unicodeScalars)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[mark.start..<mark.end])
    return String(view)
  }

  @Test func everythingPageGivesEachBlockKindInOrder() throws {
    let page = try converter.convert(try Fixtures.data("everything.html"), source: "everything.html")
    #expect(page.title == "Every construct & more")
    let blocks = page.blocks.map { "\($0.kind.rawValue)|\($0.level.map(String.init) ?? "-")|\($0.text)" }
    #expect(
      blocks == [
        "heading|1|Bridge networks",
        "paragraph|-|A Linux bridge joins a veth pair’s host end to other ports.",
        "paragraph|-|Next line after a break.",
        "list-item|1|First item",
        "list-item|2|Nested item",
        "list-item|1|Item with a paragraph",
        "definition-term|-|Endpoint",
        "definition-description|-|An interface in a sandbox.",
        "caption|-|Driver scopes",
        "table-cell|-|Driver",
        "table-cell|-|overlay",
        "caption|-|A figure caption",
        "quote|-|Quoted words here.",
        "code|-|ip link add br0 type bridge\n  ip link set br0 up",
        "paragraph|-|Read the CNI spec, use kubectl, know the IPAM and the sandbox.",
        "paragraph|-|Entities: café & tea time ’quoted’ Kept text",
      ])
  }

  @Test func inlineMarksPointAtTheirWords() throws {
    let page = try converter.convert(try Fixtures.data("everything.html"), source: "everything.html")
    let first = try #require(page.blocks.first { $0.text.hasPrefix("A Linux bridge") })
    #expect(
      first.marks.map { "\($0.kind.rawValue):\(text(first, $0))" } == ["strong:Linux bridge", "emphasis:veth pair"])
    let links = try #require(page.blocks.first { $0.text.hasPrefix("Read the") })
    #expect(
      links.marks.map { "\($0.kind.rawValue):\(text(links, $0)):\($0.attribute ?? "")" } == [
        "link:CNI spec:https://example.org/cni", "code:kubectl:", "abbreviation:IPAM:IP address management",
        "definition:sandbox:",
      ])
  }

  @Test func marksCountScalarsAfterNonASCIIText() throws {
    let page = try convert("<p>Le café 🍵 utilise <b>IPvlan</b> ici.</p>")
    let block = try #require(page.blocks.first)
    let mark = try #require(block.marks.first)
    #expect(text(block, mark) == "IPvlan")
    #expect(mark.start == 18)
  }

  @Test func spacesBetweenInlineElementsAreKeptExactly() throws {
    #expect(try convert("<p>a <b>b</b> c</p>").blocks.map(\.text) == ["a b c"])
    #expect(try convert("<p>a<b>b</b>c</p>").blocks.map(\.text) == ["abc"])
  }

  @Test func articleIsPreferredOverPageFurniture() throws {
    let page = try convert(
      "<body><header><p>Brand</p></header><nav>Menu</nav><article><header><h1>Title</h1></header><p>Body text.</p>"
        + "<footer><p>Tags: cni</p></footer></article><aside><p>Related</p></aside><footer>Copyright</footer></body>")
    #expect(page.blocks.map(\.text) == ["Title", "Body text.", "Tags: cni"])
  }

  @Test func mainIsPreferredAndNavInsideItIsDropped() throws {
    let page = try convert(
      "<body><nav><a href='/'>Docs</a></nav><main><h1>Guide</h1><nav>On this page</nav><p>Real content.</p></main>"
        + "<footer>Footer</footer></body>")
    #expect(page.blocks.map(\.text) == ["Guide", "Real content."])
  }

  /// Documentation generators mark their navigation bars by class or id, not by element or role.
  @Test(arguments: [
    ("docbook-chapter.html", ["Prev", "Up", "Home", "Next", "Part III. Networking"]),
    ("yui-docs-page.html", ["Acme Fabric 4.2 documentation", "Home", "previous", "Browse", "Prev: Segments"]),
  ])
  func navigationBarsNamedByClassOrIdAreDropped(_ fixture: String, _ furniture: [String]) throws {
    let page = try converter.convert(try Fixtures.data(fixture), source: fixture)
    let texts = page.blocks.map(\.text)
    for text in furniture {
      #expect(!texts.contains { $0.hasPrefix(text) }, "\(text) is page furniture")
    }
    // The content's own ids are slugs of its titles ("topics-policies-menu"): a furniture word among others.
    #expect(texts.contains { $0.contains("overlay network") || $0.contains("network policy") })
    #expect(page.blocks.contains { $0.kind == .heading }, "the page's own heading stays")
  }

  @Test func aClassThatNamesFurnitureInsideMainContentIsKept() throws {
    let page = try convert(
      "<body><main><h1>Segments</h1><div class='sidebar'><p>Note: a segment never spans tenants.</p></div>"
        + "</main><div class='sidebar'><p>Other pages</p></div></body>")
    #expect(page.blocks.map(\.text) == ["Segments", "Note: a segment never spans tenants."])
  }

  @Test func utf16WithBOMIsDecoded() throws {
    var data = Data([0xFF, 0xFE])
    data.append("<p>Calico über BGP</p>".data(using: .utf16LittleEndian) ?? Data())
    #expect(try converter.convert(data, source: "u16.html").blocks.map(\.text) == ["Calico über BGP"])
  }

  @Test func latin1DeclaredPageIsTranscoded() throws {
    var data = Data("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf".utf8)
    data.append(contentsOf: [0xE9])
    data.append(Data(" r\u{E9}seau</p></body></html>".utf8).filter { $0 < 0x80 })
    let page = try converter.convert(data, source: "latin1.html")
    #expect(page.blocks.map(\.text) == ["Café rseau"])
  }

  @Test func latin1DeclaredButUTF8PageIsReadAsUTF8() throws {
    let page = try convert("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Café réseau</p></body></html>")
    #expect(page.blocks.map(\.text) == ["Café réseau"])
    #expect(page.warnings.contains { $0.contains("valid UTF-8") })
  }

  @Test func invalidBytesAreReplacedAndCounted() throws {
    var data = Data("<p>Weave ".utf8)
    data.append(contentsOf: [0xC3, 0x28])
    data.append(Data(" mesh</p>".utf8))
    let page = try converter.convert(data, source: "bad.html")
    #expect(page.blocks.map(\.text) == ["Weave \u{FFFD}( mesh"])
    #expect(page.warnings == ["1 invalid UTF-8 byte sequence replaced with U+FFFD"])
  }

  @Test func emptyInputThrowsNamingTheSource() {
    #expect(throws: MarkupError.emptyDocument(source: "blank.html")) {
      try converter.convert(Data(" \n\t ".utf8), source: "blank.html")
    }
  }

  @Test func escapedMarkupInTextIsLeftOut() throws {
    let page = try convert("<p>Photo &lt;p class=\"caption\"&gt;Louvre at night&lt;/p&gt;&lt;/div&gt; and a &lt; b</p>")
    #expect(page.blocks.map(\.text) == ["Photo Louvre at night and a < b"])
  }

  @Test func deepNestingIsCutWithAWarningNotACrash() throws {
    let html = String(repeating: "<div>", count: 10_000) + "deep" + String(repeating: "</div>", count: 10_000)
    let page = try convert("<p>Top text.</p>" + html)
    #expect(page.blocks.first?.text == "Top text.")
    #expect(page.warnings.contains { $0.contains("nested deeper") })
  }

  @Test func fiftyMegabyteSingleLinePageConverts() throws {
    var html = "<html><body>"
    let padding = String(repeating: "x", count: 2_500)
    for index in 0..<20_000 { html += "<div data-x=\"\(padding)\"><p>Pool \(index) holds addresses.</p></div>" }
    html += "</body></html>"
    #expect(html.utf8.count > 50_000_000)
    let page = try convert(html)
    #expect(page.blocks.count == 20_000)
    #expect(page.blocks.last?.text == "Pool 19999 holds addresses.")
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed/gingergeek-feed.txt"))
  func seedFileLeavesNoCDATAMarkers() throws {
    let page = try converter.convert(try Data(contentsOf: try #require(Fixtures.seedFeedURL)), source: "seed")
    #expect(!page.blocks.isEmpty)
    #expect(!page.blocks.contains { $0.text.contains("<![CDATA[") || $0.text.contains("]]>") })
  }
}
