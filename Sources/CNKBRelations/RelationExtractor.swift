import CNKBModel
import Foundation

/// Finds relations between concepts: typed relations stated by sentence patterns, and `related_to` edges
/// from significant co-occurrence within sentences.
///
/// The stage is pure: documents and the concepts found in them in, relations out, in canonical order.
public struct RelationExtractor: Sendable {
  /// Tunable thresholds; `RelationExtractor.Options()` holds the defaults.
  public struct Options: Sendable, Hashable, Codable {
    /// Sentences (or sections) two concepts must share before a `related_to` edge is considered.
    public var minimumCooccurrence = 1
    /// Characters of sentence text from which a corpus counts as large: a blog or a small docs site has fewer.
    public var largeCorpusText = 1_000_000
    /// Sentences (or sections) two concepts must share in a large corpus.
    ///
    /// One shared sentence says something in twenty blog posts; among the millions of characters of a large
    /// docs set, pairs of rare phrases meet once by chance ("Hanoi" and "sourcecode"), and such pairs were three
    /// quarters of the edges.
    public var minimumLargeCorpusCooccurrence = 2
    /// Least normalised PMI (−1…1) for a `related_to` edge.
    public var minimumAssociation = 0.2
    /// Least normalised PMI for a `related_to` edge between concepts that share a section but no sentence.
    public var minimumSectionAssociation = 0.4
    /// Most evidence sentences kept on a `related_to` edge (typed edges keep all of theirs).
    public var maximumRelatedEvidence = 5
    /// Most `related_to` edges kept per concept, strongest first.
    public var maximumRelatedPerConcept = 20
    /// Sections naming more concepts than this (reference pages, long lists) count as no co-occurrence unit:
    /// being in one says little about any pair, and their pairs grow with the square of the count.
    public var maximumSectionConcepts = 100
    /// Creates the default options.
    public init() {}
  }

  private let options: Options

  /// Creates an extractor.
  public init(options: Options = Options()) {
    self.options = options
  }

  /// The relations among `concepts` that `documents` state or suggest, sorted by source, target and type.
  ///
  /// The documents are consumed: once outlined they are let go, so that a large corpus's text is not held
  /// while co-occurrence is counted (the caller's copy, if it keeps one, stays).
  public func extract(documents: consuming [Document], concepts: [Concept]) -> [Relation] {
    let outlines = mapOnEveryCore(documents) { DocumentOutline($0) }
    _ = consume documents
    return extract(outlines: outlines, concepts: concepts)
  }

  /// The relations among `concepts` that the outlined documents state or suggest, sorted by source, target and
  /// type: the same as `extract(documents:concepts:)` gives for the documents.
  ///
  /// A build outlines each document as it reads it for the concepts, so that it never holds the corpus.
  public func extract(outlines: consuming [DocumentOutline], concepts: [Concept]) -> [Relation] {
    var sorted = outlines.sorted { $0.source < $1.source }
    _ = consume outlines
    let bySentence = SentenceMentions.bySentence(concepts)
    let footers = SentenceMentions.footerBlocks(sorted)
    // Each document on its own, on every core, joined in source order.
    let built = mapOnEveryCore(sorted) { outline in
      SentenceMentions.build(outline, mentions: bySentence, footer: footers[outline.source])
    }.flatMap { $0 }
    let textLength = sorted.reduce(0) { total, outline in
      outline.sentences.reduce(total) { $0 + max(0, $1.end - $1.start) }
    }
    sorted = []
    return relations(in: built, textLength: textLength)
  }

