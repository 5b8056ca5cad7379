import CNKBModel
import CNKBTerms
import Foundation

/// Everything seen about one term key across the corpus.
///
/// A value, like any struct, but its fields live in one shared box that is copied only when a bucket that shares
/// it is changed. A large corpus has hundreds of thousands of candidate terms: kept inline, every bucket would
/// make each entry of the collector's tables as large as all its fields, and each time a table grows (when the
/// cores' findings are joined) the old and the new copy of every bucket would be held at once. Boxed, an entry is
/// a reference, and growing a table moves references.
struct TermBucket {
  /// The fields, as one value.
  fileprivate struct Fields {
    var key: String
    var wordCount: Int
    var written: [WrittenForm] = []
    /// The mentions, each naming its document and its text by position in `documents` and in `written` (or,
    /// flagged, in `spellings`).
    var kept: [KeptMention] = []
    /// The document of each run of consecutive mentions in one document, in the order the runs were added.
    var documents: [String] = []
    /// Texts of mentions that are no written form of the term (short forms taken over from an acronym's uses).
    var spellings: [String] = []
    var cues = 0
    var linkCues = 0
    var headings = 0
    var capitalizedMidSentence = 0
    var lowercaseMidSentence = 0
    var beforeObject = 0
    var chunkInitial = 0
    var afterByline = 0
    var firstSeen: (document: String, start: Int)?
  }

  /// The box the fields live in, shared between copies until one of them changes.
  private final class Box: @unchecked Sendable {
    // Sendable because a box shared between copies is never changed: `writable()` copies it first.
    var fields: Fields

    init(_ fields: Fields) { self.fields = fields }
  }

  private var box: Box

  /// The fields, in a box made this bucket's own first if another bucket shares it.
  private mutating func writable() -> Box {
    if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
    return box
  }

  var key: String {
    get { box.fields.key }
    _modify { yield &writable().fields.key }
  }
  var wordCount: Int {
    get { box.fields.wordCount }
    _modify { yield &writable().fields.wordCount }
  }
  /// Each way the term was written, in the order first seen, with its counts.
  ///
  /// A list rather than a table from form to count: most terms are written one way or two, and at 50 MB of
  /// pages the two tables a bucket once kept (every form, and the forms in running text) held 30 MB.
  var writtenForms: [WrittenForm] { box.fields.written }
  /// Written form → count.
  var surfaces: [String: Int] {
    var table: [String: Int] = [:]
    for form in box.fields.written where form.count > 0 { table[form.surface] = form.count }
    return table
  }
  /// Written forms seen mid-sentence in running text (not headings, not sentence-initial) → count.
  var runningSurfaces: [String: Int] {
    var table: [String: Int] = [:]
    for form in box.fields.written where form.running > 0 { table[form.surface] = form.running }
    return table
  }
  /// The ways the term was written, each once.
  var surfaceForms: [String] { box.fields.written.lazy.filter { $0.count > 0 }.map(\.surface) }
  /// Whether any form was written mid-sentence in running text.
  var hasRunningSurfaces: Bool { box.fields.written.contains { $0.running > 0 } }
  /// The mentions, in the order they were added.
  ///
  /// Made from the compact list the bucket keeps, so each read builds the array: read it once and hold it.
  var mentions: [Mention] {
    get {
      let fields = box.fields
      return fields.kept.map { fields.mention($0) }
    }
    set {
      let box = writable()
      box.fields.kept = []
      box.fields.documents = []
      box.fields.spellings = []
      box.fields.append(newValue)
    }
  }
  /// How many mentions the bucket holds (copies of one span through two routes included).
  var mentionCount: Int { box.fields.kept.count }
  /// Times the markup singled the exact span out (strong, emphasis, link, abbr, dfn, code, dt).
  var cues: Int {
    get { box.fields.cues }
    _modify { yield &writable().fields.cues }
  }
  /// How many of those cues were link anchors, the weakest kind (blogs link ordinary words).
  var linkCues: Int {
    get { box.fields.linkCues }
    _modify { yield &writable().fields.linkCues }
  }
  /// Times it appeared inside a heading.
  var headings: Int {
    get { box.fields.headings }
    _modify { yield &writable().fields.headings }
  }
  var capitalizedMidSentence: Int {
    get { box.fields.capitalizedMidSentence }
    _modify { yield &writable().fields.capitalizedMidSentence }
  }
  var lowercaseMidSentence: Int {
    get { box.fields.lowercaseMidSentence }
    _modify { yield &writable().fields.lowercaseMidSentence }
  }
  /// Times a mention was followed straight by an article, a possessive or "how": the mark of a verb taking
  /// its object ("… orchestrator addresses a layer").
  var beforeObject: Int {
    get { box.fields.beforeObject }
    _modify { yield &writable().fields.beforeObject }
  }
  /// Times a mention opened its run of words: no other word of the run came before it.
  var chunkInitial: Int {
    get { box.fields.chunkInitial }
    _modify { yield &writable().fields.chunkInitial }
  }
  /// Times a mention came right after a byline ("Contributed by", "Patch by", "Posted by"): the mark of a
  /// person's name.
  var afterByline: Int {
    get { box.fields.afterByline }
    _modify { yield &writable().fields.afterByline }
  }

  /// Where the mention that created the bucket (and set `wordCount`) is: document, then start offset.
  var firstSeen: (document: String, start: Int)? {
    get { box.fields.firstSeen }
    _modify { yield &writable().fields.firstSeen }
  }

