import CNKBConcepts
import CNKBModel
import CNKBPipeline
import Foundation
import Logging
import Testing
import _CNKBTestSupport

/// The founding corpus end to end: 20 posts stored with exact metadata and clean sentences.
@Suite(.enabled(if: Fixtures.seedFeedURL != nil && SeedGold.directory != nil, "needs ../shared (seed and eval)"))
struct SeedCorpusTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  /// Ingests the seed into a fresh database and returns the knowledge base and the report.
  private func ingestSeed(_ temp: TemporaryDirectory) throws -> (KnowledgeBase, IngestReport) {
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    let report = try base.ingest([try #require(Fixtures.seedFeedURL).path])
    return (base, report)
  }

  @Test func storesTwentyPostsWithTheFeedsTitlesURLsAndDates() throws {
    let temp = try TemporaryDirectory()
    let (base, report) = try ingestSeed(temp)
    #expect(report.count(.added) == 20)
    #expect(report.count(.failed) == 0)
    let gold = try SeedGold.rows("posts.tsv")
    #expect(gold.count == 20)
    for row in gold {
      let url = try #require(row["url"])
      let document = try #require(try base.document(source: url), "post \(row["num"] ?? "?") is stored")
      #expect(document.title == row["title"])
      #expect(document.date == row["published"])
      #expect(document.format == .seedFeed)
    }
    #expect(try base.documents().count == 20)
  }

  @Test func post17KeepsItsGoldDefinitionsAsWholeSentences() throws {
    let temp = try TemporaryDirectory()
    let (base, _) = try ingestSeed(temp)
    let url = try #require(try SeedGold.rows("posts.tsv").first { $0["num"] == "17" }?["url"])
    let document = try #require(try base.document(source: url))
    let sentences = Set(document.sentences.map(\.text))
    // The gold definitions of post 17 are single sentences of the text; each must come out whole.
    let gold = try SeedGold.rows("definitions.tsv").filter { $0["post"] == "17" }.compactMap { $0["sentence"] }
    #expect(!gold.isEmpty)
    let libnetwork = try #require(gold.first { $0.hasPrefix("Libnetwork is the canonical implementation") })
    #expect(sentences.contains(libnetwork))
    let whole = gold.filter { sentences.contains($0) }
    #expect(Double(whole.count) / Double(gold.count) >= 0.8, "missing: \(gold.filter { !sentences.contains($0) })")
  }

  @Test func storedTextHasNoMarkupCDATAOrEntities() throws {
    let temp = try TemporaryDirectory()
    let (base, _) = try ingestSeed(temp)
    let tag = try Regex(#"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>"#)
    let entity = try Regex(#"&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z]+);"#)
    for summary in try base.documents() {
      let document = try #require(try base.document(source: summary.source))
      #expect(!document.text.contains("<![CDATA["), "\(summary.source)")
      #expect(!document.text.contains("]]>"), "\(summary.source)")
      #expect(
        document.text.firstMatch(of: tag) == nil,
        "\(summary.source): \(String(describing: document.text.firstMatch(of: tag).map { document.text[$0.range] }))")
      #expect(document.text.firstMatch(of: entity) == nil, "\(summary.source)")
      for sentence in document.sentences {
        let scalars = Array(document.text.unicodeScalars)
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[sentence.start..<sentence.end])
        #expect(String(slice) == sentence.text, "offsets point at the sentence")
      }
    }
  }

  @Test func reingestingReportsEveryPostUnchanged() throws {
    let temp = try TemporaryDirectory()
    let (base, _) = try ingestSeed(temp)
    let again = try base.ingest([try #require(Fixtures.seedFeedURL).path])
    #expect(again.count(.unchanged) == 20)
    #expect(again.count(.added) + again.count(.changed) == 0)
  }

  @Test func searchFindsIPvlanInPost18() throws {
    let temp = try TemporaryDirectory()
    let (base, _) = try ingestSeed(temp)
    let url = try #require(try SeedGold.rows("posts.tsv").first { $0["num"] == "18" }?["url"])
    let hits = try base.search("IPvlan")
    #expect(hits.contains { $0.source == url && $0.snippet.lowercased().contains("[ipvlan") })
  }

  @Test func wordsAsCommonAsInAnyManualRankLowerAndNothingElseMoves() throws {
    let temp = try TemporaryDirectory()
    let (base, _) = try ingestSeed(temp)
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    var plain = ConceptExtractor.Options()
    plain.ranksOrdinaryWordsLower = false
    let without = Dictionary(
      uniqueKeysWithValues: try base.buildGraph(vocabulary: vocabulary, options: plain).concepts.map { ($0.id, $0) })
    let with = try base.buildGraph(vocabulary: vocabulary).concepts
    #expect(with.count == without.count, "the yardstick moves ranks; it adds and removes nothing")
    var lowered: [String] = []
    for concept in with {
      let before = try #require(without[concept.id])
      guard concept.score != before.score else { continue }
      #expect(concept.score < before.score, "\(concept.label) rose")
      #expect(
        concept.origin == .discovered && !concept.label.contains(" "), "\(concept.label) is not a discovered word")
      lowered.append(concept.label.lowercased())
    }
    // The blog's ordinary words; the field's own ("IPvlan", "overlay", "namespace") keep their scores.
    #expect(Set(["table", "options", "index"]).isSubset(of: lowered), "\(lowered)")
    #expect(lowered.count <= 10, "\(lowered)")
    // "labels" is as common in manuals, but the post that uses it defines it ("CNM supports the notion of
    // user-defined labels (…)").
    #expect(!lowered.contains("labels"), "\(lowered)")
  }
}

/// `cnkb build` stores every mention of every concept with its document, sentence and offsets.
@Suite(.enabled(if: Fixtures.seedFeedURL != nil, "needs ../shared/seed"))
struct StoredMentionsTests {
  @Test func everyMentionIsStoredAndPointsAtItsText() throws {
    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(
      databasePath: temp.path("kb.sqlite"), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    _ = try base.ingest([try #require(Fixtures.seedFeedURL).path])
    let graph = try base.buildGraph(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let cni = try #require(graph.concepts.first { $0.abbreviation == "CNI" })
    let stored = try base.mentions(ofConcept: cni.id)
    #expect(stored == cni.mentions)
    #expect(stored.count == cni.mentionCount)
    for mention in stored.prefix(20) {
      let document = try #require(try base.document(source: mention.document))
      let scalars = Array(document.text.unicodeScalars)
      var slice = String.UnicodeScalarView()
      slice.append(contentsOf: scalars[mention.start..<mention.end])
      #expect(String(slice) == mention.surface)
      let sentence = document.sentences[mention.sentence]
      #expect(sentence.start <= mention.start && mention.end <= sentence.end)
    }
    // Removing a document takes its mentions with it.
    let source = try #require(stored.first?.document)
    #expect(try base.remove(source: source))
    #expect(try base.mentions(ofConcept: cni.id).allSatisfy { $0.document != source })
  }
}
