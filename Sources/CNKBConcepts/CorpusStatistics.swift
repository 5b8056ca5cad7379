import CNKBModel

/// What the concept stage needs to know about a set of documents, in a form that merges: the result of the
/// map step of a split build (`cnkb map`), combined by `cnkb merge` and finished by
/// `cnkb build --from-partials`.
///
/// Merging is associative and commutative: counts add up, mention lists are multisets kept in a canonical
/// order, and a term's word count is the one of its first mention in reading order. Any grouping and order of merges gives an equal value,
/// and finishing it gives the graph a plain build of the same documents gives.
public struct CorpusStatistics: Sendable, Hashable {
  /// Fingerprints of the vocabulary and options the statistics were collected under (one, unless partials
  /// made with different lexicons were merged: finishing refuses that).
  public var fingerprints: Set<String> = []
  /// Each document by source, with what only it says.
  public var documents: [String: DocumentStatistics] = [:]
  /// Lexicon matches by entry number (in the vocabulary's order).
  public var lexiconTerms: [Int: TermStatistics] = [:]
  /// Candidate terms by term key.
  public var candidates: [String: TermStatistics] = [:]
  /// Acronym definitions by short form: where the expansion was written, by document.
  public var acronyms: [String: [String: [AcronymUse]]] = [:]
  /// Tokens shaped like short forms, by exact text: where they occur, by document.
  public var shortForms: [String: [String: [PartialMention]]] = [:]
  /// Labels of glossary-style lines, by term key: where they occur, by document.
  public var labels: [String: [String: [PartialMention]]] = [:]
  /// How often each lower-case word followed a verb's cue and a noun's cue.
  public var wordRoles: [String: WordRoles] = [:]

  /// Empty statistics.
  public init() {}

  /// Adds `other` into these statistics.
  public mutating func merge(_ other: CorpusStatistics) {
    fingerprints.formUnion(other.fingerprints)
    for (source, document) in other.documents {
      documents[source] = documents[source].map { $0.merged(with: document) } ?? document
    }
    for (entry, term) in other.lexiconTerms {
      lexiconTerms[entry] = lexiconTerms[entry].map { $0.merged(with: term) } ?? term
    }
    for (key, term) in other.candidates {
      candidates[key] = candidates[key].map { $0.merged(with: term) } ?? term
    }
    Self.mergeNested(&acronyms, other.acronyms)
    Self.mergeNested(&shortForms, other.shortForms)
    Self.mergeNested(&labels, other.labels)
    for (word, roles) in other.wordRoles { wordRoles[word, default: WordRoles()].add(roles) }
  }

  /// The merge of several statistics.
  public static func merged(_ parts: some Sequence<CorpusStatistics>) -> CorpusStatistics {
    var result = CorpusStatistics()
    for part in parts { result.merge(part) }
    return result
  }

  static func mergeNested<Item: PartialItem>(
    _ mine: inout [String: [String: [Item]]], _ theirs: [String: [String: [Item]]]
  ) {
    for (key, bySource) in theirs {
      if let existing = mine[key] {
        mine[key] = mergeBySource(existing, bySource)
      } else {
        mine[key] = bySource
      }
    }
  }

  /// Two lists of items per document merged: a document's lists are joined and put back in canonical order.
  static func mergeBySource<Item: PartialItem>(
    _ mine: [String: [Item]], _ theirs: [String: [Item]]
  ) -> [String: [Item]] {
    var result = mine
    for (source, items) in theirs {
      if let existing = result[source] {
        result[source] = (existing + items).sorted(by: Item.precedes)
      } else {
        result[source] = items
      }
    }
    return result
  }
}

/// An item a partial lists per document, with the canonical order its lists are kept in.
protocol PartialItem: Hashable {
  /// Canonical order: sentence, then start and end offsets, then text.
  static func precedes(_ lhs: Self, _ rhs: Self) -> Bool
}