  /// The relations found in `sentenceMentions`, every sentence of the corpus that mentions a concept, in
  /// document order; `textLength` is the corpus's characters of sentence text.
  private func relations(in sentenceMentions: consuming [SentenceMentions], textLength: Int) -> [Relation] {
    let built = consume sentenceMentions
    let minimumShared = minimumCooccurrence(textLength: textLength)
    // Each sentence is read on its own, on every core, in runs; the findings are gathered in sentence order.
    let runs = contiguousRuns(count: built.count, perCore: 8)
    let found = OrderedResults<[(key: RelationKey, sentence: Int)]>(count: runs.count)
    DispatchQueue.concurrentPerform(iterations: runs.count) { run in
      let patterns = PatternMatcher()
      var keys: [(key: RelationKey, sentence: Int)] = []
      for index in runs[run] {
        let sentence = built[index]
        // Lists under a heading: the labelled items are kinds of a plural heading ("Drivers"), parts of another.
        if let (heading, plural) = sentence.listUnder, let label = sentence.mentions.first?.concept {
          let type = plural ? RelationType.isA : .partOf
          keys.append((RelationKey(source: label, target: heading, type: type.rawValue), index))
        }
        for relation in patterns.relations(in: sentence) where relation.source != relation.target {
          keys.append(
            (RelationKey(source: relation.source, target: relation.target, type: relation.type.rawValue), index))
        }
      }
      found.store(keys, at: run)
    }
    var typed: [RelationKey: [Evidence]] = [:]
    for run in runs.indices {
      for (key, index) in found.take(run) { typed[key, default: []].append(built[index].evidence) }
    }
    let sentences = consume built
    var relations = typed.map { key, evidence in
      let unique = Self.sortedUnique(evidence)
      return Relation(
        source: key.source, target: key.target, type: key.type, weight: 1 + log2(Double(unique.count)),
        evidence: unique)
    }
    let numbering = ConceptNumbering(sentences)
    let typedPairs = Set(typed.keys.map { numbering.pairKey($0.source, $0.target) })
    let inSentences = cooccurrence(
      units(sentences, bySection: false, numbering: numbering), sentences: sentences, numbering: numbering,
      typedPairs: typedPairs, minimumShared: minimumShared)
    let linked = typedPairs.union(inSentences.map { numbering.pairKey($0.source, $0.target) })
    // Pairs that never share a sentence may still share a section ("Endpoint" and "Network Sandbox" under the
    // same heading); those links are weaker.
    let inSections = cooccurrence(
      units(sentences, bySection: true, numbering: numbering), sentences: sentences, numbering: numbering,
      typedPairs: linked, discount: 0.8, minimum: options.minimumSectionAssociation,
      perConcept: options.maximumRelatedPerConcept, minimumShared: minimumShared)
    relations += inSentences + inSections
    return ConceptGraph(concepts: [], relations: relations, documentCount: 0, sentenceCount: 0).relations
  }

  /// The units two concepts must share for a `related_to` edge in a corpus of `textLength` characters of
  /// sentence text.
  func minimumCooccurrence(textLength: Int) -> Int {
    textLength >= options.largeCorpusText
      ? max(options.minimumCooccurrence, options.minimumLargeCorpusCooccurrence) : options.minimumCooccurrence
  }

  /// A stretch of text in which co-occurrence is counted: a sentence, or a section under one heading.
  ///
  /// Holds each concept in the unit (by number, ascending) with the first sentence that mentions it (by its
  /// index in the sentence list, which is also evidence order: document, then position).
  struct Unit {
    var concepts: [(concept: Int32, sentence: Int32)]
  }

