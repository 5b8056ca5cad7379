import CNKBConcepts
import CNKBModel
import Foundation

/// The JSON Lines form of `CorpusStatistics`: one record per key.
///
/// Each line is a JSON object with `kind` and `key` (see `Schemas/partial.schema.json`). Records with the same
/// key merge; no record depends on another's
/// order, so a file may be split, concatenated, shuffled or reduced by key anywhere (Spark's `reduceByKey`).
///
/// Kinds: `meta` (format version and the vocabulary fingerprint), `document` (a converted document, its copy
/// count and the lists found in it), `lexicon` and `term` (a term's counts and mentions), `acronym` (where an
/// acronym's expansion was written), `shortform` and `label` (mentions by document), `word` (how often a word
/// followed a verb's cue and a noun's, which tells discovery the corpus's verbs).
public enum PartialRecords {
  /// The record format's name, written in every `meta` record.
  public static let format = "cnkb-partial"
  /// The record format's version; bump on any incompatible change.
  public static let version = 5

  /// Each record of `statistics` as one line of JSON (no newline), sorted by key.
  public static func lines(of statistics: CorpusStatistics) -> [String] {
    var lines: [String] = []
    write(statistics) { chunk in
      lines += chunk.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }
    return lines
  }

  /// Writes `statistics` as JSON Lines to `path`, streamed into a temporary file that then replaces it, as the
  /// exports are written: the previous file stays whole on any failure.
  ///
  /// - Throws: `PipelineError.cannotWrite` naming `path` and the reason.
  public static func write(_ statistics: CorpusStatistics, toFile path: String) throws(PipelineError) {
    try writeAtomically(to: path) { file in
      write(statistics) { file.write(bytes: $0) }
    }
  }

  /// Hands `statistics` to `body` as JSON Lines text (each line ending in a newline), sorted by key, a chunk at
  /// a time.
  ///
  /// Records are made and encoded on every core, a round of slices at a time, so that neither all the records
  /// nor all their text are ever held at once: at 100 MB of pages the text alone is close to 300 MB. Every kind
  /// but `document` takes the quick path (`RecordText`).
  public static func write<Failure: Error>(
    _ statistics: CorpusStatistics, to body: ([UInt8]) throws(Failure) -> Void
  ) throws(Failure) {
    let sorted = keys(of: statistics)
    let slices = stride(from: 0, to: sorted.count, by: 512).map { $0..<min(sorted.count, $0 + 512) }
    let perRound = max(1, ProcessInfo.processInfo.activeProcessorCount) * 4
    for roundStart in stride(from: 0, to: slices.count, by: perRound) {
      let round = Array(slices[roundStart..<min(slices.count, roundStart + perRound)])
      let encoded = OrderedResults<[UInt8]>(count: round.count)
      DispatchQueue.concurrentPerform(iterations: round.count) { slice in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var text: [UInt8] = []
        for entry in sorted[round[slice]] {
          let record = record(entry, of: statistics)
          if !RecordText.encode(record, appendingTo: &text) {
            text.append(contentsOf: (try? encoder.encode(record)) ?? Data())
          }
          text.append(UInt8(ascii: "\n"))
        }
        encoded.store(text, at: slice)
      }
      for slice in round.indices { try body(encoded.take(slice)) }
    }
  }

  /// Where a record's content is in the statistics.
  enum Entry: Sendable {
    case meta
    case document(String)
    case lexicon(Int)
    case term(String)
    case acronym(String)
    case shortForm(String)
    case label(String)
    case word(String)

    /// The record's key.
    var key: String {
      switch self {
      case .meta: "meta"
      case .document(let source): "document:" + source
      case .lexicon(let entry): "lexicon:\(entry)"
      case .term(let key): "term:" + key
      case .acronym(let short): "acronym:" + short
      case .shortForm(let token): "shortform:" + token
      case .label(let key): "label:" + key
      case .word(let word): "word:" + word
      }
    }
  }

  /// Every record's place in `statistics`, sorted by key.
  static func keys(of statistics: CorpusStatistics) -> [Entry] {
    var entries: [(key: String, entry: Entry)] = [("meta", .meta)]
    entries += statistics.documents.keys.map { Entry.document($0) }.map { ($0.key, $0) }
    entries += statistics.lexiconTerms.keys.map { Entry.lexicon($0) }.map { ($0.key, $0) }
    entries += statistics.candidates.keys.map { Entry.term($0) }.map { ($0.key, $0) }
    entries += statistics.acronyms.keys.map { Entry.acronym($0) }.map { ($0.key, $0) }
    entries += statistics.shortForms.keys.map { Entry.shortForm($0) }.map { ($0.key, $0) }
    entries += statistics.labels.keys.map { Entry.label($0) }.map { ($0.key, $0) }
    entries += statistics.wordRoles.keys.map { Entry.word($0) }.map { ($0.key, $0) }
    entries.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    return entries.map(\.entry)
  }

