import CNKBMarkup
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// Atom and RSS entries become documents; entities are never fetched or expanded.
@Suite struct FeedReaderTests {
  private let reader = FeedReader()

  private func sample(_ name: String) throws -> Data {
    try Data(contentsOf: Fixtures.samplesDirectory.appendingPathComponent("feeds/\(name)"))
  }

  @Test func atomEntriesKeepTitleLinkDatesAndHTML() throws {
    let feed = try reader.read(try sample("netblog-atom.xml"), origin: "netblog-atom.xml")
    #expect(feed.format == .atom)
    #expect(feed.title == "Netblog: notes on container networking")
    #expect(
      feed.entries.map(\.source) == [
        "https://netblog.example.org/2024/05/vxlan-overlays", "https://netblog.example.org/2024/04/calico-bgp",
        "https://netblog.example.org/2024/03/flannel-backends", "https://netblog.example.org/2024/02/cilium-policy",
      ])
    let first = try #require(feed.entries.first)
    #expect(first.date == "2024-05-20T09:00:00Z")
    #expect(first.updated == "2024-05-21T10:30:00Z")
    #expect(first.author == "Ravi Menon")
    guard case .html(let data, _) = first.content else { Issue.record("not HTML"); return }
    #expect(String(decoding: data, as: UTF8.self).hasPrefix("<p><strong>VXLAN</strong> carries"))
    guard case .html(let xhtml, _) = feed.entries[2].content else { Issue.record("not HTML"); return }
    #expect(String(decoding: xhtml, as: UTF8.self).contains("<li>The <em>host-gw</em> backend"))
    guard case .html(let plain, _) = feed.entries[3].content else { Issue.record("not HTML"); return }
    #expect(String(decoding: plain, as: UTF8.self).hasPrefix("<p>Cilium enforces"))
  }

  @Test func rssItemsConvertPubDateToISO8601() throws {
    let feed = try reader.read(try sample("cni-news-rss.xml"), origin: "cni-news-rss.xml")
    #expect(feed.format == .rss)
    #expect(
      feed.entries.map(\.date) == [
        "2024-05-14T09:30:00+00:00", "2024-04-03T16:00:00-04:00", "2024-03-15T11:45:00+01:00",
      ])
    #expect(feed.entries.first?.author == "Lena Fischer")
    guard case .html(let data, _) = feed.entries[0].content else { Issue.record("not HTML"); return }
    #expect(String(decoding: data, as: UTF8.self).contains("CNI meta-plugin"), "content:encoded wins over description")
  }

  @Test func externalEntityIsNeitherReadNorExpanded() throws {
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE feed [<!ENTITY leak SYSTEM "file:///etc/hostname">]>
      <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A &leak; B</title><link href="https://e.org/1"/>
      <content type="text">Body</content></entry></feed>
      """
    let feed = try reader.read(Data(xml.utf8), origin: "xxe.xml")
    #expect(feed.entries.first?.title == "A B")
  }

  @Test func entityBombIsRefusedQuickly() throws {
    var xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a0 \"lol\">"
    for level in 1...15 { xml += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
    xml += "]><rss><channel><item><title>&a15;</title><link>https://e.org/b</link></item></channel></rss>"
    let start = Date()
    #expect(throws: MarkupError.self) { try reader.read(Data(xml.utf8), origin: "bomb.xml") }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test func malformedFeedNamesTheLine() {
    let xml = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<entry><title>x</entry>\n</feed>"
    do {
      _ = try reader.read(Data(xml.utf8), origin: "broken.xml")
      Issue.record("expected an error")
    } catch {
      guard case .malformedFeed(let source, let line, _) = error else { Issue.record("\(error)"); return }
      #expect(source == "broken.xml")
      #expect(line == 3)
      #expect(error.description.hasPrefix("broken.xml:3: error: not a well-formed feed:"))
    }
  }

  @Test func emptyFeedAndOtherXMLAreClearErrors() {
    #expect(throws: MarkupError.emptyFeed(source: "e.xml")) {
      try reader.read(Data("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></feed>".utf8), origin: "e.xml")
    }
    #expect(throws: MarkupError.notAFeed(source: "s.xml", root: "svg")) {
      try reader.read(Data("<svg><g/></svg>".utf8), origin: "s.xml")
    }
  }
}