  /// Sentences, or the sections they fall in, as co-occurrence units.
  func units(_ sentences: [SentenceMentions], bySection: Bool, numbering: ConceptNumbering) -> [Unit] {
    var units: [Unit] = []
    var current: [Int32: Int32] = [:]
    var currentKey: (String, Int)?
    // Every sentence or section is a unit, even one left without mentions: the total is part of the PMI.
    func flush() {
      if currentKey != nil {
        let crowded = bySection && current.count > options.maximumSectionConcepts
        units.append(Unit(concepts: crowded ? [] : current.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }))
      }
      current = [:]
    }
    // Sentences come grouped by document and in reading order, so a section's sentences are contiguous.
    for (index, sentence) in sentences.enumerated() {
      let key = (sentence.evidence.document, bySection ? sentence.section : index)
      if currentKey.map({ $0 != key }) ?? true {
        flush()
        currentKey = key
      }
      for mention in sentence.mentions {
        guard let number = numbering.number[mention.concept] else { continue }
        if current[number] == nil { current[number] = Int32(index) }
      }
    }
    flush()
    return units
  }

  /// `related_to` edges between concepts that share units more often than chance, by normalised PMI.
  ///
  /// Pairs are counted first, a number each; only the pairs that pass the thresholds are then read again for
  /// their earliest `maximumRelatedEvidence` distinct sentences. So memory grows with the number of pairs at a
  /// few bytes each (most pairs of a large corpus meet once and never become candidates), not with how often
  /// they meet. The pairs are counted on every core, each core taking the pairs whose lower concept number falls
  /// in its share; a pair's figures do not depend on the share that counted it.
  private func cooccurrence(
    _ units: [Unit], sentences: [SentenceMentions], numbering: ConceptNumbering, typedPairs: Set<UInt64>,
    discount: Double = 1, minimum: Double? = nil, perConcept: Int? = nil, minimumShared: Int
  ) -> [Relation] {
    let single = units.reduce(into: [Int](repeating: 0, count: numbering.ids.count)) { single, unit in
      for member in unit.concepts { single[Int(member.concept)] += 1 }
    }
    let total = Double(max(1, units.count))
    let shareCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let counted = OrderedResults<PairShare>(count: shareCount)
    DispatchQueue.concurrentPerform(iterations: shareCount) { share in
      var table = PairShare(keep: max(0, options.maximumRelatedEvidence))
      // Candidates are ranked on their figures alone; only the edges kept become relations with evidence, so
      // a large corpus's many weak pairs never exist as relations.
      var passing: [(key: UInt64, weight: Double)] = []
      for (key, shared) in PairShare.counts(
        units, conceptCount: numbering.ids.count, share: share, of: shareCount)
      {
        let count = Int(shared)
        guard count >= minimumShared, !typedPairs.contains(key) else { continue }
        let first = Int(key >> 32)
        let second = Int(key & 0xFFFF_FFFF)
        let pxy = Double(count) / total
        let npmi: Double
        if pxy >= 1 {
          // Every unit holds both: nothing tells them apart from anything else there.
          npmi = 0
        } else {
          npmi = log(pxy / ((Double(single[first]) / total) * (Double(single[second]) / total))) / -log(pxy)
        }
        guard npmi >= (minimum ?? options.minimumAssociation) else { continue }
        // The weight damps the association by how often it was seen, n / (n + 1): two terms met once, and
        // never apart, have the highest normalised PMI there is, yet one sentence is the least evidence.
        // Thresholds apply to the association itself.
        passing.append((key, (npmi * discount * Double(count) / Double(count + 1) * 10_000).rounded() / 10_000))
      }
      table.gatherEvidence(units, pairs: passing.map(\.key), share: share, of: shareCount)
      table.candidates = passing.enumerated().map { slot, pair in
        PairCandidate(
          slot: Int32(slot), first: Int32(pair.key >> 32), second: Int32(pair.key & 0xFFFF_FFFF),
          weight: pair.weight, evidenceCount: Int32(table.evidence(of: slot).count))
      }
      counted.store(table, at: share)
    }
    let shares = (0..<shareCount).map { counted.take($0) }
    // A candidate is named by its share (high half) and its place in the share's list; a pair is in one share
    // only, and its ends tell candidates apart.
    func candidate(_ name: Int) -> PairCandidate { shares[name >> 32].candidates[name & 0xFFFF_FFFF] }
    // Keep each concept's strongest links; an edge stays when either end keeps it.
    var byConcept = [[Int]](repeating: [], count: numbering.ids.count)
    for (share, table) in shares.enumerated() {
      for (index, candidate) in table.candidates.enumerated() {
        byConcept[Int(candidate.first)].append(share << 32 | index)
        byConcept[Int(candidate.second)].append(share << 32 | index)
      }
    }
    var kept = Set<Int>()
    for indices in byConcept where !indices.isEmpty {
      let ranked = indices.sorted { lhs, rhs in
        let l = candidate(lhs)
        let r = candidate(rhs)
        return (-l.weight, -l.evidenceCount, l.first, l.second) < (-r.weight, -r.evidenceCount, r.first, r.second)
      }
      kept.formUnion(ranked.prefix(perConcept ?? options.maximumRelatedPerConcept))
    }
    return kept.sorted().map { name in
      let share = name >> 32
      let candidate = candidate(name)
      return Relation(
        source: numbering.ids[Int(candidate.first)], target: numbering.ids[Int(candidate.second)],
        type: "related_to", weight: candidate.weight,
        evidence: shares[share].evidence(of: Int(candidate.slot)).map { sentences[Int($0)].evidence })
    }
  }

  static func sortedUnique(_ evidence: [Evidence]) -> [Evidence] {
    Array(Set(evidence)).sorted { ($0.document, $0.start, $0.end) < ($1.document, $1.start, $1.end) }
  }
}