  /// The record at `entry`.
  static func record(_ entry: Entry, of statistics: CorpusStatistics) -> Record {
    var record: Record
    switch entry {
    case .meta:
      record = Record(
        kind: "meta", key: "meta", format: format, version: version, fingerprints: statistics.fingerprints.sorted())
    case .document(let source):
      record = Record(kind: "document", key: entry.key)
      if let document = statistics.documents[source] {
        record.copies = document.copies
        record.document = DocumentPayload(document.document)
        record.siblings = document.siblingGroups.map(SiblingListPayload.init)
      }
    case .lexicon(let number):
      record = Record(kind: "lexicon", key: entry.key)
      record.term = statistics.lexiconTerms[number].map(TermPayload.init)
    case .term(let key):
      record = Record(kind: "term", key: entry.key)
      record.term = statistics.candidates[key].map(TermPayload.init)
    case .acronym(let short):
      record = Record(kind: "acronym", key: entry.key)
      record.uses = statistics.acronyms[short]?.mapValues { $0.map { MentionPayload($0.mention) } }
    case .shortForm(let token):
      record = Record(kind: "shortform", key: entry.key)
      record.mentions = statistics.shortForms[token]?.mapValues { $0.map(MentionPayload.init) }
    case .label(let key):
      record = Record(kind: "label", key: entry.key)
      record.mentions = statistics.labels[key]?.mapValues { $0.map(MentionPayload.init) }
    case .word(let word):
      record = Record(kind: "word", key: entry.key)
      record.roles = statistics.wordRoles[word].map(RolesPayload.init)
    }
    return record
  }

  /// Each record of `statistics` with its key, sorted by key.
  static func records(of statistics: CorpusStatistics) -> [(key: String, record: Record)] {
    keys(of: statistics).map { ($0.key, record($0, of: statistics)) }
  }

  /// Why a line is not a record.
  public struct LineError: Error, Sendable, CustomStringConvertible {
    /// The line's number, from 1.
    public var line: Int
    /// What is wrong.
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
  }

  /// Reads records from JSON Lines text and merges them into statistics; blank lines are skipped.
  ///
  /// - Throws: `LineError` for the first line that is not a valid record of this format's version.
  public static func statistics(fromLines text: Data) throws(LineError) -> CorpusStatistics {
    // Lines are found first, then decoded on every core in slices, then merged in order.
    let ranges = nonBlankLines(in: text)
    let slices = stride(from: 0, to: ranges.count, by: 512).map { $0..<min(ranges.count, $0 + 512) }
    let decoded = OrderedResults<Result<CorpusStatistics, LineError>>(count: slices.count)
    DispatchQueue.concurrentPerform(iterations: slices.count) { slice in
      let decoder = JSONDecoder()
      var statistics = CorpusStatistics()
      for (number, range) in ranges[slices[slice]] {
        do {
          let record =
            try text.withUnsafeBytes { RecordText.decode(UnsafeRawBufferPointer(rebasing: $0[range])) }
            ?? decoder.decode(Record.self, from: text.subdata(in: range))
          statistics.merge(try record.statistics(line: number))
        } catch let error as LineError {
          decoded.store(.failure(error), at: slice)
          return
        } catch {
          decoded.store(.failure(LineError(line: number, reason: Self.reason(error))), at: slice)
          return
        }
      }
      decoded.store(.success(statistics), at: slice)
    }
    var result = CorpusStatistics()
    for slice in slices.indices {
      switch decoded.take(slice) {
      case .success(let part): result.merge(part)
      case .failure(let error): throw error
      }
    }
    return result
  }

  /// One line read both ways, for the differential fuzz target.
  ///
  /// Gives the quick path's reading (nil when it leaves the line to `JSONDecoder`) and `JSONDecoder`'s. Where
  /// the quick path reads a line, the two must agree.
  package static func readingsOfLine(
    _ line: Data
  ) -> (quick: Result<CorpusStatistics, LineError>?, decoder: Result<CorpusStatistics, LineError>) {
    func finish(_ record: Record) -> Result<CorpusStatistics, LineError> {
      Result { () throws(LineError) in try record.statistics(line: 1) }
    }
    let quick = line.withUnsafeBytes { RecordText.decode($0) }.map(finish)
    let decoder: Result<CorpusStatistics, LineError>
    do {
      decoder = finish(try JSONDecoder().decode(Record.self, from: line))
    } catch {
      decoder = .failure(LineError(line: 1, reason: reason(error)))
    }
    return (quick, decoder)
  }

