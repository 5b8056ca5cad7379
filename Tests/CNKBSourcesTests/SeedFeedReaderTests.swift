import CNKBModel
import CNKBSources
import Foundation
import Testing
import _CNKBTestSupport

@Suite struct SeedFeedReaderTests {
  @Test(
    .enabled(if: Fixtures.seedFeedURL != nil && SeedGold.directory != nil, "needs ../shared/seed and ../shared/eval"))
  func readsTheTwentyPostsOfTheRealSeedAsTheGoldListHasThem() throws {
    let url = try #require(Fixtures.seedFeedURL)
    let documents = try SeedFeedReader().read(Data(contentsOf: url), origin: url.path)
    let gold = try SeedGold.rows("posts.tsv")
    #expect(gold.count == 20)
    #expect(documents.count == gold.count)
    for (document, row) in zip(documents, gold) {
      #expect(document.title == row["title"], "post \(row["num"] ?? "?")")
      #expect(document.source == row["url"], "post \(row["num"] ?? "?")")
      #expect(document.date == row["published"], "post \(row["num"] ?? "?")")
      #expect(document.updated == row["updated"], "post \(row["num"] ?? "?")")
    }
  }

  @Test(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed"))
  func givesEveryRealPostAnAuthorAndAnHTMLBody() throws {
    let url = try #require(Fixtures.seedFeedURL)
    let documents = try SeedFeedReader().read(Data(contentsOf: url), origin: url.path)
    for document in documents {
      #expect(document.format == .seedFeed)
      #expect(document.origin == url.path)
      #expect(!(document.author ?? "").isEmpty)
      guard case .html(let body, let encoding) = document.content else {
        Issue.record("\(document.source) has no HTML body")
        continue
      }
      #expect(encoding == "UTF-8")
      let html = String(decoding: body, as: UTF8.self)
      #expect(html.hasPrefix("<"), "\(document.source) body starts with \(html.prefix(40))")
      #expect(!html.contains("<![CDATA["), "\(document.source) swallowed the next post")
      #expect(!html.contains("[email"), "\(document.source) kept the e-mail placeholder")
    }
  }

  @Test func readsEachPostOfAFeedInTheSeedShape() throws {
    let documents = try SeedFeedReader().read(Fixtures.data("mini-seed.txt"), origin: "mini-seed.txt")
    #expect(
      documents.map(\.title) == [
        "Choosing a CNI Plugin & Living With It", "eBPF Datapaths in Plain Words", "Egress Gateways",
      ])
    #expect(
      documents.map(\.source) == [
        "https://netnotes.example/2021/03/choosing-a-cni-plugin", "https://netnotes.example/2021/06/ebpf-datapaths",
        "https://netnotes.example/2022/01/egress-gateways",
      ])
    #expect(
      documents.map(\.date) == ["2021-03-02T10:00:00+01:00", "2021-06-10T18:45:30-04:00", "2022-01-15T07:05:00Z"])
    #expect(
      documents.map(\.updated) == ["2021-03-04T08:15:00+01:00", "2021-06-10T18:45:30-04:00", "2022-02-01T12:00:00Z"])
    #expect(
      documents.allSatisfy { $0.author == "Sam Rivera" && $0.origin == "mini-seed.txt" && $0.format == .seedFeed })
  }

  @Test func keepsACDATASectionInsideABodyAsPartOfThatBody() throws {
    let documents = try SeedFeedReader().read(Fixtures.data("mini-seed.txt"), origin: "mini-seed.txt")
    let first = try #require(documents.first)
    #expect(
      first.content
        == .html(
          Data(
            ("<p>A CNI plugin is the program the runtime calls to give a pod its interface and address.</p> "
              + "<p>Some configuration formats wrap raw values in <![CDATA[literal text]]> sections, "
              + "which is not a new post.</p>").utf8), encoding: "UTF-8"))
  }

  @Test func readsAPostWithoutUpdatedTimestampOrAuthor() throws {
    let text = "<![CDATA[Short Post]]> https://site.example/p 2020-05-06 <p>Only a body.</p>"
    let documents = try SeedFeedReader().read(Data(text.utf8), origin: "short.txt")
    #expect(documents.count == 1)
    #expect(documents.first?.date == "2020-05-06")
    #expect(documents.first?.updated == nil)
    #expect(documents.first?.author == nil)
    #expect(documents.first?.content == .html(Data("<p>Only a body.</p>".utf8), encoding: "UTF-8"))
  }

  @Test func rejectsTextWithoutAnyPostTitle() {
    #expect(throws: SourceError.malformedSeedFeed("plain.txt", reason: "no post title (<![CDATA[…]]>) found")) {
      try SeedFeedReader().read(Data("Just a paragraph about routing.".utf8), origin: "plain.txt")
    }
  }

  @Test func rejectsTitlesThatNoURLAndTimestampFollow() {
    let error = SourceError.malformedSeedFeed(
      "odd.txt", reason: "no <![CDATA[…]]> title is followed by a post URL and a timestamp")
    #expect(throws: error) {
      try SeedFeedReader().read(Data("<![CDATA[Title]]> https://x.example/a yesterday".utf8), origin: "odd.txt")
    }
  }
}