/// What the relation stage reads of a document, much smaller than the document.
///
/// Its sentences, and its blocks cut down to what places a sentence (kind and start, a heading's text, whether
/// a list item is one link), with its title and last block's text, which tell page furniture. Paragraphs'
/// text and inline marks are left out.
public struct DocumentOutline: Sendable {
  /// The document's source.
  public let source: String
  let title: String?
  let sentences: [Sentence]
  let blocks: [OutlineBlock]
  /// The text of the last block, where a blog puts the line it ends every post with ("The post … appeared
  /// first on …").
  let lastBlockText: String?

  /// The outline of `document`.
  public init(_ document: Document) {
    source = document.source
    title = document.title
    sentences = document.sentences
    blocks = document.blocks.map { placed in
      OutlineBlock(
        kind: placed.block.kind, start: placed.start,
        headingText: placed.block.kind == .heading ? placed.block.text : "",
        isOneLink: placed.block.kind == .listItem && SentenceMentions.isOneLink(placed.block))
    }
    lastBlockText = document.blocks.last?.block.text
  }
}

/// A block as the relation stage sees it.
struct OutlineBlock: Sendable {
  var kind: BlockKind
  var start: Int
  /// The text of a heading; empty for other blocks.
  var headingText: String
  /// Whether a list item's text is a single link (a table of contents, a menu).
  var isOneLink: Bool
}

struct RelationKey: Hashable {
  var source: ConceptID
  var target: ConceptID
  var type: String
}

/// Concepts numbered in id order, so that comparing numbers compares ids.
struct ConceptNumbering {
  let ids: [ConceptID]
  let number: [ConceptID: Int32]

  /// Numbers every concept mentioned in `sentences`.
  init(_ sentences: [SentenceMentions]) {
    ids = Array(Set(sentences.flatMap { $0.mentions.map(\.concept) })).sorted()
    number = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
  }

  /// The key of an unordered pair: the smaller number in the high half.
  ///
  /// Concepts outside the numbering get keys no counted pair has.
  func pairKey(_ a: ConceptID, _ b: ConceptID) -> UInt64 {
    let x = number[a].map { UInt64(UInt32($0)) } ?? UInt64(UInt32.max)
    let y = number[b].map { UInt64(UInt32($0)) } ?? UInt64(UInt32.max)
    return min(x, y) << 32 | max(x, y)
  }
}

/// One concept mention placed in its sentence (offsets relative to the sentence).
struct PlacedMention: Hashable {
  var concept: ConceptID
  var start: Int
  var end: Int
}

/// A sentence with the concept mentions inside it, longest match first where mentions overlap.
struct SentenceMentions {
  /// The sentence's characters, filled only while the patterns read it (`PatternMatcher.relations(in:)`): held
  /// for every sentence of a large corpus at once, at four bytes a character, they were the stage's largest part.
  var text: [Unicode.Scalar] = []
  var mentions: [PlacedMention]
  var evidence: Evidence
  var isHeading: Bool
  /// Which section of its document the sentence is in: the number of headings before it.
  var section: Int
  /// The concept a heading names when the sentence opens a list item under it, the item's label being a
  /// concept ("Endpoint: …" under "Container Network Model"), with whether the heading is plural.
  var listUnder: (heading: ConceptID, plural: Bool)?

  /// Every concept mention by document source, then by sentence ordinal.
  static func bySentence(_ concepts: [Concept]) -> [String: [Int: [PlacedMention]]] {
    concepts.reduce(into: [String: [Int: [PlacedMention]]]()) { bySentence, concept in
      for mention in concept.mentions {
        bySentence[mention.document, default: [:]][mention.sentence, default: []].append(
          PlacedMention(concept: concept.id, start: mention.start, end: mention.end))
      }
    }
  }