  /// The byte ranges of the lines of JSON Lines text that hold more than white space, with their numbers
  /// (from 1), so that messages can name the line.
  static func nonBlankLines(in text: Data) -> [(number: Int, range: Range<Int>)] {
    var found: [(number: Int, range: Range<Int>)] = []
    text.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      var start = 0
      var number = 1
      for index in 0...bytes.count {
        guard index == bytes.count || bytes[index] == UInt8(ascii: "\n") else { continue }
        if bytes[start..<index].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) {
          found.append((number, start..<index))
        }
        start = index + 1
        number += 1
      }
    }
    return found
  }

  /// A short reason for a decoding error: what was expected where.
  static func reason(_ error: any Error) -> String {
    switch error as? DecodingError {
    case .dataCorrupted(let context)?:
      return "not valid JSON (\(context.debugDescription))"
    case .keyNotFound(let key, let context)?:
      return "missing field \"\(path(context.codingPath + [key]))\""
    case .typeMismatch(let type, let context)?, .valueNotFound(let type, let context)?:
      return "field \"\(path(context.codingPath))\" should be \(type)"
    default:
      return String(describing: error)
    }
  }

  private static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
  }
}

/// One line of a partial file.
struct Record: Codable {
  var kind: String
  var key: String
  var format: String?
  var version: Int?
  var fingerprints: [String]?
  var copies: Int?
  var document: DocumentPayload?
  var siblings: [SiblingListPayload]?
  var term: TermPayload?
  var uses: [String: [MentionPayload]]?
  var mentions: [String: [MentionPayload]]?
  var roles: RolesPayload?

  init(
    kind: String, key: String, format: String? = nil, version: Int? = nil, fingerprints: [String]? = nil
  ) {
    self.kind = kind
    self.key = key
    self.format = format
    self.version = version
    self.fingerprints = fingerprints
  }

  /// The statistics this record stands for.
  func statistics(line: Int) throws(PartialRecords.LineError) -> CorpusStatistics {
    func fail(_ reason: String) -> PartialRecords.LineError { PartialRecords.LineError(line: line, reason: reason) }
    func suffix(_ prefix: String) throws(PartialRecords.LineError) -> String {
      guard key.hasPrefix(prefix) else { throw fail("a \(kind) record's key must start with \"\(prefix)\"") }
      return String(key.dropFirst(prefix.count))
    }
    func required<T>(_ value: T?, _ field: String) throws(PartialRecords.LineError) -> T {
      guard let value else { throw fail("a \(kind) record needs \"\(field)\"") }
      return value
    }
    var statistics = CorpusStatistics()
    switch kind {
    case "meta":
      guard format == PartialRecords.format, version == PartialRecords.version else {
        throw fail(
          "not a \(PartialRecords.format) version \(PartialRecords.version) file (found \(format ?? "no format") "
            + "version \(version.map(String.init) ?? "none")): map the documents again with this cnkb")
      }
      statistics.fingerprints = Set(try required(fingerprints, "fingerprints"))
    case "document":
      let source = try suffix("document:")
      let document = try required(self.document, "document").document(line: line)
      guard document.source == source else {
        throw fail("the key names \(source) but the document is \(document.source)")
      }
      let copies = try required(self.copies, "copies")
      guard copies >= 1 else { throw fail("\"copies\" must be at least 1") }
      statistics.documents[source] = DocumentStatistics(
        document: document, copies: copies,
        siblingGroups: (siblings ?? []).map { list in
          SiblingList(head: list.head, members: list.members.map { SiblingMember(key: $0.key, entry: $0.entry) })
        })
    case "lexicon":
      guard let entry = Int(try suffix("lexicon:")), entry >= 0 else { throw fail("a lexicon key ends in a number") }
      statistics.lexiconTerms[entry] = try required(term, "term").statistics(line: line)
    case "term":
      statistics.candidates[try suffix("term:")] = try required(term, "term").statistics(line: line)
    case "acronym":
      let short = try suffix("acronym:")
      statistics.acronyms[short] = try required(uses, "uses").mapValues { list in
        list.map { AcronymUse(mention: $0.mention) }.sorted(by: { lhs, rhs in
          (lhs.mention.sentence, lhs.mention.start, lhs.mention.end)
            < (rhs.mention.sentence, rhs.mention.start, rhs.mention.end)
        })
      }
    case "shortform":
      statistics.shortForms[try suffix("shortform:")] = try required(mentions, "mentions").mapValues(sortedMentions)
    case "label":
      statistics.labels[try suffix("label:")] = try required(mentions, "mentions").mapValues(sortedMentions)
    case "word":
      statistics.wordRoles[try suffix("word:")] = try required(roles, "roles").roles
    default:
      throw fail("unknown record kind \"\(kind)\"")
    }
    return statistics
  }
}