  init(key: String, wordCount: Int) {
    box = Box(Fields(key: key, wordCount: wordCount))
  }

  /// Whether this bucket was created before `other` in reading order (documents by source, then offsets).
  func createdBefore(_ other: TermBucket) -> Bool {
    guard let mine = firstSeen else { return false }
    guard let theirs = other.firstSeen else { return true }
    return (mine.document, mine.start) <= (theirs.document, theirs.start)
  }

  mutating func add(_ mention: Mention, running: Bool, cue: Bool, heading: Bool, linkCue: Bool = false) {
    let box = writable()
    if box.fields.firstSeen == nil { box.fields.firstSeen = (mention.document, mention.start) }
    let form = Self.count(mention.surface, times: 1, running: running ? 1 : 0, in: &box.fields.written)
    box.fields.keep(mention, form: UInt32(form))
    if cue { box.fields.cues += 1 }
    if cue && linkCue { box.fields.linkCues += 1 }
    if heading { box.fields.headings += 1 }
  }

  /// Counts `surface` written once more, outside running text.
  mutating func countSurface(_ surface: String) {
    Self.count(surface, times: 1, running: 0, in: &writable().fields.written)
  }

  /// Replaces the written forms with `surfaces` and `running` (form → count), in the forms' order.
  mutating func setSurfaces(_ surfaces: [String: Int], running: [String: Int]) {
    let list = mentions
    writable().fields.written = Set(surfaces.keys).union(running.keys).sorted().map { surface in
      WrittenForm(surface: surface, count: surfaces[surface] ?? 0, running: running[surface] ?? 0)
    }
    if !list.isEmpty { mentions = list }
  }

  /// Adds `list` after the mentions the bucket holds, leaving the counts as they are.
  mutating func appendMentions(_ list: [Mention]) {
    writable().fields.append(list)
  }

  /// Adds counts to the form written as `surface`, listed last if it is new, and returns the form's position.
  @discardableResult
  private static func count(_ surface: String, times: Int, running: Int, in written: inout [WrittenForm]) -> Int {
    if let index = written.firstIndex(where: { $0.surface == surface }) {
      written[index].count += times
      written[index].running += running
      return index
    }
    written.append(WrittenForm(surface: surface, count: times, running: running))
    return written.count - 1
  }

  /// Keeps only the mentions in `sources`: an ordinary word names the term only where the corpus singles it
  /// out (as a label, or as a member of a list of kinds).
  mutating func keepMentions(in sources: Set<String>) {
    mentions = mentions.filter { sources.contains($0.document) }
  }

  /// Gives up the mentions written as one of `written` (an abbreviation the corpus spells out as something
  /// else than the lexicon entry that matched it).
  mutating func removeMentions(writtenAs written: Set<String>) {
    guard !written.isEmpty else { return }
    let list = mentions.filter { !written.contains($0.surface) }
    writable().fields.written.removeAll { written.contains($0.surface) }
    mentions = list
  }

  /// Absorbs the bucket of the same term from documents read after this one's, keeping the word count and the
  /// first sighting of whichever bucket was created first.
  mutating func absorbLater(_ other: TermBucket) {
    let earlier = createdBefore(other) ? (wordCount, firstSeen) : (other.wordCount, other.firstSeen)
    absorb(other)
    wordCount = earlier.0
    firstSeen = earlier.1
  }

  mutating func absorb(_ other: TermBucket) {
    let box = writable()
    let theirs = other.box.fields
    let forms = theirs.written.map { form in
      UInt32(Self.count(form.surface, times: form.count, running: form.running, in: &box.fields.written))
    }
    box.fields.absorbMentions(of: theirs, forms: forms)
    cues += other.cues
    linkCues += other.linkCues
    headings += other.headings
    capitalizedMidSentence += other.capitalizedMidSentence
    lowercaseMidSentence += other.lowercaseMidSentence
    beforeObject += other.beforeObject
    chunkInitial += other.chunkInitial
    afterByline += other.afterByline
  }

  /// The sources of the documents that mention the term, each once, sorted.
  ///
  /// Worked out from the mentions rather than kept beside them: a set per candidate term costs more than the
  /// few times it is asked for.
  var documents: [String] {
    distinctDocuments().sorted()
  }

  /// How many documents mention the term.
  var documentCount: Int {
    let documents = box.fields.documents
    guard let first = documents.first else { return 0 }
    // Most terms are mentioned in one document only.
    if documents.allSatisfy({ $0 == first }) { return 1 }
    return distinctDocuments().count
  }

  /// Whether at least `count` documents mention the term, found without listing them all.
  func isMentioned(inAtLeast count: Int) -> Bool {
    var seen: [String] = []
    for document in box.fields.documents where !seen.contains(document) {
      seen.append(document)
      if seen.count >= count { return true }
    }
    return count <= 0
  }

  /// Calls `body` with each run of mentions in one document, in the order they were added.
  ///
  /// `body` gets the document and the mentions' sentence numbers; a document may have several runs. Reading the
  /// compact list run by run spares making a `Mention` (and looking its document up) per mention.
  func forEachDocumentRun(
    _ body: (_ document: String, _ sentences: LazyMapSequence<ArraySlice<KeptMention>, Int>) -> Void
  ) {
    let fields = box.fields
    var start = 0
    while start < fields.kept.count {
      let document = fields.kept[start].document
      var end = start + 1
      while end < fields.kept.count && fields.kept[end].document == document { end += 1 }
      body(fields.documents[Int(document)], fields.kept[start..<end].lazy.map { Int($0.sentence) })
      start = end
    }
  }