/// One mention within a known document: sentence ordinal, offsets in the document's text, and the text as
/// written.
public struct PartialMention: Sendable, Hashable, PartialItem {
  /// The sentence's ordinal in its document.
  public var sentence: Int
  /// Start offset in the document's text, in Unicode scalars.
  public var start: Int
  /// End offset (exclusive).
  public var end: Int
  /// The text as written.
  public var surface: String

  /// Creates a mention.
  public init(sentence: Int, start: Int, end: Int, surface: String) {
    self.sentence = sentence
    self.start = start
    self.end = end
    self.surface = surface
  }

  static func precedes(_ lhs: PartialMention, _ rhs: PartialMention) -> Bool {
    if (lhs.sentence, lhs.start, lhs.end) != (rhs.sentence, rhs.start, rhs.end) {
      return (lhs.sentence, lhs.start, lhs.end) < (rhs.sentence, rhs.start, rhs.end)
    }
    return Array(lhs.surface.unicodeScalars.map(\.value)).lexicographicallyPrecedes(
      rhs.surface.unicodeScalars.map(\.value))
  }
}

/// An acronym's expansion as written in one document ("container network interface" before "(CNI)").
public struct AcronymUse: Sendable, Hashable, PartialItem {
  /// Where the expansion was written; its `surface` is the expansion.
  public var mention: PartialMention

  /// Creates a use.
  public init(mention: PartialMention) { self.mention = mention }

  static func precedes(_ lhs: AcronymUse, _ rhs: AcronymUse) -> Bool {
    PartialMention.precedes(lhs.mention, rhs.mention)
  }
}

/// Everything counted about one term, summed over documents.
public struct TermStatistics: Sendable, Hashable {
  /// How many words its first mention in reading order spanned ("host-gw" and "host gw" share a key).
  public var words: Int
  /// Where that first mention is: document source and start offset.
  public var first: FirstMention
  /// Written form → times seen.
  public var surfaces: [String: Int] = [:]
  /// Written forms seen mid-sentence in running text → times seen.
  public var runningSurfaces: [String: Int] = [:]
  /// Times the markup singled it out (strong, emphasis, link, abbr, dfn, code, dt).
  public var cues = 0
  /// How many of those were link anchors.
  public var linkCues = 0
  /// Times it appeared in a heading.
  public var headings = 0
  /// Times a one-word term was written with a capital mid-sentence.
  public var capitalizedMidSentence = 0
  /// Times a one-word term was written in lower case mid-sentence.
  public var lowercaseMidSentence = 0
  /// Times a mention was followed straight by an article, a possessive or "how" ("… orchestrator addresses
  /// a layer"): the mark of a verb taking its object.
  public var beforeObject = 0
  /// Times a mention opened its run of words (nothing but a stop word, punctuation or the sentence's start
  /// before it): "distributed systems" in "of distributed systems", unlike "ranked containers" in
  /// "respondents ranked containers".
  public var chunkInitial = 0
  /// Times a mention came right after a byline ("Contributed by", "Patch by"): the mark of a person.
  public var afterByline = 0
  /// Every mention, by document source, in canonical order (repeats kept: a span reached twice counts twice).
  public var mentions: [String: [PartialMention]] = [:]

  /// Creates statistics for a term first seen at `first`, spanning `words` words.
  public init(words: Int, first: FirstMention) {
    self.words = words
    self.first = first
  }

  /// The sum of two terms' statistics.
  func merged(with other: TermStatistics) -> TermStatistics {
    var result = self
    // Ties (only a source mapped twice can give one) go to the smaller word count, so the choice never
    // depends on which side came first.
    if other.first.precedes(first) || (other.first == first && other.words < words) {
      result.words = other.words
      result.first = other.first
    }
    for (surface, count) in other.surfaces { result.surfaces[surface, default: 0] += count }
    for (surface, count) in other.runningSurfaces { result.runningSurfaces[surface, default: 0] += count }
    result.cues += other.cues
    result.linkCues += other.linkCues
    result.headings += other.headings
    result.capitalizedMidSentence += other.capitalizedMidSentence
    result.lowercaseMidSentence += other.lowercaseMidSentence
    result.beforeObject += other.beforeObject
    result.chunkInitial += other.chunkInitial
    result.afterByline += other.afterByline
    result.mentions = CorpusStatistics.mergeBySource(mentions, other.mentions)
    return result
  }
}