  /// The sentences of a document that mention concepts, in order, with mentions nested inside longer ones
  /// dropped; `footer` is the block left out as page furniture.
  static func build(
    _ document: DocumentOutline, mentions bySentence: [String: [Int: [PlacedMention]]], footer: Int?
  ) -> [SentenceMentions] {
    guard let sentencesWithMentions = bySentence[document.source] else { return [] }
    var result: [SentenceMentions] = []
    var heading: (ConceptID, Bool)?
    var headingBlock = -1
    // Per block, computed once: how many headings up to it, and the latest heading at or before it.
    var sections = (count: [Int](), latestHeading: [Int?]())
    var headings = 0
    var latest: Int?
    for (index, block) in document.blocks.enumerated() {
      if block.kind == .heading {
        headings += 1
        latest = index
      }
      sections.count.append(headings)
      sections.latestHeading.append(latest)
    }
    for (ordinal, placed) in sentencesWithMentions.sorted(by: { $0.key < $1.key }) {
      if ordinal < document.sentences.count, footer == document.sentences[ordinal].block {
        continue
      }
      guard ordinal < document.sentences.count, document.sentences[ordinal].block < document.blocks.count else {
        continue
      }
      let sentence = document.sentences[ordinal]
      // Longest first, then leftmost; a mention overlapping a kept one is dropped. The characters kept
      // mentions cover are marked, so a sentence with thousands of mentions costs its length, not their square.
      let ranked = Set(placed).sorted {
        ($1.end - $1.start, $0.start, $0.concept) < ($0.end - $0.start, $1.start, $1.concept)
      }
      let length = sentence.text.unicodeScalars.count
      var covered = [Bool](repeating: false, count: length)
      var kept: [PlacedMention] = []
      for mention in ranked {
        let start = mention.start - sentence.start
        let end = mention.end - sentence.start
        guard start >= 0, end <= length, start < end, !covered[start..<end].contains(true) else { continue }
        for offset in start..<end { covered[offset] = true }
        kept.append(PlacedMention(concept: mention.concept, start: start, end: end))
      }
      let local = kept.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
      let isHeading =
        sentence.block < document.blocks.count && document.blocks[sentence.block].kind == .heading
      let section = sections.count[sentence.block]
      // The heading in force: the latest heading block before this sentence, when a concept fills it.
      if let latest = sections.latestHeading[sentence.block], latest != headingBlock {
        headingBlock = latest
        heading = nil
        let headingText = document.blocks[latest].headingText
        if latest == sentence.block, isHeading, let widest = local.max(by: { $0.end - $0.start < $1.end - $1.start }),
          Double(widest.end - widest.start) >= 0.6 * Double(headingText.unicodeScalars.count)
        {
          heading = (widest.concept, headingText.hasSuffix("s"))
        }
      }
      var listUnder: (heading: ConceptID, plural: Bool)?
      let block = document.blocks[sentence.block]
      // A list of one item ("* Node Discovery" over the paragraph about it) labels what follows; it lists
      // neither the kinds nor the parts of the heading.
      let inAList =
        (sentence.block > 0 && document.blocks[sentence.block - 1].kind == .listItem)
        || (sentence.block + 1 < document.blocks.count && document.blocks[sentence.block + 1].kind == .listItem)
      if let heading, block.kind == .listItem, inAList, sentence.start == block.start, let first = local.first,
        first.start == 0, first.concept != heading.0
      {
        let after = String(String.UnicodeScalarView(Array(sentence.text.unicodeScalars).dropFirst(first.end)))
        // A bare item that is one link is a table of contents or a navigation menu: it points to a page
        // or section, and says nothing about what the item is (the heading over a page's local contents,
        // "Python Runtime Services", is no whole of the entries).
        // A label's description opens with a word: "Chicago: 7,000,000" in a sample output lists a value.
        let trimmed = after.trimmingCharacters(in: .whitespaces)
        let described =
          trimmed.hasPrefix(":")
          && (trimmed.dropFirst().trimmingCharacters(in: .whitespaces).unicodeScalars.first?.properties.isAlphabetic
            ?? false)
        if described || (trimmed.isEmpty && !block.isOneLink) {
          listUnder = heading
        }
      }
      result.append(
        SentenceMentions(
          mentions: local,
          evidence: Evidence(
            document: document.source, sentence: sentence.text, start: sentence.start, end: sentence.end),
          isHeading: isHeading, section: section, listUnder: listUnder))
    }
    return result
  }