/// Mentions as read, in the canonical order merging keeps.
private func sortedMentions(_ list: [MentionPayload]) -> [PartialMention] {
  list.map(\.mention).sorted { ($0.sentence, $0.start, $0.end) < ($1.sentence, $1.start, $1.end) }
}

/// A mention as `[sentence, start, end, text]`.
struct MentionPayload: Codable {
  var mention: PartialMention

  /// The largest sentence number or offset a mention may have.
  static let largestNumber = Int(UInt32.max)

  init(_ mention: PartialMention) { self.mention = mention }

  init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    let sentence = try container.decode(Int.self)
    let start = try container.decode(Int.self)
    let end = try container.decode(Int.self)
    let surface = try container.decode(String.self)
    guard sentence >= 0, start >= 0, end >= start else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "a mention's offsets must satisfy 0 <= start <= end"))
    }
    // Candidate terms keep their mentions' numbers in 32 bits; no stored document is that long.
    guard sentence <= Self.largestNumber, end <= Self.largestNumber else {
      throw DecodingError.dataCorrupted(
        .init(
          codingPath: decoder.codingPath,
          debugDescription: "a mention's sentence and offsets must be at most \(Self.largestNumber)"))
    }
    mention = PartialMention(sentence: sentence, start: start, end: end, surface: surface)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(mention.sentence)
    try container.encode(mention.start)
    try container.encode(mention.end)
    try container.encode(mention.surface)
  }
}

/// A coordinated list as `{"head": singular head noun or null, "members": [member, ...]}`.
struct SiblingListPayload: Codable {
  var head: String?
  var members: [SiblingPayload]

  enum CodingKeys: String, CodingKey {
    case head
    case members
  }

  init(_ list: SiblingList) {
    head = list.head
    members = list.members.map(SiblingPayload.init)
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    head = try container.decodeIfPresent(String.self, forKey: .head)
    members = try container.decode([SiblingPayload].self, forKey: .members)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    if let head { try container.encode(head, forKey: .head) } else { try container.encodeNil(forKey: .head) }
    try container.encode(members, forKey: .members)
  }
}

/// A list member as `[term key, lexicon entry or null]`.
struct SiblingPayload: Codable {
  var key: String
  var entry: Int?

  init(_ member: SiblingMember) {
    key = member.key
    entry = member.entry
  }

  init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    key = try container.decode(String.self)
    entry = try container.decodeIfPresent(Int.self)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(key)
    if let entry { try container.encode(entry) } else { try container.encodeNil() }
  }
}

/// A word's roles as stored in a record: `{"verb": n, "to": n, "noun": n}`.
struct RolesPayload: Codable {
  var verb: Int
  var to: Int
  var noun: Int

  init(_ roles: WordRoles) {
    verb = roles.afterVerbCue
    to = roles.afterTo
    noun = roles.afterNounCue
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    verb = try container.decode(Int.self, forKey: .verb)
    to = try container.decode(Int.self, forKey: .to)
    noun = try container.decode(Int.self, forKey: .noun)
    guard verb >= 0, to >= 0, noun >= 0 else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "a word's role counts must not be negative"))
    }
  }

  init(verb: Int, to: Int, noun: Int) {
    self.verb = verb
    self.to = to
    self.noun = noun
  }

  var roles: WordRoles { WordRoles(afterVerbCue: verb, afterTo: to, afterNounCue: noun) }
}

/// A term's counts as stored in a record.
struct TermPayload: Codable {
  var words: Int
  var first: FirstPayload
  var surfaces: [String: Int]
  var running: [String: Int]
  var cues: Int
  var linkCues: Int
  var headings: Int
  var capitalized: Int
  var lowercase: Int
  var objects: Int
  var initial: Int
  var byline: Int
  var mentions: [String: [MentionPayload]]

