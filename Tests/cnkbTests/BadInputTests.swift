import Foundation
import Testing
import _CNKBTestSupport

/// Bad inputs get a clear `path: error:` line and a non-zero exit, and never stop the rest of the run.
@Suite struct BadInputTests {
  /// A folder of hostile and broken inputs next to one good page.
  private func makeFolder() throws -> TemporaryDirectory {
    let temp = try TemporaryDirectory("cnkb-bad")
    try temp.write(
      "in/good.html",
      "<html><body><article><p>Weave Net builds a mesh overlay between hosts.</p></article></body></html>")
    try temp.write("in/empty.html", Data())
    try temp.write("in/blank.md", "  \n\n\t \n")
    try temp.write(
      "in/archive.html", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]) + Data(repeating: 0x00, count: 200))
    try temp.write(
      "in/picture.html", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x07, count: 300))
    var invalid = Data("<p>The bridge driver attaches containers to docker0 ".utf8)
    invalid.append(contentsOf: [0xC3, 0x28, 0xFF, 0x80])
    invalid.append(Data(" and gives each one an address.</p>".utf8))
    try temp.write("in/invalid-utf8.html", invalid)
    var markdown = Data("# Notes\n\nThe overlay driver uses VXLAN ".utf8)
    markdown.append(contentsOf: [0xFF, 0xFE, 0xFD])
    markdown.append(Data(" tunnels.\n".utf8))
    try temp.write("in/invalid-bytes.md", markdown)
    try temp.write(
      "in/truncated.html", "<html><body><h1>Canal</h1><p>Canal pairs Flannel networking with Calico <b>policy")
    for (name, depth) in [("deep", 10_000), ("nested", 200)] {
      try temp.write(
        "in/\(name).html",
        String(repeating: "<div>", count: depth) + "Deep inside sits one sentence about Cilium."
          + String(repeating: "</div>", count: depth))
    }
    // About 50 MB on one line, shaped like a minified page: long attributes and many short paragraphs.
    var huge = "<html><body><main>"
    let filler = String(repeating: "a", count: 2_400)
    for index in 0..<20_000 {
      huge +=
        "<div class=\"card\" data-state=\"\(filler)\"><p>Card \(index) explains one MetalLB address pool.</p></div>"
    }
    huge += "</main></body></html>"
    try temp.write("in/huge.html", huge)
    try temp.write(
      "in/xxe.xml",
      """
      <?xml version="1.0"?>
      <!DOCTYPE feed [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
      <feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
      <entry><title>Entity &secret; here</title><link href="https://example.org/xxe"/><id>x</id>
      <content type="html">&lt;p&gt;Kuryr connects containers to OpenStack Neutron. &amp;secret;&lt;/p&gt;</content></entry>
      </feed>
      """)
    var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"ha\">\n"
    for level in 1...12 {
      laughs += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">\n"
    }
    laughs +=
      "]>\n<rss version=\"2.0\"><channel><title>t</title><item><title>&l12;</title>"
      + "<link>https://example.org/laughs</link><description>&lt;p&gt;Laughs &amp;l12;&lt;/p&gt;</description></item></channel></rss>"
    try temp.write("in/laughs.xml", laughs)
    return temp
  }

  @Test func eachBadInputIsReportedAndTheRestIsStored() throws {
    let temp = try makeFolder()
    let db = temp.path("kb.sqlite")
    let start = Date()
    let result = try CommandRunner.run(["ingest", "in", "--db", db], in: temp.url)
    let seconds = Date().timeIntervalSince(start)

    #expect(result.exitCode == 65, "bad data gives exit code 65\n\(result.stderr)")
    #expect(result.stderr.contains("in/empty.html: error:"))
    #expect(result.stderr.contains("in/blank.md: error:"))
    #expect(result.stderr.contains("in/archive.html: error:"))
    #expect(result.stderr.lowercased().contains("zip"))
    #expect(result.stderr.contains("in/picture.html: error:"))
    #expect(result.stderr.contains("in/invalid-utf8.html: warning:"), "replaced bytes are reported")
    #expect(result.stderr.contains("in/invalid-bytes.md: warning:"), "in Markdown too")

    for stored in ["in/good.html", "in/invalid-utf8.html", "in/truncated.html", "in/nested.html", "in/huge.html"] {
      #expect(result.stdout.contains("added    \(stored)"), "\(stored) is stored")
    }
    // Nesting past libxml2's depth limit is cut, said, and the page skipped for want of text.
    #expect(result.stderr.contains("in/deep.html: warning: elements nested deeper"))
    #expect(result.stdout.contains("skipped  in/deep.html"))
    // The external entity is neither read nor expanded: the entry is stored without it.
    #expect(result.stdout.contains("added    https://example.org/xxe"))
    // The entity bomb is refused by the parser at once, with the file and line named.
    #expect(result.stderr.contains("in/laughs.xml:"))
    #expect(result.stderr.contains("entity reference loop"))
    #expect(seconds < 300, "bounded time: took \(seconds) s")

    // Nothing from the external entity or the entity bomb reached the store.
    let secret = try CommandRunner.run(["search", "root", "--db", db, "--format", "json"], in: temp.url)
    #expect(!secret.stdout.contains("/bin/"))
    let deep = try CommandRunner.run(["search", "Cilium", "--db", db], in: temp.url)
    #expect(deep.stdout.contains("in/nested.html"))
  }

  @Test func unreadableFileIsReportedByName() throws {
    guard geteuid() != 0 else { return }  // root reads files whatever their mode
    let temp = try TemporaryDirectory()
    let page = try temp.write("locked.html", "<p>Multus attaches several interfaces to a pod.</p>")
    chmod(page, 0)
    defer { chmod(page, 0o644) }
    let result = try CommandRunner.run(["ingest", page, "--db", temp.path("kb.sqlite")], in: temp.url)
    #expect(result.exitCode == 66)
    #expect(result.stderr.contains("locked.html: error:"))
  }
}