  /// The documents in the order of their first mention.
  ///
  /// Every run of mentions has its document listed, and every listed document has its run, so the runs' list
  /// is read rather than every mention.
  private func distinctDocuments() -> [String] {
    var seen = Set<String>()
    return box.fields.documents.filter { seen.insert($0).inserted }
  }

  /// How many `uniqueMentions` there are, worked out without making them: the distinct spans (document and
  /// offsets) among the mentions.
  var uniqueMentionCount: Int {
    let fields = box.fields
    guard fields.kept.count > 1 else { return fields.kept.count }
    // A document listed for several runs of mentions counts as one: each run is named by the first listing.
    var documentOf: [UInt32] = [0]
    if fields.documents.count > 1 {
      var first: [String: UInt32] = [:]
      documentOf = fields.documents.indices.map { index in
        let document = fields.documents[index]
        if let earlier = first[document] { return earlier }
        first[document] = UInt32(index)
        return UInt32(index)
      }
    }
    let spans = fields.kept.map { kept in
      (documentOf[Int(kept.document)], kept.start, kept.end)
    }.sorted { $0 < $1 }
    var count = 1
    for index in spans.indices.dropFirst() where spans[index] != spans[index - 1] { count += 1 }
    return count
  }

  /// Mentions without duplicates (the same span counted through two routes), in canonical order.
  var uniqueMentions: [Mention] {
    let sorted = mentions.sorted { ($0.document, $0.start, $0.end) < ($1.document, $1.start, $1.end) }
    // Sorted, the copies of one span sit side by side: the first of each run is kept.
    var unique: [Mention] = []
    unique.reserveCapacity(sorted.count)
    for mention in sorted {
      if let last = unique.last, last.document == mention.document, last.start == mention.start,
        last.end == mention.end
      {
        continue
      }
      unique.append(mention)
    }
    return unique
  }
}

/// One way a term was written, and how often: anywhere, and mid-sentence in running text (not in headings, not
/// opening a sentence).
struct WrittenForm {
  var surface: String
  var count: Int
  var running: Int
}

/// A mention as a bucket keeps it: 20 bytes, where a `Mention` takes 56.
///
/// A large corpus has millions of candidate mentions (1.96 million at 104 MB of pages), most of them let go
/// once the candidates are judged, and a `Mention` also holds two strings to retain and release on every copy.
/// Offsets are 32-bit: a stored document's text is under SQLite's limit of 10⁹ bytes, and partial records
/// with larger offsets are refused when read.
struct KeptMention {
  /// The position of the mention's document in the bucket's `documents`.
  var document: UInt32
  /// The position of its text in the bucket's written forms, or in its `spellings` when `spellingFlag` is set.
  var form: UInt32
  var sentence: UInt32
  var start: UInt32
  var end: UInt32

  /// Set in `form` for a text kept among the spellings rather than the written forms.
  static let spellingFlag: UInt32 = 1 << 31
}

extension TermBucket.Fields {
  /// The mention `kept` stands for.
  func mention(_ kept: KeptMention) -> Mention {
    let surface =
      kept.form & KeptMention.spellingFlag == 0
      ? written[Int(kept.form)].surface : spellings[Int(kept.form & ~KeptMention.spellingFlag)]
    return Mention(
      document: documents[Int(kept.document)], sentence: Int(kept.sentence), start: Int(kept.start),
      end: Int(kept.end), surface: surface)
  }

  /// Keeps `mention`, whose text is the written form at `form` (or a flagged spelling).
  mutating func keep(_ mention: Mention, form: UInt32) {
    // Mentions arrive grouped by document: a new run starts only where the document changes.
    if documents.last != mention.document { documents.append(mention.document) }
    kept.append(
      KeptMention(
        document: UInt32(documents.count - 1), form: form, sentence: UInt32(clamping: mention.sentence),
        start: UInt32(clamping: mention.start), end: UInt32(clamping: mention.end)))
  }

  /// Keeps each of `list`, finding its text among the written forms, else among the spellings (added there
  /// if new); counts are left as they are.
  mutating func append(_ list: [Mention]) {
    kept.reserveCapacity(kept.count + list.count)
    for mention in list {
      let form: UInt32
      if let index = written.firstIndex(where: { $0.surface == mention.surface }) {
        form = UInt32(index)
      } else {
        form = spelling(mention.surface) | KeptMention.spellingFlag
      }
      keep(mention, form: form)
    }
  }

  /// The position of `text` among the spellings, listed last if it is new.
  private mutating func spelling(_ text: String) -> UInt32 {
    if let index = spellings.firstIndex(of: text) { return UInt32(index) }
    spellings.append(text)
    return UInt32(spellings.count - 1)
  }

  /// Adds the mentions of `other` after these, its written forms being at `forms` in this bucket's list.
  mutating func absorbMentions(of other: Self, forms: [UInt32]) {
    guard !other.kept.isEmpty else { return }
    let spellingAt = other.spellings.map { spelling($0) }
    let documentBase = UInt32(documents.count)
    documents.append(contentsOf: other.documents)
    // Grown to the exact size: a bucket takes at most one append per collector, and slack kept in every bucket
    // of a large corpus adds up to tens of megabytes.
    kept.reserveCapacity(kept.count + other.kept.count)
    for var mention in other.kept {
      mention.document += documentBase
      mention.form =
        mention.form & KeptMention.spellingFlag == 0
        ? forms[Int(mention.form)]
        : spellingAt[Int(mention.form & ~KeptMention.spellingFlag)] | KeptMention.spellingFlag
      kept.append(mention)
    }
  }
}