/// A document in the statistics: the converted document itself (the store, definitions and relations read
/// it), how many partials contributed it, and the coordinated lists found in it.
public struct DocumentStatistics: Sendable, Hashable {
  /// The converted document.
  public var document: Document
  /// How many times it was mapped: more than one means two inputs had the same source, which finishing
  /// refuses (its counts would be doubled).
  public var copies: Int
  /// Coordinated lists ("none, bridge, overlay and MACvlan"): each member's term key and lexicon entry, and
  /// the list's head noun.
  public var siblingGroups: [SiblingList]

  /// Creates a document's statistics.
  public init(document: Document, copies: Int = 1, siblingGroups: [SiblingList] = []) {
    self.document = document
    self.copies = copies
    self.siblingGroups = siblingGroups
  }

  /// Two copies of one source: copies add up, and the content with the smaller hash is kept so that the
  /// choice does not depend on order.
  func merged(with other: DocumentStatistics) -> DocumentStatistics {
    var kept = document.contentHash <= other.document.contentHash ? self : other
    if document.contentHash == other.document.contentHash {
      kept.siblingGroups = (siblingGroups + other.siblingGroups).sorted(by: SiblingList.precedes)
    }
    kept.copies = copies + other.copies
    return kept
  }
}

/// A coordinated list as the concept stage keeps it: its members, and its head noun when the list names kinds
/// of a thing ("driver" in "the native drivers are none, bridge, overlay and MACvlan").
public struct SiblingList: Sendable, Hashable {
  /// The head noun as a singular term key, when a plural noun introduces the list with "are", "include",
  /// "such as" or the like (not a colon).
  public var head: String?
  /// The members in order.
  public var members: [SiblingMember]

  /// Creates a list.
  public init(head: String? = nil, members: [SiblingMember]) {
    self.head = head
    self.members = members
  }

  /// Canonical order: by members, then by head (none first).
  static func precedes(_ lhs: SiblingList, _ rhs: SiblingList) -> Bool {
    if lhs.members != rhs.members {
      return lhs.members.lexicographicallyPrecedes(rhs.members, by: SiblingMember.precedes)
    }
    guard let right = rhs.head else { return false }
    guard let left = lhs.head else { return true }
    return left.unicodeScalars.map(\.value).lexicographicallyPrecedes(right.unicodeScalars.map(\.value))
  }
}

/// A member of a coordinated list: its term key and the lexicon entry it matched, if any.
public struct SiblingMember: Sendable, Hashable {
  /// The member's term key.
  public var key: String
  /// The lexicon entry (by number) it matched, if any.
  public var entry: Int?

  /// Creates a member.
  public init(key: String, entry: Int?) {
    self.key = key
    self.entry = entry
  }

  static func precedes(_ lhs: SiblingMember, _ rhs: SiblingMember) -> Bool {
    if lhs.key != rhs.key {
      return lhs.key.unicodeScalars.map(\.value).lexicographicallyPrecedes(rhs.key.unicodeScalars.map(\.value))
    }
    return (lhs.entry ?? -1) < (rhs.entry ?? -1)
  }
}

/// Where a term was first seen in reading order: documents by source, then offsets.
public struct FirstMention: Sendable, Hashable {
  /// The document's source.
  public var document: String
  /// The start offset in the document's text.
  public var start: Int

  /// Creates a position.
  public init(document: String, start: Int) {
    self.document = document
    self.start = start
  }

  /// Whether this position comes first (documents compare like the build sorts them).
  func precedes(_ other: FirstMention) -> Bool { (document, start) < (other.document, other.start) }
}
