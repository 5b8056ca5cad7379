import CNKBModel
import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

/// One row of the sniffing table.
struct SniffCase: Sendable, CustomTestStringConvertible {
  /// What the sniffer should say.
  enum Expected: Sendable, Equatable {
    case format(DocumentFormat)
    case error(SourceError)
  }

  var label: String
  var data: Data
  var path: String?
  var expected: Expected

  init(_ label: String, _ data: Data, path: String?, _ expected: Expected) {
    self.label = label
    self.data = data
    self.path = path
    self.expected = expected
  }

  init(_ label: String, _ text: String, path: String?, _ expected: Expected) {
    self.init(label, Data(text.utf8), path: path, expected)
  }

  var testDescription: String { label }

  static func utf16LittleEndian(_ text: String) -> Data {
    var data = Data([0xFF, 0xFE])
    for unit in text.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
    return data
  }

  static func utf16BigEndian(_ text: String) -> Data {
    var data = Data([0xFE, 0xFF])
    for unit in text.utf16 { data.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)]) }
    return data
  }

  static let seedShape =
    "Feed Author Jekyll 2022-01-01T00:00:00Z https://blog.example/ <![CDATA[Routing Pods]]> "
    + "https://blog.example/2022/01/routing-pods 2022-01-01T00:00:00Z 2022-01-02T00:00:00Z "
    + "Feed Author https://blog.example [email protected] <p>Body.</p>"

  static let all: [SniffCase] = [
    SniffCase("empty file", Data(), path: "empty.md", .error(.empty("empty.md"))),
    SniffCase("white space only", " \n\t\r\n ", path: "blank.txt", .error(.empty("blank.txt"))),
    SniffCase("UTF-16 BOM and spaces only", utf16LittleEndian("  \n "), path: "blank.txt", .error(.empty("blank.txt"))),
    SniffCase(
      "ZIP magic", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]), path: "notes.md",
      .error(.binary("notes.md", reason: "looks like a ZIP archive"))),
    SniffCase(
      "PNG magic", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]), path: "samples/x.png",
      .error(.binary("samples/x.png", reason: "looks like a PNG image"))),
    SniffCase(
      "gzip magic", Data([0x1F, 0x8B, 0x08, 0x00]), path: nil, .error(.binary("-", reason: "looks like a gzip archive"))
    ),
    SniffCase(
      "PDF magic", "%PDF-1.7\n%âãÏÓ", path: "paper.txt",
      .error(.binary("paper.txt", reason: "looks like a PDF document"))),
    SniffCase(
      "NUL bytes in text", Data("overlay\u{0}network".utf8), path: "note.txt",
      .error(.binary("note.txt", reason: "contains NUL bytes"))),
    SniffCase(
      "mostly control bytes", Data([0x01, 0x02, 0x03, 0x41, 0x04, 0x05, 0x06]), path: "x.txt",
      .error(.binary("x.txt", reason: "mostly control bytes"))),
    SniffCase(
      "UTF-16LE text with BOM", utf16LittleEndian("Pods share a network namespace."), path: "n.txt", .format(.text)),
    SniffCase(
      "UTF-16BE HTML with BOM", utf16BigEndian("<!DOCTYPE html><html><body><p>x</p>"), path: nil, .format(.html)),
    SniffCase(
      "Atom after a declaration and a comment",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- generated -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">",
      path: "feed.xml", .format(.atom)),
    SniffCase(
      "Atom content wins over an .html extension", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", path: "f.html",
      .format(.atom)),
    SniffCase(
      "RSS 2.0", "\u{FEFF}<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>", path: "index.xml", .format(.rss)),
    SniffCase("RSS 1.0 (RDF)", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", path: nil, .format(.rss)),
    SniffCase("seed shape", seedShape, path: "corpus.txt", .format(.seedFeed)),
    SniffCase(".html extension", "Just words.", path: "page.html", .format(.html)),
    SniffCase(".htm extension", "Just words.", path: "PAGE.HTM", .format(.html)),
    SniffCase(".xhtml extension", "<html xmlns=\"http://www.w3.org/1999/xhtml\">", path: "p.xhtml", .format(.xhtml)),
    SniffCase(".md extension", "Plain words.", path: "notes.md", .format(.markdown)),
    SniffCase(".adoc extension", "= Routing\n\nPlain words.", path: "routing.adoc", .format(.asciiDoc)),
    SniffCase(".rst extension", "Routing\n=======\n\nPlain words.", path: "routing.rst", .format(.restructuredText)),
    SniffCase(".markdown extension", "Plain words.", path: "notes.markdown", .format(.markdown)),
    SniffCase(".txt extension beats a heading", "# Not Markdown here", path: "notes.txt", .format(.text)),
    SniffCase("doctype sniffed", "<!doctype html>\n<title>t</title>", path: nil, .format(.html)),
    SniffCase("html root sniffed", "<html lang=\"en\"><body>", path: "page", .format(.html)),
    SniffCase(
      "XML declaration and html root", "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
      path: nil, .format(.xhtml)),
    SniffCase("paragraph-heavy fragment", "Intro <p>one</p> <p>two</p>", path: "fragment", .format(.html)),
    SniffCase("front matter sniffed", "---\ntitle: Flannel\n---\nBody.", path: "README", .format(.markdown)),
    SniffCase("heading sniffed", "Intro line\n\n## Calico\n\nText.", path: nil, .format(.markdown)),
    SniffCase("plain text", "Pods talk to Services through virtual IPs.\n", path: "NOTES", .format(.text)),
    SniffCase(
      "XML that is no feed", "<?xml version=\"1.0\"?><urlset><url/></urlset>", path: "sitemap.xml",
      .error(.notADocument("sitemap.xml", reason: "XML whose root element is <urlset>, not a feed or an XHTML page"))),
  ]
}

@Suite struct FormatSnifferTests {
  @Test(arguments: SniffCase.all)
  func detectsTheFormat(_ sample: SniffCase) {
    let outcome: SniffCase.Expected
    do {
      outcome = .format(try FormatSniffer().detect(data: sample.data, path: sample.path))
    } catch {
      outcome = .error(error)
    }
    #expect(outcome == sample.expected)
  }

  @Test func namesStandardInputAsADash() {
    #expect(throws: SourceError.empty("-")) { try FormatSniffer().detect(data: Data(), path: nil) }
  }

  @Test func recognisesTheRealSeedFeed() throws {
    let data = try Fixtures.data("mini-seed.txt")
    #expect(try FormatSniffer().detect(data: data, path: "mini-seed.txt") == .seedFeed)
  }
}