/// Members of one coordinated list ("none, bridge, overlay and MACvlan"): what is true of most members'
/// standing as terms is likely true of the others.
struct SiblingGroup {
  /// Each member's term key, and the lexicon entry it matched, if any.
  var members: [(key: String, entry: Int?)]
  /// The plural noun phrase that introduces the list, as a term key ("native driver" in "the native drivers
  /// are …"), if it has one: its last word is what the members are kinds of.
  var head: String? = nil
  /// The source of the document the list is in.
  var document = ""
}

/// An acronym definition seen in the corpus.
struct AcronymSighting {
  var short: String
  var long: String
  var mention: Mention
}

/// Collects lexicon matches, candidate terms and acronym definitions from each document, then resolves
/// them into concepts.
struct CorpusCollector {
  let vocabulary: Vocabulary
  let options: ConceptExtractor.Options

  /// Lexicon surface key → entry index (case-insensitive surfaces).
  var lexiconKeys: [String: Int] = [:]
  /// Exact surface → entry index, for short all-capital abbreviations that must match case-sensitively.
  var lexiconExact: [String: Int] = [:]
  var longestLexiconSurface = 1
  /// What opens a key of `lexiconKeys` (`TokenKeys.openers(of:)`): a window of a sentence whose first word is
  /// none of these is no lexicon surface of several words, and its key is not built.
  var lexiconOpeners: Set<String> = []
  /// One-word lexicon surfaces that are also stop words ("none"): matched only as members of a list.
  var lexiconStopwordKeys: [String: Int] = [:]

  var lexiconBuckets: [Int: TermBucket] = [:]
  var candidates: [String: TermBucket] = [:]
  var sightings: [AcronymSighting] = []
  /// Exact token text → mentions, for tokens that look like short forms (to count acronym uses).
  var shortFormTokens: [String: [Mention]] = [:]
  /// Sentence lookup for definitions: document source → sentences.
  var sentenceIndex: [String: [Sentence]] = [:]
  /// Number of blocks per document, to recognise footers.
  var blockCounts: [String: Int] = [:]
  /// Document source → the kind of block each of its sentences is in (a heading names, it does not define;
  /// a table cell's neighbour is a value, not a description).
  var sentenceBlockKinds: [String: [BlockKind]] = [:]
  /// Document source → its sentences in column headers: `th` cells beside another `th`, which name a column
  /// ("MACvlan | IPvlan") and label nothing that follows them.
  var columnHeaderSentences: [String: Set<Int>] = [:]
  /// Document source → its title, when it has one of several words (a sentence opening with it is about the
  /// page: "<title> was originally published by …").
  var documentTitles: [String: String] = [:]
  /// Coordinated lists seen in running text.
  var siblingGroups: [SiblingGroup] = []
  /// Terms introduced as the label of a glossary-style line ("**Endpoint**: A network interface …") → the
  /// label mentions.
  var labelTerms: [String: [Mention]] = [:]
  /// Lower-case word → how often it followed a verb's cue and a noun's cue.
  var wordRoles: [String: WordRoles] = [:]
  /// Last words of the people's names among the candidates → how often those names are mentioned, set when
  /// concepts are resolved.
  var surnames: [String: Int] = [:]
  /// The first words of people's names that bylines taught and the list of given names lacks → how often those
  /// names are mentioned, set with `surnames`: the first name written alone ("Serhiy") is then a person's too.
  var bylineGivenNames: [String: Int] = [:]

  /// The stop list as written and as term keys ("docs" also refuses the key "doc").
  let stopKeys: Set<String>

  init(vocabulary: Vocabulary, options: ConceptExtractor.Options) {
    self.vocabulary = vocabulary
    self.options = options
    stopKeys = vocabulary.stopList.union(vocabulary.stopList.map(TermKey.of))
    let tokenizer = Tokenizer()
    for (index, entry) in vocabulary.entries.enumerated() {
      for abbreviation in entry.abbreviations {
        if Self.isShortCapitals(abbreviation) {
          lexiconExact[abbreviation] = lexiconExact[abbreviation] ?? index
        } else {
          lexiconKeys[TermKey.of(abbreviation)] = lexiconKeys[TermKey.of(abbreviation)] ?? index
        }
      }
      for surface in [entry.label] + entry.aliases {
        let key = TermKey.of(surface)
        guard !key.isEmpty else { continue }
        // A one-word surface that is an ordinary function word would match everywhere; skip it.
        if !key.contains(" ") && vocabulary.stopwords.contains(key) {
          lexiconStopwordKeys[key] = lexiconStopwordKeys[key] ?? index
          continue
        }
        if Self.isShortCapitals(surface) {
          lexiconExact[surface] = lexiconExact[surface] ?? index
        } else {
          lexiconKeys[key] = lexiconKeys[key] ?? index
        }
        longestLexiconSurface = max(longestLexiconSurface, tokenizer.tokenize(surface).filter(\.isWordLike).count)
      }
    }
    lexiconOpeners = TokenKeys.openers(of: lexiconKeys.keys)
  }

  /// Whether the corpus uses `word` (a term key's word) more as a verb than as a noun.
  func looksLikeVerb(_ word: String) -> Bool { wordRoles[word]?.looksLikeVerb(word) == true }

