import CNKBModel
import CNKBTerms
import Foundation

extension ConceptExtractor {
  /// Why merged statistics cannot be finished into concepts.
  public enum StatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two inputs had the same source, so its counts would be doubled.
    case duplicateSources([String], copies: Int)
    /// The statistics name a lexicon entry the vocabulary does not have.
    case unknownLexiconEntry(Int)

    public var description: String {
      switch self {
      case .duplicateSources(let sources, let copies):
        let shown = sources.prefix(3).joined(separator: ", ") + (sources.count > 3 ? ", …" : "")
        return "\(sources.count) source(s) were mapped more than once (\(copies) copies in all): \(shown); "
          + "give each document once, or merge partials of disjoint inputs"
      case .unknownLexiconEntry(let entry):
        return "the partials name lexicon entry \(entry), which this lexicon does not have: "
          + "map and finish with the same lexicon"
      }
    }
  }

  /// The map step of a split build: what `documents` contribute to the corpus, in a form that merges with
  /// other documents' statistics (see `CorpusStatistics`).
  ///
  /// Documents are read on every core, like `extract(_:)` reads them.
  public func statistics(of documents: [Document]) -> CorpusStatistics {
    let sorted = documents.sorted { $0.source < $1.source }
    let stopwords = vocabulary.stopwords
    let enumerations = EnumerationFinder(isStopword: { stopwords.contains($0) })
    let runs = contiguousRuns(count: sorted.count, perCore: 4)
    let collected = OrderedResults<CorpusStatistics>(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      var collector = CorpusCollector(vocabulary: vocabulary, options: options)
      var siblings: [String: [SiblingList]] = [:]
      for document in sorted[runs[run]] {
        let before = collector.siblingGroups.count
        collector.collect(document, tokenizer: tokenizer, acronyms: acronyms, enumerations: enumerations)
        siblings[document.source, default: []] += collector.siblingGroups[before...].map { group in
          SiblingList(head: group.head, members: group.members.map { SiblingMember(key: $0.key, entry: $0.entry) })
        }
      }
      collected.store(collector.statistics(of: sorted[runs[run]], siblings: siblings), at: run)
    }
    return CorpusStatistics.merged((0..<runs.count).map { collected.take($0) })
  }

  /// The finishing step of a split build: the concepts of merged statistics, and the documents they came from
  /// (sorted by source).
  ///
  /// Gives the same concepts as `extract(_:)` of those documents.
  /// - Throws: `StatisticsError` when a source was mapped twice or a lexicon entry is unknown.
  public func extract(
    from statistics: CorpusStatistics
  ) throws(StatisticsError) -> (graph: ConceptGraph, documents: [Document]) {
    let duplicated = statistics.documents.filter { $0.value.copies > 1 }
    if !duplicated.isEmpty {
      throw .duplicateSources(duplicated.keys.sorted(), copies: duplicated.values.reduce(0) { $0 + $1.copies })
    }
    let entries = vocabulary.entries.count
    let siblingEntries = statistics.documents.values.lazy.flatMap { $0.siblingGroups.flatMap(\.members) }
      .compactMap(\.entry)
    if let unknown = statistics.lexiconTerms.keys.first(where: { $0 < 0 || $0 >= entries })
      ?? siblingEntries.first(where: { $0 < 0 || $0 >= entries })
    {
      throw .unknownLexiconEntry(unknown)
    }
    let documents = statistics.documents.values.map(\.document).sorted { $0.source < $1.source }
    var collector = CorpusCollector(vocabulary: vocabulary, options: options, statistics: statistics)
    var titles: [String: String] = [:]
    for document in documents { if let title = document.title { titles[document.source] = title } }
    let concepts = collector.concepts(titles: titles)
    let graph = ConceptGraph(
      concepts: concepts, relations: [], documentCount: documents.count,
      sentenceCount: documents.reduce(0) { $0 + $1.sentences.count })
    return (graph, documents)
  }
}

extension CorpusCollector {
  /// What this collector gathered from `documents`, as mergeable statistics.
  func statistics(of documents: ArraySlice<Document>, siblings: [String: [SiblingList]]) -> CorpusStatistics {
    var result = CorpusStatistics()
    for document in documents {
      result.documents[document.source] = DocumentStatistics(
        document: document, siblingGroups: siblings[document.source] ?? [])
    }
    for (entry, bucket) in lexiconBuckets { result.lexiconTerms[entry] = Self.statistics(of: bucket) }
    for (key, bucket) in candidates { result.candidates[key] = Self.statistics(of: bucket) }
    for sighting in sightings {
      result.acronyms[sighting.short, default: [:]][sighting.mention.document, default: []].append(
        AcronymUse(mention: Self.partial(sighting.mention)))
    }
    result.acronyms = result.acronyms.mapValues { $0.mapValues { $0.sorted(by: AcronymUse.precedes) } }
    result.shortForms = Self.bySource(shortFormTokens)
    result.labels = Self.bySource(labelTerms)
    result.wordRoles = wordRoles
    return result
  }