  /// Whether a block's text is a single link from start to end (trailing punctuation aside).
  static func isOneLink(_ block: TextBlock) -> Bool {
    let scalars = Array(block.text.unicodeScalars)
    var end = scalars.count
    while end > 0, scalars[end - 1].properties.isWhitespace || ".,;:".unicodeScalars.contains(scalars[end - 1]) {
      end -= 1
    }
    return block.marks.contains { $0.kind == .link && $0.start == 0 && $0.end >= end }
  }

  /// The last block of each document when it is page furniture: the same sentence shape, once the document's
  /// own title words, numbers and month names are set aside, ends at least three documents ("… was
  /// originally published by … on …", "The post … appeared first on …").
  static func footerBlocks(_ outlines: [DocumentOutline]) -> [String: Int] {
    let months: Set<String> = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december",
    ]
    var shapes: [String: [(String, Int)]] = [:]
    for outline in outlines {
      guard let text = outline.lastBlockText else { continue }
      let titleWords = Set(
        (outline.title ?? "").lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
      let shape = text.lowercased()
        .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        .filter { !titleWords.contains($0) && !months.contains($0) && !$0.allSatisfy(\.isNumber) }
        .joined(separator: " ")
      guard !shape.isEmpty else { continue }
      shapes[shape, default: []].append((outline.source, outline.blocks.count - 1))
    }
    var footers: [String: Int] = [:]
    for (_, places) in shapes where places.count >= 3 {
      for (source, block) in places { footers[source] = block }
    }
    return footers
  }

  /// How many parentheses are open at an offset.
  func parenthesisDepth(at offset: Int) -> Int {
    var depth = 0
    for scalar in text.prefix(offset) {
      if scalar == "(" { depth += 1 } else if scalar == ")" { depth = max(0, depth - 1) }
    }
    return depth
  }

  /// The sentence text between two offsets.
  func slice(_ start: Int, _ end: Int) -> String {
    guard start < end else { return "" }
    return String(String.UnicodeScalarView(text[start..<end]))
  }
}

/// A co-occurrence pair ranked for keeping: its concept numbers, weight and evidence count, and its slot in
/// the share that counted it.
struct PairCandidate {
  var slot: Int32
  var first: Int32
  var second: Int32
  var weight: Double
  var evidenceCount: Int32
}

/// The co-occurrence figures of one share of the concept pairs: those whose lower concept number, taken modulo
/// the number of shares, is the share's.
///
/// Every pair of the share is counted, but only the candidates (the pairs that pass the thresholds) get
/// evidence: in the section pass at 100 MB of pages there are nearly three million pairs and some hundred
/// and fifty thousand candidates.
struct PairShare {
  /// Evidence sentences kept per candidate.
  let keep: Int
  /// `keep` evidence slots per candidate, sentence indexes ascending, Int32.max when empty.
  private var evidenceSlots: [Int32] = []
  /// The pairs worth ranking, in key order; a candidate's slot is its place here.
  var candidates: [PairCandidate] = []

  init(keep: Int) { self.keep = keep }