  init(_ term: TermStatistics) {
    words = term.words
    first = FirstPayload(document: term.first.document, start: term.first.start)
    surfaces = term.surfaces
    running = term.runningSurfaces
    cues = term.cues
    linkCues = term.linkCues
    headings = term.headings
    capitalized = term.capitalizedMidSentence
    lowercase = term.lowercaseMidSentence
    objects = term.beforeObject
    initial = term.chunkInitial
    byline = term.afterByline
    mentions = term.mentions.mapValues { $0.map(MentionPayload.init) }
  }

  init(
    words: Int, first: FirstPayload, surfaces: [String: Int], running: [String: Int], cues: Int, linkCues: Int,
    headings: Int, capitalized: Int, lowercase: Int, objects: Int, initial: Int, byline: Int,
    mentions: [String: [MentionPayload]]
  ) {
    self.words = words
    self.first = first
    self.surfaces = surfaces
    self.running = running
    self.cues = cues
    self.linkCues = linkCues
    self.headings = headings
    self.capitalized = capitalized
    self.lowercase = lowercase
    self.objects = objects
    self.initial = initial
    self.byline = byline
    self.mentions = mentions
  }

  func statistics(line: Int) throws(PartialRecords.LineError) -> TermStatistics {
    let counts = [cues, linkCues, headings, capitalized, lowercase, objects, initial, byline]
    guard words >= 1, counts.allSatisfy({ $0 >= 0 }) else {
      throw PartialRecords.LineError(line: line, reason: "a term's counts must not be negative (and words >= 1)")
    }
    guard first.start >= 0 else {
      throw PartialRecords.LineError(line: line, reason: "a term's first mention has a negative offset")
    }
    var term = TermStatistics(words: words, first: FirstMention(document: first.document, start: first.start))
    term.surfaces = surfaces
    term.runningSurfaces = running
    term.cues = cues
    term.linkCues = linkCues
    term.headings = headings
    term.capitalizedMidSentence = capitalized
    term.lowercaseMidSentence = lowercase
    term.beforeObject = objects
    term.chunkInitial = initial
    term.afterByline = byline
    term.mentions = mentions.mapValues(sortedMentions)
    return term
  }
}

/// A converted document as stored in a record: its blocks, and sentences as `[block, start, end]` (the text
/// is the blocks' texts joined by a blank line, so it is not repeated).
struct DocumentPayload: Codable {
  var source: String
  var origin: String
  var title: String?
  var date: String?
  var format: DocumentFormat
  var contentHash: String
  var warnings: [String]
  var blocks: [PlacedBlock]
  var sentences: [[Int]]

  init(_ document: Document) {
    source = document.source
    origin = document.origin
    title = document.title
    date = document.date
    format = document.format
    contentHash = document.contentHash
    warnings = document.warnings
    blocks = document.blocks
    sentences = document.sentences.map { [$0.block, $0.start, $0.end] }
  }

  /// The document, its text rebuilt from the blocks; checks that every offset fits.
  func document(line: Int) throws(PartialRecords.LineError) -> Document {
    func fail(_ reason: String) -> PartialRecords.LineError {
      PartialRecords.LineError(line: line, reason: "document \(source): \(reason)")
    }
    var scalars: [Unicode.Scalar] = []
    for (index, placed) in blocks.enumerated() {
      if index > 0 { scalars += ["\n", "\n"] }
      guard placed.start == scalars.count else { throw fail("block \(index) should start at \(scalars.count)") }
      scalars += placed.block.text.unicodeScalars
    }
    var sentences: [Sentence] = []
    sentences.reserveCapacity(self.sentences.count)
    for (index, triple) in self.sentences.enumerated() {
      guard triple.count == 3, triple[0] >= 0, triple[0] < blocks.count, triple[1] >= 0, triple[1] <= triple[2],
        triple[2] <= scalars.count
      else { throw fail("sentence \(index) is not [block, start, end] inside the text") }
      sentences.append(
        Sentence(
          block: triple[0], start: triple[1], end: triple[2],
          text: String(String.UnicodeScalarView(scalars[triple[1]..<triple[2]]))))
    }
    return Document(
      source: source, origin: origin, title: title, date: date, format: format, contentHash: contentHash,
      text: String(String.UnicodeScalarView(scalars)), blocks: blocks, sentences: sentences, warnings: warnings)
  }
}

/// Where a term was first seen, as `[source, start]`.
struct FirstPayload: Codable {
  var document: String
  var start: Int

  init(document: String, start: Int) {
    self.document = document
    self.start = start
  }

  init(from decoder: any Decoder) throws {
    var container = try decoder.unkeyedContainer()
    document = try container.decode(String.self)
    start = try container.decode(Int.self)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.unkeyedContainer()
    try container.encode(document)
    try container.encode(start)
  }
}