  /// The abbreviation that a plural written in capitals with a small `s` stands for ("VLANs" → "VLAN", "IPs"
  /// → "IP"), or nil for any other word.
  static func abbreviationOfPlural(_ word: String) -> String? {
    let bytes = word.utf8
    guard bytes.count >= 3, bytes.last == UInt8(ascii: "s") else { return nil }
    let stem = bytes.dropLast()
    guard stem.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) }),
      stem.contains(where: { (65...90).contains($0) })
    else { return nil }
    return String(word.dropLast())
  }

  /// Whether a surface is a short all-capitals abbreviation (`NAT`, `IP`, `CNI`), matched case-sensitively.
  static func isShortCapitals(_ surface: String) -> Bool {
    let letters = surface.unicodeScalars.filter(\.isAlphabetic)
    return surface.count <= 5 && !letters.isEmpty && letters.allSatisfy(\.isUppercase)
  }

  /// Adds what `other` collected from documents that come after this collector's, as if this collector had
  /// read them itself.
  ///
  /// Nothing it keeps depends on which collector read a document first: counts add up, lists only grow, and a
  /// key's word count is the one of its first mention in reading order ("host-gw" and "host gw" share a key),
  /// so the result is the same for any split of the corpus. `CorpusStatistics` relies on that.
  mutating func absorb(_ other: CorpusCollector) {
    // A bucket both hold is grown where it stands: taken out and put back, it would be shared for a moment and
    // copied whole (mentions, surfaces) on every merge.
    func merge<Key: Hashable>(_ theirs: [Key: TermBucket], into mine: inout [Key: TermBucket]) {
      for (key, bucket) in theirs {
        guard let index = mine.index(forKey: key) else {
          mine[key] = bucket
          continue
        }
        mine.values[index].absorbLater(bucket)
      }
    }
    merge(other.lexiconBuckets, into: &lexiconBuckets)
    merge(other.candidates, into: &candidates)
    sightings += other.sightings
    for (token, mentions) in other.shortFormTokens { shortFormTokens[token, default: []] += mentions }
    sentenceIndex.merge(other.sentenceIndex) { mine, _ in mine }
    blockCounts.merge(other.blockCounts) { mine, _ in mine }
    sentenceBlockKinds.merge(other.sentenceBlockKinds) { mine, _ in mine }
    columnHeaderSentences.merge(other.columnHeaderSentences) { mine, _ in mine }
    documentTitles.merge(other.documentTitles) { mine, _ in mine }
    siblingGroups += other.siblingGroups
    for (key, mentions) in other.labelTerms { labelTerms[key, default: []] += mentions }
    for (word, roles) in other.wordRoles { wordRoles[word, default: WordRoles()].add(roles) }
  }

  // MARK: - Collecting one document

  /// Keeps what finding definitions needs of a document: its sentences, its number of blocks, and the kind of
  /// block each sentence is in.
  mutating func index(_ document: Document) {
    sentenceIndex[document.source] = document.sentences
    blockCounts[document.source] = document.blocks.count
    sentenceBlockKinds[document.source] = document.sentences.map { document.blocks[$0.block].block.kind }
    if let title = document.title?.trimmingCharacters(in: .whitespaces), title.contains(" ") {
      documentTitles[document.source] = title
    }
    func isHeaderCell(_ index: Int) -> Bool {
      guard document.blocks.indices.contains(index) else { return false }
      let block = document.blocks[index].block
      return block.kind == .tableCell && block.element == "th"
    }
    let headers = document.sentences.indices.filter { ordinal in
      let block = document.sentences[ordinal].block
      return isHeaderCell(block) && (isHeaderCell(block - 1) || isHeaderCell(block + 1))
    }
    if !headers.isEmpty { columnHeaderSentences[document.source] = Set(headers) }
  }

  mutating func collect(
    _ document: Document, tokenizer: Tokenizer, acronyms: AcronymFinder, enumerations: EnumerationFinder
  ) {
    index(document)
    // What a block's sentences share is worked out once per block: its marks as cue spans, its lead-in label.
    var blockRead = -1
    var cueSpans: [Span: Bool] = [:]
    var leadIn: Span?
    for (ordinal, sentence) in document.sentences.enumerated() {
      let placed = document.blocks[sentence.block]
      let block = placed.block
      if block.kind == .code { continue }
      let heading = block.kind == .heading
      if sentence.block != blockRead {
        blockRead = sentence.block
        // Marks of the block in document offsets, for cues.
        let blockScalars = Array(block.text.unicodeScalars)
        cueSpans = [:]
        for mark in block.marks where mark.kind != .link || !(mark.attribute ?? "").isEmpty {
          // A bold lead-in often takes its colon along ("Endpoint:"): the term ends before it.
          var end = mark.end
          while end > mark.start + 1, end <= blockScalars.count,
            [":", ".", ",", ";", " "].contains(blockScalars[end - 1])
          {
            end -= 1
          }
          let span = Span(start: placed.start + mark.start, end: placed.start + end)
          cueSpans[span] = (cueSpans[span] ?? true) && mark.kind == .link
        }
        leadIn = Self.leadInLabel(block, blockScalars)
      }
      let wholeBlockIsLabel = block.kind == .definitionTerm
      let tokens = tokenizer.tokenize(sentence.text).map { token -> Token in
        var shifted = token
        shifted.start += sentence.start
        shifted.end += sentence.start
        return shifted
      }
      let keys = TokenKeys(tokens)
      // Surfaces are cut from the sentence's scalars: finding a scalar offset in the string would walk it
      // from its start for every span.
      let sentenceScalars = Array(sentence.text.unicodeScalars)
      func mention(_ from: Int, _ to: Int) -> Mention {
        let start = tokens[from].start
        let end = tokens[to - 1].end
        return Mention(
          document: document.source, sentence: ordinal, start: start, end: end,
          surface: String(scalars: sentenceScalars[(start - sentence.start)..<(end - sentence.start)]))
      }
      func isCue(_ from: Int, _ to: Int) -> Bool {
        let span = Span(start: tokens[from].start, end: tokens[to - 1].end)
        if cueSpans[span] != nil { return true }
        return wholeBlockIsLabel && from == 0 && to == tokens.count
      }
      func isLinkCue(_ from: Int, _ to: Int) -> Bool {
        cueSpans[Span(start: tokens[from].start, end: tokens[to - 1].end)] == true
      }
      let firstWord = tokens.firstIndex(where: \.isWordLike) ?? 0
      WordRoles.count(tokens, into: &wordRoles)

      // 1. Lexicon matches, longest first.
      var covered = [Int?](repeating: nil, count: tokens.count)
      var coveredSpans: [(Int, Int)] = []
      if !lexiconKeys.isEmpty || !lexiconExact.isEmpty {
        let opensLexiconKey = keys.opening(lexiconOpeners)
        var index = 0
        while index < tokens.count {
          var matched = 0
          if tokens[index].isWordLike {
            var length = min(longestLexiconSurface + 2, tokens.count - index)
            while length >= 1 {
              let window = tokens[index..<(index + length)]
              if window.allSatisfy(\.isWordLike) {
                var entry: Int?
                if length == 1,
                  let exact = lexiconExact[tokens[index].text]
                    ?? Self.abbreviationOfPlural(tokens[index].text).flatMap({ lexiconExact[$0] })
                {
                  entry = exact
                } else {
                  entry = keys.key(index, index + length, opening: opensLexiconKey).flatMap { lexiconKeys[$0] }
                }
                if let entry {
                  let running = !heading && index != firstWord
                  lexiconBuckets[entry, default: TermBucket(key: "lexicon:\(entry)", wordCount: length)].add(
                    mention(index, index + length), running: running, cue: isCue(index, index + length),
                    heading: heading)
                  for position in index..<(index + length) { covered[position] = entry }
                  coveredSpans.append((index, index + length))
                  matched = length
                  break
                }
              }
              length -= 1
            }
          }
          index += max(1, matched)
        }
      }

      // 2. Lists: a member that is a lexicon term once the list's head noun is added ("none" in "the native
      // drivers are none, bridge, …" is the "none driver"), and the members' keys for discovery.
      for enumeration in enumerations.enumerations(in: tokens) {
        let head = enumeration.head.map { TermKey.singular(tokens[$0].text.lowercased()) }
        var members: [(key: String, entry: Int?)] = []
        for item in enumeration.items {
          let text = item.map { tokens[$0].text }.joined(separator: " ")
          let key = TermKey.of(text)
          if let entry = covered[item.lowerBound], covered[item.upperBound - 1] == entry {
            members.append((key, entry))
            continue
          }
          var entry = head.flatMap { lexiconKeys[TermKey.of(text + " " + $0)] }
          if entry == nil, item.count == 1 { entry = lexiconStopwordKeys[key] }
          if let entry, !heading {
            lexiconBuckets[entry, default: TermBucket(key: "lexicon:\(entry)", wordCount: item.count)].add(
              mention(item.lowerBound, item.upperBound), running: true, cue: false, heading: false)
            for position in item { covered[position] = entry }
            coveredSpans.append((item.lowerBound, item.upperBound))
          }
          members.append((key, entry))
        }
        // A plural noun that introduces the list with a verb or "such as" names what its members are kinds of;
        // kept with up to two words that qualify it ("native driver" from "the native drivers are …").
        let hypernym = enumeration.head.flatMap { index -> String? in
          let word = tokens[index].text.lowercased()
          let singular = TermKey.singular(word)
          guard enumeration.trigger != ":", singular != word else { return nil }
          var from = index
          while from > 0, index - from < 2, tokens[from - 1].kind == .word,
            !vocabulary.stopwords.contains(tokens[from - 1].text.lowercased())
          {
            from -= 1
          }
          return TermKey.of(tokens[from...index].map(\.text).joined(separator: " "))
        }
        if !heading {
          siblingGroups.append(SiblingGroup(members: members, head: hypernym, document: document.source))
        }
      }

      // A glossary-style lead-in: the label, once, for discovery.
      if let leadIn, sentence.start <= placed.start + leadIn.start, placed.start + leadIn.end <= sentence.end,
        let from = tokens.firstIndex(where: { $0.start == placed.start + leadIn.start }),
        let to = tokens.firstIndex(where: { $0.end == placed.start + leadIn.end })
      {
        labelTerms[TermKey.of(tokens[from...to].map(\.text).joined(separator: " ")), default: []].append(
          mention(from, to + 1))
      }

      // 3. Acronym definitions.
      for pair in acronyms.pairs(in: sentence.text) {
        sightings.append(
          AcronymSighting(
            short: pair.short, long: pair.long,
            mention: Mention(
              document: document.source, sentence: ordinal, start: sentence.start + pair.longStart,
              end: sentence.start + pair.longEnd, surface: pair.long)))
      }
      for (index, token) in tokens.enumerated()
      where token.kind == .word && AcronymFinder.looksLikeShortForm(token.text) {
        if token.text.unicodeScalars.contains(where: \.isUppercase) {
          shortFormTokens[token.text, default: []].append(mention(index, index + 1))
        }
      }

      // 4. Candidate terms: n-grams inside chunks bounded by stop words and punctuation. What a span's counts
      // need of its tokens is worked out once per token, not for every span that starts or ends at it.
      let opensObject = tokens.map { Self.objectOpeners.contains($0.text.lowercased()) }
      let startsCapitalized = tokens.map { $0.text.unicodeScalars.first?.isUppercase == true }
      var chunkStart = 0
      var index = 0
      func flush(_ end: Int) {
        guard end > chunkStart else { return }
        addCandidates(
          tokens: tokens, keys: keys, opensObject: opensObject, startsCapitalized: startsCapitalized,
          from: chunkStart, to: end, covered: covered, coveredSpans: coveredSpans, firstWord: firstWord,
          heading: heading, mention: mention, isCue: isCue, isLinkCue: isLinkCue)
      }
      while index < tokens.count {
        if breaksChunk(tokens[index]) || Self.isCommandSyntax(tokens, at: index)
          || Self.isContractionPart(tokens, at: index)
        {
          flush(index)
          chunkStart = index + 1
        }
        index += 1
      }
      flush(tokens.count)
    }
  }

  /// Whether a token ends a candidate chunk.
  private func breaksChunk(_ token: Token) -> Bool {
    guard token.isWordLike else { return true }
    let lower = token.text.lowercased()
    if vocabulary.stopwords.contains(lower) { return true }
    if (lower.utf8.contains(UInt8(ascii: ":")) && lower.contains("://")) || lower.hasPrefix("www.")
      || lower.hasPrefix("/") || lower.utf8.contains(UInt8(ascii: "@"))
    {
      return true
    }
    // File names, domains and dotted paths are not terms of the field.
    if token.kind == .word && lower.utf8.contains(UInt8(ascii: "."))
      && !lower.unicodeScalars.contains(where: { ("0"..."9").contains($0) })
    {
      return true
    }
    return false
  }

  /// Whether a word is written as command-line or configuration syntax rather than prose.
  ///
  /// That is an option flag (`-o`, `--subnet`: hyphens attached to it, not to a word before) or the key of an
  /// assignment (`parent=eth0`, `dstPort=30000`). "-o parent" is no term "o parent", and a key is a name of the
  /// software's, not a concept.
  static func isCommandSyntax(_ tokens: [Token], at index: Int) -> Bool {
    let token = tokens[index]
    guard token.kind == .word else { return false }
    if index + 1 < tokens.count, tokens[index + 1].text == "=", tokens[index + 1].start == token.end { return true }
    func isDash(_ index: Int) -> Bool { Self.dashes.contains(tokens[index].text) }
    var hyphen = index - 1
    guard hyphen >= 0, isDash(hyphen), tokens[hyphen].end == token.start else { return false }
    if hyphen > 0, isDash(hyphen - 1), tokens[hyphen - 1].end == tokens[hyphen].start { hyphen -= 1 }
    // After a space, an opening bracket or a quote, not straight after a word ("x-y" is one token anyway).
    return hyphen == 0 || tokens[hyphen - 1].end < tokens[hyphen].start || !tokens[hyphen - 1].isWordLike
  }

  /// Whether a word is either side of a contraction's apostrophe ("doesn't", "we're", "they'll").
  ///
  /// Such a word is an auxiliary, a pronoun or the clipped ending, never part of a term. The tokenizer splits
  /// the apostrophe off, which would leave "argument doesn" as a phrase.
  static func isContractionPart(_ tokens: [Token], at index: Int) -> Bool {
    func isApostrophe(_ position: Int) -> Bool { tokens[position].text == "'" || tokens[position].text == "\u{2019}" }
    func touching(_ left: Int) -> Bool { tokens[left].end == tokens[left + 1].start }
    func isEnding(_ position: Int) -> Bool {
      tokens[position].kind == .word && contractionEndings.contains(tokens[position].text.lowercased())
    }
    guard tokens[index].kind == .word else { return false }
    if index + 2 < tokens.count, isApostrophe(index + 1), touching(index), touching(index + 1), isEnding(index + 2) {
      return true
    }
    return index >= 2 && isApostrophe(index - 1) && touching(index - 2) && touching(index - 1)
      && tokens[index - 2].kind == .word && isEnding(index)
  }

  /// What follows the apostrophe of an English contraction.
  private static let contractionEndings: Set<String> = ["t", "re", "ve", "ll", "d", "m"]

  /// What an option flag's hyphens may be set as: rendered pages use an en dash or a minus sign too.
  private static let dashes: Set<String> = ["-", "\u{2013}", "\u{2212}", "\u{2011}"]

  private mutating func addCandidates(
    tokens: [Token], keys: TokenKeys, opensObject: [Bool], startsCapitalized: [Bool], from: Int, to: Int,
    covered: [Int?], coveredSpans: [(Int, Int)], firstWord: Int, heading: Bool,
    mention: (Int, Int) -> Mention, isCue: (Int, Int) -> Bool, isLinkCue: (Int, Int) -> Bool
  ) {
    // Only a span that opens the run can follow a byline; asked once, not for every length.
    let runFollowsByline = Self.followsByline(tokens, at: from)
    for start in from..<to {
      guard tokens[start].kind == .word else { continue }
      for length in 1...min(options.maximumWords, to - start) {
        let end = start + length
        let last = tokens[end - 1]
        if last.kind == .number && (length == 1 || last.text.count > 2) { continue }
        // Skip spans inside a lexicon match, or cutting through one.
        var cuts = false
        var insideOrEqual = false
        for (matchStart, matchEnd) in coveredSpans {
          if start >= matchStart && end <= matchEnd { insideOrEqual = true }
          let overlaps = start < matchEnd && matchStart < end
          let contains = start <= matchStart && matchEnd <= end
          if overlaps && !contains && !(start >= matchStart && end <= matchEnd) { cuts = true }
        }
        if insideOrEqual || cuts { continue }
        let key = keys.key(start, end)
        guard !key.isEmpty else { continue }
        // A word right after a colon starts a clause of its own ("Sandbox: Essentially the …").
        let running = !heading && start != firstWord && (start == 0 || tokens[start - 1].text != ":")
        let capitalized = length == 1 && running ? startsCapitalized[start] : nil
        let mention = mention(start, end)
        let cue = isCue(start, end)
        let linkCue = isLinkCue(start, end)
        let beforeObject = end < tokens.count && opensObject[end]
        let byline = start == from && runFollowsByline
        // One lookup for every count the span adds to its term.
        modifyCandidate(key, wordCount: length) { bucket in
          bucket.add(mention, running: running, cue: cue, heading: heading, linkCue: linkCue)
          if beforeObject { bucket.beforeObject += 1 }
          if start == from { bucket.chunkInitial += 1 }
          if byline { bucket.afterByline += 1 }
          switch capitalized {
          case true?: bucket.capitalizedMidSentence += 1
          case false?: bucket.lowercaseMidSentence += 1
          case nil: break
          }
        }
      }
    }
  }

  /// Applies `change` to the candidate bucket of `key`, made first if the key is new, in place.
  ///
  /// In place: a copy taken out of the dictionary and put back would copy the bucket's mention list at every
  /// occurrence of a frequent term.
  private mutating func modifyCandidate(_ key: String, wordCount: Int, _ change: (inout TermBucket) -> Void) {
    change(&candidates[key, default: TermBucket(key: key, wordCount: wordCount)])
  }

  /// Whether the word at `index` comes right after a byline: "by" after a word that credits a person ("Contributed
  /// by", "Patch by", "Written by", "Photo by").
  static func followsByline(_ tokens: [Token], at index: Int) -> Bool {
    guard index >= 2, tokens[index - 1].text.lowercased() == "by" else { return false }
    return bylineWords.contains(tokens[index - 2].text.lowercased())
  }

  /// Words that credit a person when "by" follows them.
  static let bylineWords: Set<String> = [
    "contributed", "patch", "patches", "written", "posted", "authored", "photo", "photograph", "image", "reported",
    "suggested", "translated", "edited", "illustrated", "maintained", "reviewed",
  ]

  /// Words that open a verb's object and seldom follow a noun directly: articles, demonstratives,
  /// possessives, "much", "how". ("that" and "each" are left out: "drivers that …", "containers each get …".)
  static let objectOpeners: Set<String> = [
    "a", "an", "the", "this", "these", "those", "its", "their", "his", "her", "our", "your", "my", "much", "every",
    "how", "whether",
  ]

  /// The label of a glossary-style line ("**Network**: A group of endpoints.").
  ///
  /// A list item, paragraph or definition term that opens with a bold or emphasised span of one to three words, followed by a colon (inside the span or right after it) and a
  /// description that starts with an article ("**Network**: A group of endpoints."). Offsets are the
  /// label's within the block, colon excluded.
  static func leadInLabel(_ block: TextBlock, _ scalars: [Unicode.Scalar]) -> Span? {
    guard [.listItem, .paragraph, .definitionTerm].contains(block.kind),
      let mark = block.marks.first(where: { $0.start == 0 && ($0.kind == .strong || $0.kind == .emphasis) }),
      mark.end <= scalars.count
    else { return nil }
    var end = mark.end
    while end > 0, scalars[end - 1] == " " { end -= 1 }
    var colon = end < scalars.count && scalars[end] == ":"
    if end > 0, scalars[end - 1] == ":" {
      colon = true
      end -= 1
    }
    guard colon, end > 0 else { return nil }
    let label = String(String.UnicodeScalarView(scalars[0..<end]))
    guard label.split(separator: " ").count <= 3, !Self.admonitions.contains(label.lowercased()) else { return nil }
    var rest = String(String.UnicodeScalarView(scalars[min(scalars.count, mark.end)...]))
    if rest.hasPrefix(":") { rest.removeFirst() }
    let firstWord = rest.split(separator: " ").first.map { $0.lowercased() } ?? ""
    guard ["a", "an", "the"].contains(firstWord) else { return nil }
    return Span(start: 0, end: end)
  }

  /// Lead-ins that introduce advice, not a term ("**Note:** the bridge plugin …").
  static let admonitions: Set<String> = [
    "note", "notes", "tip", "tips", "hint", "warning", "caution", "danger", "important", "info", "example",
    "examples", "update", "updated", "edit", "see", "see also", "summary", "aside", "remember", "reminder", "nb",
    "n.b.", "todo", "fixme", "disclaimer", "attention", "heads up", "pro tip", "tl;dr", "tldr", "faq", "question",
    "answer", "q", "a", "step", "result", "output", "input", "usage", "source", "sources", "credit", "credits",
  ]
}

/// A half-open range of document offsets.
struct Span: Hashable {
  var start: Int
  var end: Int
}