  /// How many units each pair of `units` in share `share` of `shares` shares, for every pair that shares one,
  /// in key order (the lower concept number in the high half); concept numbers are below `conceptCount`.
  ///
  /// The share's concepts are taken one at a time, lowest first: the units each is in are found through an
  /// index, and its partners counted in an array by concept number, cleared after it. So the memory is that of
  /// the index and the array, not a table of every pair: the section pass at 104 MB of pages counts nearly three
  /// million pairs, and a table of them, held twice over while it grew, took the relation stage's peak 65 MB
  /// above what it held before and after.
  static func counts(
    _ units: [RelationExtractor.Unit], conceptCount: Int, share: Int, of shares: Int
  ) -> [(key: UInt64, count: Int32)] {
    // The units each concept of the share is in with a higher-numbered concept, as one list cut by `starts`.
    var starts = [Int](repeating: 0, count: conceptCount + 1)
    forEachLowerMember(units, share: share, of: shares) { _, concept in starts[concept + 1] += 1 }
    for concept in 0..<conceptCount { starts[concept + 1] += starts[concept] }
    var unitsOf = [Int32](repeating: 0, count: starts[conceptCount])
    var filled = starts
    forEachLowerMember(units, share: share, of: shares) { unit, concept in
      unitsOf[filled[concept]] = Int32(unit)
      filled[concept] += 1
    }
    var result: [(key: UInt64, count: Int32)] = []
    var shared = [Int32](repeating: 0, count: conceptCount)
    var partners: [Int32] = []
    for concept in stride(from: share, to: conceptCount, by: max(1, shares)) where starts[concept] < starts[concept + 1]
    {
      for slot in starts[concept]..<starts[concept + 1] {
        let members = units[Int(unitsOf[slot])].concepts
        // Members are in concept order: the partners are the members after this concept.
        var low = 0
        var high = members.count
        while low < high {
          let middle = (low + high) / 2
          if members[middle].concept <= Int32(concept) { low = middle + 1 } else { high = middle }
        }
        for member in members[low...] {
          if shared[Int(member.concept)] == 0 { partners.append(member.concept) }
          shared[Int(member.concept)] += 1
        }
      }
      partners.sort()
      for partner in partners {
        result.append((UInt64(UInt32(concept)) << 32 | UInt64(UInt32(partner)), shared[Int(partner)]))
        shared[Int(partner)] = 0
      }
      partners.removeAll(keepingCapacity: true)
    }
    return result
  }

  /// Calls `body` with each unit of `units` (by index) and each of its concepts in share `share` of `shares`
  /// that a higher-numbered concept of the unit follows.
  private static func forEachLowerMember(
    _ units: [RelationExtractor.Unit], share: Int, of shares: Int, _ body: (Int, Int) -> Void
  ) {
    for (index, unit) in units.enumerated() where unit.concepts.count >= 2 {
      for member in unit.concepts.dropLast() where Int(member.concept) % shares == share {
        body(index, Int(member.concept))
      }
    }
  }

  /// Reads `units` again for the earliest distinct sentences of each of `pairs`, whose slots are their places
  /// in that list.
  mutating func gatherEvidence(_ units: [RelationExtractor.Unit], pairs: [UInt64], share: Int, of shares: Int) {
    guard keep > 0, !pairs.isEmpty else { return }
    let slotOf = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1, $0) })
    evidenceSlots = [Int32](repeating: Int32.max, count: pairs.count * keep)
    Self.forEachPair(units, share: share, of: shares) { key, first, second in
      guard let slot = slotOf[key] else { return }
      note(slot, first)
      note(slot, second)
    }
  }

  /// Calls `body` with each pair of concepts sharing a unit, in share `share` of `shares`, and the sentences in
  /// which the unit first mentions each.
  private static func forEachPair(
    _ units: [RelationExtractor.Unit], share: Int, of shares: Int, _ body: (UInt64, Int32, Int32) -> Void
  ) {
    for unit in units {
      let members = unit.concepts
      guard members.count >= 2 else { continue }
      for i in 0..<(members.count - 1) where Int(members[i].concept) % shares == share {
        for j in (i + 1)..<members.count {
          let key = UInt64(UInt32(members[i].concept)) << 32 | UInt64(UInt32(members[j].concept))
          body(key, members[i].sentence, members[j].sentence)
        }
      }
    }
  }

  /// The evidence sentences kept for a candidate, ascending.
  func evidence(of slot: Int) -> [Int32] {
    guard keep > 0, slot * keep < evidenceSlots.count else { return [] }
    return evidenceSlots[(slot * keep)..<(slot * keep + keep)].filter { $0 != Int32.max }
  }

  /// Keeps `sentence` among the candidate's earliest `keep` distinct sentences.
  private mutating func note(_ slot: Int, _ sentence: Int32) {
    let base = slot * keep
    var position = keep
    for offset in 0..<keep {
      let value = evidenceSlots[base + offset]
      if value == sentence { return }
      if sentence < value {
        position = offset
        break
      }
    }
    guard position < keep else { return }
    var offset = keep - 1
    while offset > position {
      evidenceSlots[base + offset] = evidenceSlots[base + offset - 1]
      offset -= 1
    }
    evidenceSlots[base + position] = sentence
  }
}
