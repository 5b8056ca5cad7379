import CNKBConcepts
import Foundation
import Logging
import Testing
import _CNKBTestSupport

@testable import CNKBPipeline

/// The split build's statistics merge in any grouping and order to the same value, survive their JSON Lines
/// form unchanged, and finish into the graph a plain build gives.
@Suite struct PartialMergeTests {
  private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

  /// One `cnkb map` input record per file: the samples, and the seed feed when `../shared` is there.
  private func inputRecords() throws -> [Data] {
    var paths: [String] = []
    let samples = Fixtures.samplesDirectory.path
    let walker = FileManager.default.enumerator(atPath: samples)
    while let relative = walker?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = samples + "/" + relative
      if !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }),
        FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
      {
        paths.append(path)
      }
    }
    if let seed = Fixtures.seedFeedURL { paths.append(seed.path) }
    return try paths.sorted().map { path in
      let record: [String: String] = [
        "source": path, "content_base64": try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString(),
      ]
      return try JSONSerialization.data(withJSONObject: record)
    }
  }

  private func lines(_ records: [Data]) -> Data {
    records.reduce(into: Data()) { data, record in
      data.append(record)
      data.append(UInt8(ascii: "\n"))
    }
  }

  /// Merges `parts` along a random tree: shuffled, cut into random groups, each merged in random order, then
  /// the groups' results merged in random order.
  private func randomMerge(_ parts: [CorpusStatistics], using generator: inout SeededGenerator) -> CorpusStatistics {
    var pending = parts.shuffled(using: &generator)
    while pending.count > 1 {
      let size = Int.random(in: 2...max(2, min(4, pending.count)), using: &generator)
      let group = Array(pending.prefix(size))
      pending.removeFirst(min(size, pending.count))
      var merged = CorpusStatistics()
      for part in group.shuffled(using: &generator) { merged.merge(part) }
      pending.insert(merged, at: Int.random(in: 0...pending.count, using: &generator))
    }
    return pending.first ?? CorpusStatistics()
  }

  @Test func anyGroupingAndOrderOfMergesGivesTheSameStatistics() throws {
    let split = SplitBuild(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let records = try inputRecords()
    #expect(records.count >= 7)  // the samples alone; the seed adds one
    let whole = split.map(lines(records), name: "all")
    #expect(!whole.failed, "\(whole.problems)")
    let parts = records.map { split.map(lines([$0]), name: "one").statistics }
    #expect(parts.allSatisfy { !$0.documents.isEmpty })
    var generator = SeededGenerator(seed: 20_261_129)
    for trial in 0..<30 {
      let merged = randomMerge(parts, using: &generator)
      #expect(merged == whole.statistics, "trial \(trial): a merge tree gave different statistics")
    }
    // The check can fail: leaving one document out changes the statistics.
    #expect(randomMerge(Array(parts.dropFirst()), using: &generator) != whole.statistics)
  }

  @Test func mergingIsCommutativeAndAssociativeEvenForRepeatedSources() throws {
    let split = SplitBuild(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let parts = try inputRecords().map { split.map(lines([$0]), name: "one").statistics }
    var generator = SeededGenerator(seed: 7)
    func merged(_ a: CorpusStatistics, _ b: CorpusStatistics) -> CorpusStatistics {
      var result = a
      result.merge(b)
      return result
    }
    for _ in 0..<40 {
      // Drawn with replacement, so the same document often meets itself (copies add up).
      let a = parts.randomElement(using: &generator)!
      let b = parts.randomElement(using: &generator)!
      let c = parts.randomElement(using: &generator)!
      #expect(merged(a, b) == merged(b, a))
      #expect(merged(merged(a, b), c) == merged(a, merged(b, c)))
    }
    let twice = merged(parts[0], parts[0])
    #expect(twice.documents.values.allSatisfy { $0.copies == 2 })
  }

  @Test func statisticsSurviveTheirJSONLinesForm() throws {
    let split = SplitBuild(vocabulary: try LexiconLoader.vocabulary(.bundled))
    let statistics = split.map(lines(try inputRecords()), name: "all").statistics
    let text = PartialRecords.lines(of: statistics).joined(separator: "\n")
    let read = try PartialRecords.statistics(fromLines: Data(text.utf8))
    #expect(read == statistics)
    // Lines in any order read back to the same statistics.
    var generator = SeededGenerator(seed: 3)
    let shuffled = PartialRecords.lines(of: statistics).shuffled(using: &generator).joined(separator: "\n")
    #expect(try PartialRecords.statistics(fromLines: Data(shuffled.utf8)) == statistics)
  }

  @Test func finishingMergedStatisticsGivesThePlainBuildsGraph() throws {
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    let temp = try TemporaryDirectory()
    let plain = try KnowledgeBase(databasePath: temp.path("plain.sqlite"), logger: logger)
    var inputs = [Fixtures.samplesDirectory.path]
    if let seed = Fixtures.seedFeedURL { inputs.append(seed.path) }
    _ = try plain.ingest(inputs)
    let expected = try plain.buildGraph(vocabulary: vocabulary)

    let split = SplitBuild(vocabulary: vocabulary)
    var generator = SeededGenerator(seed: 11)
    let parts = try inputRecords().map { split.map(lines([$0]), name: "one").statistics }
    let base = try KnowledgeBase(databasePath: temp.path("split.sqlite"), logger: logger)
    let finished = try base.buildGraph(from: randomMerge(parts, using: &generator), vocabulary: vocabulary)
    #expect(finished.graph == expected)
    #expect(finished.documents == expected.documentCount)
    #expect(try base.documents().map(\.source) == plain.documents().map(\.source))
  }

  @Test func aMentionPastWhatAnyDocumentHoldsIsRefusedWithItsReason() throws {
    // Offsets a stored document can have read back; one past 32 bits, which no stored text reaches and the
    // candidate terms could not keep, is refused rather than cut short.
    let fits = try JSONDecoder().decode(MentionPayload.self, from: Data(#"[3, 4294967290, 4294967295, "VXLAN"]"#.utf8))
    #expect(fits.mention.end == 4_294_967_295 && fits.mention.surface == "VXLAN")
    for line in [#"[3, 10, 4294967296, "VXLAN"]"#, #"[4294967296, 0, 5, "VXLAN"]"#] {
      #expect {
        _ = try JSONDecoder().decode(MentionPayload.self, from: Data(line.utf8))
      } throws: { error in
        "\(error)".contains("must be at most 4294967295")
      }
    }
  }

  @Test func partialsFromTextAnotherConverterSplitAreRefused() throws {
    // A cnkb whose converter splits sentences differently stamps its partials with another fingerprint, so
    // their mentions' sentence numbers are never mixed with this build's documents.
    let vocabulary = try LexiconLoader.vocabulary(.bundled)
    let options = ConceptExtractor.Options()
    let current = KnowledgeBase.vocabularyFingerprint(vocabulary: vocabulary, options: options)
    let older = KnowledgeBase.vocabularyFingerprint(
      vocabulary: vocabulary, options: options, converter: "cnkb-text-older")
    #expect(current != older)
    #expect(
      current
        == KnowledgeBase.vocabularyFingerprint(
          vocabulary: vocabulary, options: options, converter: ContentHash.converterVersion))

    let temp = try TemporaryDirectory()
    let base = try KnowledgeBase(databasePath: temp.path("kb.sqlite"), logger: logger)
    _ = try base.ingest([Fixtures.samplesDirectory.path])
    let before = try base.documents().map(\.source)
    var statistics = SplitBuild(vocabulary: vocabulary).map(lines(try inputRecords()), name: "all").statistics
    statistics.fingerprints = [older]
    #expect {
      _ = try base.buildGraph(from: statistics, vocabulary: vocabulary)
    } throws: { error in
      "\(error)".contains("mapped under another lexicon, options or cnkb version")
    }
    #expect(try base.documents().map(\.source) == before)
  }
}