  /// Fills a collector from merged statistics, as if it had read their documents itself.
  init(vocabulary: Vocabulary, options: ConceptExtractor.Options, statistics: CorpusStatistics) {
    self.init(vocabulary: vocabulary, options: options)
    for (entry, term) in statistics.lexiconTerms {
      lexiconBuckets[entry] = Self.bucket(key: "lexicon:\(entry)", term)
    }
    for (key, term) in statistics.candidates { candidates[key] = Self.bucket(key: key, term) }
    for (short, bySource) in statistics.acronyms {
      for (source, uses) in bySource {
        for use in uses {
          sightings.append(
            AcronymSighting(short: short, long: use.mention.surface, mention: Self.mention(use.mention, in: source)))
        }
      }
    }
    shortFormTokens = Self.flattened(statistics.shortForms)
    labelTerms = Self.flattened(statistics.labels)
    wordRoles = statistics.wordRoles
    for (source, entry) in statistics.documents {
      index(entry.document)
      siblingGroups += entry.siblingGroups.map { list in
        SiblingGroup(members: list.members.map { ($0.key, $0.entry) }, head: list.head, document: source)
      }
    }
  }

  static func partial(_ mention: Mention) -> PartialMention {
    PartialMention(sentence: mention.sentence, start: mention.start, end: mention.end, surface: mention.surface)
  }

  static func mention(_ partial: PartialMention, in source: String) -> Mention {
    Mention(
      document: source, sentence: partial.sentence, start: partial.start, end: partial.end, surface: partial.surface)
  }

  static func statistics(of bucket: TermBucket) -> TermStatistics {
    let first = bucket.firstSeen ?? (bucket.mentions.first.map { ($0.document, $0.start) } ?? ("", 0))
    var term = TermStatistics(words: bucket.wordCount, first: FirstMention(document: first.0, start: first.1))
    term.surfaces = bucket.surfaces
    term.runningSurfaces = bucket.runningSurfaces
    term.cues = bucket.cues
    term.linkCues = bucket.linkCues
    term.headings = bucket.headings
    term.capitalizedMidSentence = bucket.capitalizedMidSentence
    term.lowercaseMidSentence = bucket.lowercaseMidSentence
    term.beforeObject = bucket.beforeObject
    term.chunkInitial = bucket.chunkInitial
    term.afterByline = bucket.afterByline
    for mention in bucket.mentions { term.mentions[mention.document, default: []].append(partial(mention)) }
    term.mentions = term.mentions.mapValues { $0.sorted(by: PartialMention.precedes) }
    return term
  }

  static func bucket(key: String, _ term: TermStatistics) -> TermBucket {
    var bucket = TermBucket(key: key, wordCount: term.words)
    bucket.firstSeen = (term.first.document, term.first.start)
    bucket.setSurfaces(term.surfaces, running: term.runningSurfaces)
    bucket.cues = term.cues
    bucket.linkCues = term.linkCues
    bucket.headings = term.headings
    bucket.capitalizedMidSentence = term.capitalizedMidSentence
    bucket.lowercaseMidSentence = term.lowercaseMidSentence
    bucket.beforeObject = term.beforeObject
    bucket.chunkInitial = term.chunkInitial
    bucket.afterByline = term.afterByline
    for (source, list) in term.mentions.sorted(by: { $0.key < $1.key }) {
      bucket.appendMentions(list.map { mention($0, in: source) })
    }
    return bucket
  }

  static func bySource(_ mentions: [String: [Mention]]) -> [String: [String: [PartialMention]]] {
    mentions.mapValues { list in
      Dictionary(grouping: list, by: \.document).mapValues { $0.map(partial).sorted(by: PartialMention.precedes) }
    }
  }

  static func flattened(_ nested: [String: [String: [PartialMention]]]) -> [String: [Mention]] {
    nested.mapValues { bySource in
      bySource.sorted(by: { $0.key < $1.key }).flatMap { source, list in list.map { mention($0, in: source) } }
    }
  }
}
