import CNKBMarkup
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// Inputs kept from fuzzing the HTML converter and the feed reader (`make fuzz`).
///
/// The folders hold seeds that reached new code and any input that once crashed or hung. Each goes through
/// the same entry point as its libFuzzer target and must come back, either as a result or as a
/// `MarkupError`, with the result's documented shape.
@Suite struct MarkupFuzzRegressionTests {
  /// The files of `Fixtures/fuzz/<folder>`, sorted by name.
  private func inputs(_ folder: String) throws -> [(name: String, data: Data)] {
    let directory = Fixtures.directory().appendingPathComponent("fuzz/\(folder)")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    return try names.map { ($0, try Data(contentsOf: directory.appendingPathComponent($0))) }
  }

  @Test func everyHTMLInputConvertsOrFailsCleanly() throws {
    let inputs = try inputs("html")
    #expect(!inputs.isEmpty)
    for (name, data) in inputs {
      let text: StructuredText
      do {
        text = try HTMLTextConverter().convert(data, source: name)
      } catch {
        continue
      }
      for block in text.blocks {
        let length = block.text.unicodeScalars.count
        for mark in block.marks {
          #expect(0 <= mark.start && mark.start <= mark.end && mark.end <= length, "\(name): mark outside its block")
        }
        let order = block.marks.map { [$0.start, $0.end] }
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "\(name): marks out of order")
      }
    }
  }

  @Test func everyFeedInputReadsOrFailsCleanly() throws {
    let inputs = try inputs("feed")
    #expect(!inputs.isEmpty)
    for (name, data) in inputs {
      guard let feed = try? FeedReader().read(data, origin: name) else { continue }
      #expect(!feed.entries.isEmpty, "\(name)")
      #expect(feed.entries.allSatisfy { !$0.source.isEmpty }, "\(name)")
      // Entities are never expanded or fetched (the nasty-*.xml inputs declare a bomb and a file).
      var texts = [feed.title ?? ""] + feed.entries.map { $0.title ?? "" }
      for entry in feed.entries {
        if case .html(let html, _) = entry.content { texts.append(String(decoding: html, as: UTF8.self)) }
      }
      #expect(texts.allSatisfy { !$0.contains("aaaaaaaaaa") && !$0.contains("root:") }, "\(name)")
    }
  }

  /// Kept feeds that read show rules the reader documents: an entry without a link or id is named after the
  /// feed and its position (and the entity checks above apply to feeds that do read).
  @Test func entriesWithoutLinkOrIdAreNamedAfterTheirPosition() throws {
    let atom = try FeedReader().read(
      Fixtures.data("fuzz/feed/corpus-atom-entry-without-link.xml"), origin: "atom.xml")
    #expect(atom.entries.map(\.source) == ["atom.xml#entry-1"])
    let rss = try FeedReader().read(
      Fixtures.data("fuzz/feed/nasty-external-entity-and-dates.xml"), origin: "rss.xml")
    #expect(rss.entries.map(\.source) == ["rss.xml#item-1", "rss.xml#item-2", "rss.xml#item-3"])
  }

  /// An RFC 822 offset no place has (past 14 hours, or 60 minutes and more) leaves the date as written; Foundation's
  /// date formatter stopped the process on offsets past 15 hours (found by fuzzing the feed reader).
  @Test func aTimeZoneOffsetNoPlaceHasLeavesTheDateAsWritten() throws {
    let rss = try FeedReader().read(Fixtures.data("fuzz/feed/zone-offset-out-of-range.xml"), origin: "rss.xml")
    #expect(
      rss.entries.map(\.date) == [
        "Tue, 13 Sep 2016 07:50:15 -1615", "Tue, 13 Sep 2016 07:50:15 +0260", "2016-09-13T07:50:15+14:00",
        // A zone that is no offset reads as UTC, as an unknown zone name does.
        "2016-09-13T07:50:00+00:00",
      ])
  }
}
