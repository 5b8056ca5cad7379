import CNKBModel
import CNKBTerms
import Foundation

/// A concept being assembled from lexicon matches, acronym definitions and discovered candidates.
struct ConceptDraft {
  var bucket: TermBucket
  var entry: Int?
  var abbreviation: String?
  var label: String
  var extraAliases: Set<String> = []
  var acronymDefined = false
  var discovered = false
  var score = 0.0
  var pinned: Definition?
  /// A discovered common noun alone that heads several terms ("name": network name, host name, …).
  var headsSeveralTerms = false
  /// What the score of a discovered word is multiplied by for being about as frequent as in any manual
  /// ("option", "version"), unless a sentence of its own defines it: 1 for a word of the field.
  var ordinaryWordFactor = 1.0
}

extension CorpusCollector {
  /// Resolves everything collected into concepts, in canonical order.
  ///
  /// The candidate terms are taken out of the collector as they are used up, so that a large corpus's
  /// candidates are not held twice (the collector's copy and this working copy).
  mutating func concepts(titles: [String: String]) -> [Concept] {
    var candidates: [String: TermBucket] = [:]
    swap(&candidates, &self.candidates)
    var drafts: [ConceptDraft] = []
    var draftOfEntry: [Int: Int] = [:]

    // Lexicon concepts that the corpus mentions.
    for (entry, bucket) in lexiconBuckets.sorted(by: { $0.key < $1.key }) {
      draftOfEntry[entry] = drafts.count
      drafts.append(ConceptDraft(bucket: bucket, entry: entry, label: vocabulary.entries[entry].label))
    }

    // Acronyms, resolved across the corpus: each short form takes its most frequent expansion, and between
    // expansions defined as often, the one the corpus writes most ("Greenwich Mean Time (GMT)", written again
    // elsewhere, rather than a one-off "Generic Mapping Tools (GMT)").
    // A plural short form defined beside its singular ("URLs" and "URL") is the same abbreviation; defined
    // alone ("SLAs") it stays as written.
    let definedShorts = Set(sightings.map(\.short))
    var pluralOf: [String: String] = [:]
    var expansions: [String: [String: [AcronymSighting]]] = [:]
    for sighting in sightings {
      var short = sighting.short
      if let singular = Self.abbreviationOfPlural(short), definedShorts.contains(singular) {
        pluralOf[singular] = short
        short = singular
      }
      expansions[short, default: [:]][TermKey.of(sighting.long), default: []].append(sighting)
    }
    for short in expansions.keys.sorted() {
      guard
        let options = expansions[short]?.filter({ !isIdentifierStretch(short: short, longKey: $0.key, candidates) }),
        let (longKey, seen) = options.max(by: { lhs, rhs in
          (lhs.value.count, candidates[lhs.key]?.mentionCount ?? 0, rhs.key)
            < (rhs.value.count, candidates[rhs.key]?.mentionCount ?? 0, lhs.key)
        })
      else { continue }
      // Named as the singular short form is spelt out, when the plural's sightings joined it.
      let singular = seen.filter { $0.short == short }
      let label = Self.preferredLongForm(
        (singular.isEmpty ? seen : singular).map(\.long), written: candidates[longKey]?.surfaces ?? [:])
      var entry = lexiconExact[short] ?? lexiconKey(short) ?? lexiconKey(label)
      // The same letters may stand for something else here ("VM", visibility map, in a database's manual):
      // the corpus's expansion names the entry's concept only if it shares a word with one of its names.
      if let found = entry, lexiconKey(label) != found, !Self.expansion(label, fits: vocabulary.entries[found], short) {
        // Its uses of the short form are this expansion's, not the entry's.
        if let index = draftOfEntry[found] {
          let written = Set(
            drafts[index].bucket.surfaces.keys.filter { $0 == short || Self.abbreviationOfPlural($0) == short })
          drafts[index].bucket.removeMentions(writtenAs: written)
        }
        entry = nil
      }
      var extra = candidates.removeValue(forKey: longKey) ?? TermBucket(key: longKey, wordCount: 1)
      if let shortBucket = candidates.removeValue(forKey: TermKey.of(short)) { extra.absorb(shortBucket) }
      for sighting in seen { extra.add(sighting.mention, running: true, cue: false, heading: false) }
      let tokens = (shortFormTokens[short] ?? []) + (pluralOf[short].flatMap { shortFormTokens[$0] } ?? [])
      var held = Set(extra.mentions)
      for mention in tokens where held.insert(mention).inserted {
        extra.countSurface(mention.surface)
        extra.appendMentions([mention])
      }
      if let entry {
        let index =
          draftOfEntry[entry]
          ?? {
            draftOfEntry[entry] = drafts.count
            drafts.append(
              ConceptDraft(
                bucket: TermBucket(key: "lexicon:\(entry)", wordCount: 1), entry: entry,
                label: vocabulary.entries[entry].label))
            return drafts.count - 1
          }()
        drafts[index].bucket.absorb(extra)
        drafts[index].abbreviation = short
        drafts[index].acronymDefined = true
        if TermKey.of(drafts[index].label) != longKey {
          // The corpus spells the expansion its own way: that becomes the label, the lexicon's stays an alias.
          drafts[index].extraAliases.insert(drafts[index].label)
          drafts[index].label = label
        }
      } else {
        drafts.append(
          ConceptDraft(
            bucket: extra, entry: nil, abbreviation: short, label: label, acronymDefined: true, discovered: true))
      }
    }

    // The acronyms are settled: their sightings and the short forms' mentions are not read again.
    sightings = []
    shortFormTokens = [:]

    // People are named by given name and surname; later, the surname alone.
    // Names are judged on every core; the counts are sums, so the order they are added in does not matter.
    let keys = candidates.keys.sorted()
    var lastNames: [String: Int] = [:]
    var givenNames: [String: Int] = [:]
    do {
      let collector = self
      let judged = candidates
      let people = mapOnEveryCore(keys) { key -> (words: [String], mentions: Int)? in
        guard let bucket = judged[key], bucket.wordCount >= 2, collector.isPersonName(bucket) else { return nil }
        return (bucket.key.split(separator: " ").map(String.init), bucket.uniqueMentionCount)
      }
      for case let (words, mentions)? in people {
        if let last = words.last { lastNames[last, default: 0] += mentions }
        if let first = words.first, !PersonNames.given.contains(first) { givenNames[first, default: 0] += mentions }
      }
    }
    surnames = lastNames
    bylineGivenNames = givenNames

    // Discovered terms. When a curated lexicon is in use, what it names outranks what statistics suggest.
    let nested = nestedFrequencies(candidates)
    let discoveryWeight = vocabulary.entries.isEmpty ? 1.0 : 0.5
    var accepted = Set<String>()
    /// Makes a discovered candidate a concept draft; `score` is before the lexicon's weighting.
    func admit(_ key: String, _ bucket: TermBucket, label: String, score: Double) {
      var draft = ConceptDraft(bucket: bucket, entry: nil, label: label, discovered: true)
      draft.score = score * discoveryWeight
      drafts.append(draft)
      accepted.insert(key)
    }
    // Each pass over the candidates judges them on every core (a judgement reads one bucket and what was settled
    // before the pass), then admits them one by one in key order. The copies the cores read are scoped to the
    // passes, so that the candidates nothing admits can be let go after them.
    do {
      let collector = self
      let judged = candidates
      let evidence = mapOnEveryCore(keys) { key in
        judged[key].flatMap { collector.discoveryScore($0, nestedMean: nested[key]) }
      }
      for (key, evidence) in zip(keys, evidence) {
        guard let evidence, evidence.score >= options.minimumDiscoveredScore, let bucket = candidates[key] else {
          continue
        }
        admit(key, bucket, label: Self.preferredLabel(bucket), score: evidence.rank)
      }
      // Rare terms that look like the corpus's established ones: a phrase whose head noun heads at least two
      // accepted terms ("remote driver" beside "network driver" and "native driver"), and names written with a
      // capital mid-sentence and never in lower case. They rank low: one mention is weak evidence.
      // In a large corpus every common noun heads a few terms and a phrase written once is mostly prose, so the
      // head's word counts only for phrases written as often as the corpus's size asks.
      let heads = Self.headCounts(of: accepted)
      let shortForms = Set(expansions.keys).union(vocabulary.entries.flatMap(\.abbreviations))
      let vouchedMinimum = Self.mentionsToVouch(textLength: textLength, scale: options.vouchingTextScale)
      let unaccepted = keys.filter { !accepted.contains($0) }
      let vouched = mapOnEveryCore(unaccepted) { key in
        guard let bucket = judged[key] else { return false }
        return
          (bucket.uniqueMentionCount >= vouchedMinimum && collector.rareTermLooksEstablished(bucket, heads: heads))
          || collector.isShortFormCompound(bucket, shortForms: shortForms)
      }
      for (key, vouched) in zip(unaccepted, vouched) where vouched {
        guard let bucket = candidates[key] else { continue }
        admit(
          key, bucket, label: Self.labelInProse(bucket, candidates: candidates),
          score: Self.vouchedScore(mentions: bucket.uniqueMentionCount))
      }
      // A phrase the corpus defines where it opens a sentence ("The network controller is responsible for …").
      let stillOut = keys.filter { !accepted.contains($0) }
      let defined = mapOnEveryCore(stillOut) { key in judged[key].map(collector.isDefinedPhrase) ?? false }
      for (key, defined) in zip(stillOut, defined) where defined {
        guard let bucket = candidates[key] else { continue }
        admit(
          key, bucket, label: Self.labelInProse(bucket, candidates: candidates),
          score: Self.vouchedScore(mentions: bucket.uniqueMentionCount))
      }
    }
    // Members of a list whose other members are mostly terms ("options and labels", both bold, where
    // "labels" is established), and the labels of glossary-style lines ("**Network**: A group of …").
    for (key, listedIn) in siblingsOfTerms(accepted: accepted) where !accepted.contains(key) {
      guard var bucket = candidates[key], passesBasicShape(bucket) else { continue }
      if let listedIn, bucket.wordCount == 1, Self.preferredLabel(bucket).first?.isLowercase == true {
        // An ordinary word listed as a kind of something ("bridge") names it only where it is listed, and
        // only if it is no verb by the corpus's use and has no adjective's ending ("optional", "exclusive").
        guard !looksLikeVerb(key), !WordRoles.adjectiveEndings.contains(where: key.hasSuffix) else { continue }
        bucket.keepMentions(in: listedIn)
      }
      admit(
        key, bucket, label: Self.preferredLabel(bucket), score: Self.vouchedScore(mentions: bucket.uniqueMentionCount)
      )
    }
    for key in labelTerms.keys.sorted() where !accepted.contains(key) {
      guard var bucket = candidates[key], passesBasicShape(bucket), let labels = labelTerms[key] else { continue }
      // An ordinary word used as a label names the term only in the documents that define it.
      bucket.keepMentions(in: Set(labels.map(\.document)))
      admit(
        key, bucket, label: Self.preferredLabel(bucket), score: 1 + log2(Double(1 + bucket.uniqueMentionCount)))
    }

    // Every candidate that is a concept now is in a draft: the others, and their mentions (most of the corpus's),
    // are let go before the concepts are made.
    // Freeing them is millions of small frees: another core does it while the drafts are refined.
    releaseOnAnotherCore(&candidates, leaving: [:])
    releaseOnAnotherCore(&labelTerms, leaving: [:])

    // A common noun alone that heads several terms ("name": network name, interface name, host name) takes
    // its meaning from them; unless a sentence of its own defines it, it ranks lower (see `makeConcept`).
    let allHeads = Self.headCounts(
      of: accepted.union(vocabulary.entries.map { TermKey.of($0.label) }))
    for index in drafts.indices where drafts[index].discovered && drafts[index].bucket.wordCount == 1 {
      let key = drafts[index].bucket.key
      drafts[index].headsSeveralTerms =
        !key.contains(" ") && drafts[index].label.first?.isLowercase == true && (allHeads[key] ?? 0) >= 3
    }

    // A lexicon entry named only by an abbreviation that this corpus spells out as something else is not
    // mentioned at all.
    drafts.removeAll { $0.entry != nil && $0.bucket.mentionCount == 0 }
    // Scores for lexicon and acronym concepts; lexicon concepts discovery would also find are "both". Each
    // draft's score reads only its own bucket, so they are worked out on every core.
    do {
      let collector = self
      let minimum = options.minimumDiscoveredScore
      let settled = mapOnEveryCore(drafts) { draft -> (discovered: Bool, score: Double)? in
        guard draft.entry != nil || draft.acronymDefined else { return nil }
        let bucket = draft.bucket
        let mentions = Double(bucket.uniqueMentionCount)
        let spread = 1 + 0.5 * log2(Double(max(1, bucket.documentCount)))
        guard draft.entry != nil else { return (draft.discovered, (1 + log2(1 + mentions)) * 1.5 * spread + 2) }
        let discovered =
          draft.acronymDefined
          || collector.discoveryScore(bucket, nestedMean: nil).map { $0.score >= minimum } == true
        return (discovered, (1 + log2(1 + mentions)) * 1.5 * spread + (draft.acronymDefined ? 2 : 0))
      }
      for (index, settled) in zip(drafts.indices, settled) {
        guard let settled else { continue }
        drafts[index].discovered = settled.discovered
        drafts[index].score = settled.score
      }
    }

    drafts = refineDiscovered(drafts, titles: titles)
    drafts = applyOverrides(drafts)
    return makeConcepts(drafts)
      .reduce(into: [ConceptID: Concept]()) { merged, concept in
        // Two drafts that slug alike are one concept: keep the stronger, absorb the other's surfaces and
        // mentions (every document the concept lists holds one of its mentions, as a reloaded graph's do).
        if var existing = merged[concept.id] {
          let (keep, other) = existing.score >= concept.score ? (existing, concept) : (concept, existing)
          existing = keep
          existing.aliases = Array(Set(keep.aliases + other.aliases + [other.label]).subtracting([keep.label]))
            .sorted(by: Self.aliasOrder)
          existing.mentions = Self.unionOfMentions(keep.mentions, other.mentions)
          existing.mentionCount = existing.mentions.count
          existing.documents = Array(Set(keep.documents + other.documents)).sorted()
          merged[concept.id] = existing
        } else {
          merged[concept.id] = concept
        }
      }
      .values.sorted { $0.id < $1.id }
  }

  /// Whether an expansion is a longer identifier named beside a common word rather than what the word stands for.
  ///
  /// That is one word that merely continues its short form ("optionxform (option)", "xmlagg (xml)") while the
  /// corpus writes the short form at least ten times as often. Contractions the corpus also spells out stay
  /// ("string (str)", "length (len)").
  func isIdentifierStretch(short: String, longKey: String, _ candidates: [String: TermBucket]) -> Bool {
    let shortKey = TermKey.of(short)
    guard !shortKey.isEmpty, !longKey.contains(" "), longKey.count > shortKey.count, longKey.hasPrefix(shortKey)
    else { return false }
    let shortUses = (candidates[shortKey]?.mentionCount ?? 0) + (shortFormTokens[short]?.count ?? 0)
    let longUses = candidates[longKey]?.mentionCount ?? 0
    return longUses * 10 < shortUses
  }

  /// The mentions of `first` and `second`, one per span, sorted by document and offsets.
  static func unionOfMentions(_ first: [Mention], _ second: [Mention]) -> [Mention] {
    struct Span: Hashable {
      var document: String
      var start: Int
      var end: Int
    }
    var seen = Set<Span>()
    return (first + second).filter { seen.insert(Span(document: $0.document, start: $0.start, end: $0.end)).inserted }
      .sorted { ($0.document, $0.start, $0.end) < ($1.document, $1.start, $1.end) }
  }

  /// Every draft's concept, in draft order, made on all cores: each is independent of the others (finding its
  /// best definition only reads the corpus's sentences), and hub terms with thousands of mentions make this
  /// the costliest step of resolving a large corpus.
  private func makeConcepts(_ drafts: [ConceptDraft]) -> [Concept] {
    // Many small runs, so that the few drafts with huge mention lists do not leave one core idle.
    mapOnEveryCore(drafts, perCore: 32) { makeConcept($0) }
  }

  /// Whether an expansion the corpus gives for `short` can name `entry`'s concept: some word of it (three
  /// letters or more) is a word of the entry's label or of an alias, or the entry is named by the short form
  /// itself ("IPvlan", spelt out by the corpus as "internet protocol VLAN").
  static func expansion(_ long: String, fits entry: Vocabulary.Entry, _ short: String) -> Bool {
    let names = [entry.label] + entry.aliases
    let shortKey = TermKey.of(short)
    if names.contains(where: { TermKey.of($0) == shortKey }) { return true }
    func words(_ text: String) -> Set<Substring> {
      Set(TermKey.of(text).split(separator: " ").filter { $0.count >= 3 })
    }
    let mine = words(long)
    return names.contains { !words($0).isDisjoint(with: mine) }
  }

  private func lexiconKey(_ surface: String) -> Int? {
    let key = TermKey.of(surface)
    guard !key.isEmpty else { return nil }
    return lexiconKeys[key]
  }

  // MARK: - Discovery scoring

  /// How many mentions a rare phrase needs before its head noun or its capitals can vouch for it, given the
  /// characters of sentence text in the corpus: one below `scale` (by default a million characters, a blog or
  /// a small docs site), then one more for each fourfold growth of the text (two from 1 M, three from 4 M,
  /// four from 16 M).
  static func mentionsToVouch(textLength: Int, scale: Int) -> Int {
    var minimum = 1
    var threshold = max(1, scale)
    while textLength >= threshold && threshold <= Int.max / 4 {
      minimum += 1
      threshold *= 4
    }
    return minimum
  }

  /// Characters of sentence text in the corpus (offsets into the documents' text, summed).
  var textLength: Int {
    sentenceIndex.values.reduce(0) { total, sentences in
      sentences.reduce(total) { $0 + max(0, $1.end - $1.start) }
    }
  }

  /// The score of a term admitted on the text's word rather than its statistics (written once beside terms of
  /// its head noun, defined where it opens a sentence, listed among terms): half a point a mention for the
  /// first two, then on a logarithmic scale like every other score, so that an ordinary word that a list once
  /// vouched for ("function", listed beside terms) does not rank by its thousands of mentions.
  static func vouchedScore(mentions: Int) -> Double {
    0.5 * (1 + log2(Double(max(1, mentions))))
  }

  /// What the statistics say for a candidate: its C-value, and what its markup cues and its spread over
  /// documents multiply it by.
  struct DiscoveryEvidence {
    var cvalue: Double
    var factor: Double
    /// The score a candidate must reach to be a term (`minimumDiscoveredScore`), linear in its frequency.
    var score: Double { cvalue * factor }
    /// The score the concept ranks by: its frequency on the logarithmic scale lexicon and acronym concepts
    /// rank by, so that an ordinary word written often ("options", "data") does not outrank the terms a
    /// lexicon names, and a term's rank does not grow with the corpus as its count does.
    var rank: Double { (1 + log2(1 + cvalue)) * factor }
  }

  /// For each candidate key, the mean frequency of the longer candidates that contain it (C-value nesting).
  func nestedFrequencies(_ candidates: [String: TermBucket]) -> [String: Double] {
    var sums: [String: (Double, Int)] = [:]
    for (_, bucket) in candidates where bucket.wordCount >= 2 && bucket.mentionCount >= 2 {
      let words = bucket.key.split(separator: " ").map(String.init)
      guard words.count >= 2 else { continue }
      var subs = Set<String>()
      for length in 1..<words.count {
        for start in 0...(words.count - length) {
          subs.insert(TermKey.of(words[start..<(start + length)].joined(separator: " ")))
        }
      }
      for sub in subs {
        let (sum, count) = sums[sub] ?? (0, 0)
        sums[sub] = (sum + Double(bucket.mentionCount), count + 1)
      }
    }
    return sums.mapValues { $0.0 / Double($0.1) }
  }

  /// What the statistics say for a discovered candidate (see `DiscoveryEvidence`), or nil when it does not look
  /// like a term.
  func discoveryScore(_ bucket: TermBucket, nestedMean: Double?) -> DiscoveryEvidence? {
    let key = bucket.key
    let words = Self.words(of: key)
    guard let firstWord = words.first, let lastWord = words.last else { return nil }
    if stopKeys.contains(key) { return nil }
    // One written token joins its parts ("IP-per-container", "point-to-point"): only its ends must not be stop
    // words.
    let checked = bucket.wordCount == 1 ? [firstWord, lastWord] : words
    if checked.contains(where: { vocabulary.stopwords.contains($0) || Self.calendarWords.contains($0) }) { return nil }
    if isBoilerplate(bucket) || isPersonName(bucket) || isExampleValue(bucket) { return nil }
    let frequency = Double(bucket.uniqueMentionCount)
    let surface = Self.preferredLabel(bucket)

    if bucket.wordCount == 1 && words.count == 1 {
      let letters = surface.unicodeScalars.filter { $0.properties.isAlphabetic }
      guard letters.count >= 2 else { return nil }
      let scalars = Array(surface.unicodeScalars)
      let innerCapital =
        scalars.dropFirst().contains { $0.properties.isUppercase }
        && scalars.contains { $0.properties.isLowercase }
      let allCapitals = letters.allSatisfy { $0.properties.isUppercase }
      let technical = scalars.contains { ("0"..."9").contains($0) } || surface.contains("-") || surface.contains("_")
      let proper =
        scalars[0].properties.isUppercase && bucket.capitalizedMidSentence >= 2
        && bucket.capitalizedMidSentence >= 4 * bucket.lowercaseMidSentence
        && !Self.commonCapitalized.contains(key)
      // A lower-case word stands for a term only when the markup keeps singling it out, and it is no verb form.
      let verbForm = Self.hasVerbFormEnding(key)
      let cues = bucket.cues
      let marked =
        !verbForm && cues >= 1 && (cues >= 2 || frequency >= 3)
        && Double(cues) >= 0.1 * frequency
      let accepted =
        ((allCapitals || innerCapital) && frequency >= 2) || (technical && frequency >= 3) || proper || marked
      guard accepted, !stopKeys.contains(firstWord) else { return nil }
      // An abstract noun on its own ("program", "technology") is no term unless the markup insists.
      if Self.genericHeads.contains(key) && bucket.cues - bucket.linkCues < 2 { return nil }
    } else {
      if stopKeys.contains(firstWord) || stopKeys.contains(lastWord) { return nil }
      guard frequency >= Double(options.minimumFrequency) || bucket.cues >= 1 else { return nil }
      if words.contains(where: { $0.count > 4 && $0.hasSuffix("ly") }) { return nil }
      // A phrase that starts with a lower-case participle is a clause ("running containers", "respondents
      // ranked containers"), not a name; except a past participle used as an adjective: the phrase mostly
      // opens its run of words and the corpus never takes the word for a verb ("of distributed systems").
      if let written = Self.preferredLabel(bucket).split(separator: " ").first,
        let initial = written.unicodeScalars.first, initial.properties.isLowercase,
        written.hasSuffix("ing") || written.hasSuffix("ed")
      {
        let attributive =
          written.hasSuffix("ed") && 2 * bucket.chunkInitial > bucket.mentionCount
          && !looksLikeVerb(firstWord)
        if !attributive { return nil }
      }
      if words.count > 3 && bucket.cues == 0 { return nil }
      if isClauseOrAboutPhrase(bucket) { return nil }
      // "deploy containers", "multiple networks": a phrase led by a word the corpus uses as a verb.
      if looksLikeVerb(firstWord) { return nil }
      // "IP addresses assigned", "bytes written": a trailing participle makes a clause.
      if lastWord.count > 4 && lastWord.hasSuffix("ed") && !lastWord.hasSuffix("eed") { return nil }
      // So does a subject and its verb: a word the corpus uses as a verb agreeing with the noun before it,
      // "drivers register", "request arrives" (a compound's head agrees with nothing: "IP address").
      if bucket.wordCount >= 2, words.count >= 2, endsLikeAClause(words[words.count - 2], lastWord) { return nil }
      if words.count >= 2, endsWithVerbInS(bucket) { return nil }
      if words.allSatisfy({ $0.count <= 2 }) { return nil }
    }
    let length = log2(Double(bucket.wordCount) + 1)
    let cvalue = length * (nestedMean.map { frequency - $0 } ?? frequency)
    guard cvalue > 0 else { return nil }
    let spread = 1 + 0.5 * log2(Double(max(1, bucket.documentCount)))
    return DiscoveryEvidence(cvalue: cvalue, factor: (1 + 0.25 * Double(min(bucket.cues, 4))) * spread)
  }

  /// Whether a phrase reads as part of a clause around a plural-looking word: led, in lower case, by a verb in
  /// -s whose subject comes right before it ("Kubernetes deploys containers", "the plugin delegates IP address
  /// management"), or ending, in lower case, with a plural noun and a participle in -ing ("strings
  /// containing", "Docker daemons running").
  ///
  /// A phrase led by a plural noun ("bytes object", "settings file") opens its run of words after an article,
  /// and the corpus writes that noun after one; a verb's phrase never opens its run, its subject being there.
  ///
  /// `words` are the words of the bucket's key; the written form is read only when they have one of the shapes.
  func isClauseAroundPlural(_ bucket: TermBucket, words: [String]) -> Bool {
    guard words.count >= 2, let keyFirst = words.first, let keyLast = words.last else { return false }
    let verbLed =
      Self.endsInS(keyFirst) && bucket.chunkInitial == 0 && (wordRoles[keyFirst]?.afterNounCue ?? 0) == 0
    let pluralAndParticiple = keyLast.count > 5 && keyLast.hasSuffix("ing") && Self.endsInS(words[words.count - 2])
    guard verbLed || pluralAndParticiple else { return false }
    let written = Self.preferredLabel(bucket).split(separator: " ")
    guard written.count == words.count else { return false }
    if verbLed, written[0].first?.isLowercase == true { return true }
    return pluralAndParticiple && written.suffix(2).allSatisfy { $0.first?.isLowercase == true }
  }

  /// Numbers written as words, past the "one" and "two" the stop words hold.
  static let numberWords: Set<String> = [
    "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen", "hundred",
    "thousand", "million", "billion",
  ]

  /// Whether two words read as a subject and its verb in the present tense: a plural noun and a bare verb
  /// ("drivers register"), or a singular noun and a verb in -s ("request arrives"), the verb being a word the
  /// corpus uses as one.
  func endsLikeAClause(_ noun: String, _ verb: String) -> Bool {
    if Self.endsInS(noun) { return !verb.hasSuffix("s") && looksLikeVerb(verb) }
    guard Self.endsInS(verb) else { return false }
    let base =
      verb.hasSuffix("es") && looksLikeVerb(String(verb.dropLast(2)))
      ? String(verb.dropLast(2)) : String(verb.dropLast())
    return looksLikeVerb(verb) || looksLikeVerb(base)
  }

  /// Whether a word ends in the "s" of a plural noun or of a verb's third person ("drivers", "arrives"), not
  /// in "ss", "us" or "is" ("class", "status", "analysis").
  static func endsInS<Word: StringProtocol>(_ word: Word) -> Bool {
    word.count > 3 && word.hasSuffix("s") && !["ss", "us", "is"].contains(where: word.hasSuffix)
  }

  /// Whether a phrase, as written, ends with a singular noun and a verb in -s.
  ///
  /// "error occurs", "predicate returns": the key drops a final "s", which hides the verb's ending, so the
  /// written form is read; and a compound's plural ("IP addresses") is told apart by the corpus's use of that
  /// very form: a verb in -s follows "it", "he" or "she" more often than an article or a possessive.
  func endsWithVerbInS(_ bucket: TermBucket) -> Bool {
    let written = Self.preferredLabel(bucket).lowercased().split(separator: " ")
    guard written.count >= 2, let verb = written.last, Self.endsInS(verb) else { return false }
    // A participle before it makes a noun phrase ("quoted blocks", "printed copies").
    let before = written[written.count - 2]
    guard !Self.endsInS(before), !(before.count > 4 && before.hasSuffix("ed")),
      let roles = wordRoles[String(verb)]
    else { return false }
    return roles.afterVerbCue > roles.afterNounCue
  }

  /// Drops discovered terms that only ever occur inside a longer concept ("Network Model" inside
  /// "Container Network Model"), and weighs the rest by a domain-specificity signal: the share of their
  /// sentences that also mention a well-established concept (a lexicon entry, a defined acronym, or a
  /// frequent discovered term).
  ///
  /// Names from outside the field (a city, a vendor of something else) rarely
  /// share sentences with the field's vocabulary.
  func refineDiscovered(_ input: [ConceptDraft], titles: [String: String]) -> [ConceptDraft] {
    var spansByDocument: [String: [NestingIndex.Span]] = [:]
    for (index, draft) in input.enumerated() {
      for mention in draft.bucket.mentions {
        spansByDocument[mention.document, default: []].append(
          NestingIndex.Span(start: mention.start, end: mention.end, owner: index))
      }
    }
    // Each document's spans are let go as soon as its index is built, so the two are not held whole at once.
    var nesting: [String: NestingIndex] = [:]
    nesting.reserveCapacity(spansByDocument.count)
    for source in Array(spansByDocument.keys) {
      if let spans = spansByDocument.removeValue(forKey: source) { nesting[source] = NestingIndex(spans) }
    }
    let titleKeys = titles.mapValues(TermKey.of)
    let established = Set(
      input.indices.filter { index in
        input[index].entry != nil || input[index].acronymDefined
          || (input[index].discovered && input[index].bucket.uniqueMentionCount >= 4)
      })
    struct SentenceKey: Hashable {
      var document: String
      var sentence: Int
    }
    // Whether a sentence names an established concept other than a given one needs at most two of the concepts
    // it names: one, or any two different ones (then one of them is another).
    struct TwoConcepts {
      var first: Int
      var second: Int?
      func hasOther(than index: Int) -> Bool { first != index || second != nil }
    }
    var sentenceConcepts: [SentenceKey: TwoConcepts] = [:]
    for (index, draft) in input.enumerated() where established.contains(index) {
      for mention in draft.bucket.mentions {
        let key = SentenceKey(document: mention.document, sentence: mention.sentence)
        if let known = sentenceConcepts[key] {
          if known.second == nil && known.first != index { sentenceConcepts[key]?.second = index }
        } else {
          sentenceConcepts[key] = TwoConcepts(first: index)
        }
      }
    }
    // Multiword terms the corpus writes in lower case ("service mesh"), to recognise title-cased work names.
    let lowercaseTerms = Set(
      input.filter { draft in
        draft.bucket.wordCount >= 2
          && draft.bucket.writtenForms.contains { $0.running > 0 && $0.surface.first?.isLowercase == true }
      }.map(\.bucket.key))
    let characters = textLength
    // Each draft is refined from the indexes above and itself alone, so the drafts are refined on every core.
    let collector = self
    let nestingIndexes = nesting
    let conceptsOfSentences = sentenceConcepts
    return mapOnEveryCore(Array(input.indices)) { index -> ConceptDraft? in
      let draft = input[index]
      guard draft.entry == nil, !draft.acronymDefined else { return draft }
      let mentions = draft.bucket.uniqueMentions
      let nested = mentions.filter { mention in
        nestingIndexes[mention.document]?.hasLongerSpan(around: mention.start, mention.end, notOwnedBy: index) == true
      }
      if !mentions.isEmpty && Double(nested.count) >= 0.8 * Double(mentions.count) { return nil }
      let shared = mentions.filter { mention in
        conceptsOfSentences[SentenceKey(document: mention.document, sentence: mention.sentence)]?.hasOther(
          than: index) == true
      }
      var refined = draft
      let specificity = mentions.isEmpty ? 0 : Double(shared.count) / Double(mentions.count)
      refined.score = draft.score * (0.4 + 0.6 * specificity)
      let strongCues = draft.bucket.cues - draft.bucket.linkCues
      if let head = draft.bucket.key.split(separator: " ").last, Self.genericHeads.contains(String(head)),
        strongCues < 2
      {
        refined.score *= 0.35
      }
      if collector.isWorkTitle(draft.bucket, titleKeys: titleKeys, lowercaseTerms: lowercaseTerms) {
        refined.score *= 0.3
      }
      // A word any manual uses about as often ("option", "version") is this corpus's ordinary vocabulary. Words
      // in capitals are left alone: "CHECK" and "DROP" name things where "check" and "drop" do not.
      if collector.options.ranksOrdinaryWordsLower, draft.bucket.wordCount == 1, !draft.bucket.key.contains(" "),
        draft.label.contains(where: \.isLowercase),
        let ratio = BackgroundWords.bundled.relativeFrequency(
          of: draft.bucket.surfaceForms, mentions: mentions.count, corpusCharacters: characters)
      {
        refined.ordinaryWordFactor = BackgroundWords.ordinaryWordFactor(relativeFrequency: ratio)
      }
      return refined
    }.compactMap { $0 }
  }

  /// Term keys of list members whose list is at least half made of terms (lexicon matches or accepted keys),
  /// or whose list's head noun heads an accepted term; for a member only the second kind of list vouches for,
  /// the documents of those lists.
  func siblingsOfTerms(accepted: Set<String>) -> [(key: String, listedIn: Set<String>?)] {
    var vouchedEverywhere = Set<String>()
    var listedIn: [String: Set<String>] = [:]
    let termHeads = Self.headCounts(of: accepted)
    for group in siblingGroups {
      let known = group.members.filter { $0.entry != nil || accepted.contains($0.key) }
      // "The native drivers are none, bridge, overlay and MACvlan", where "driver" heads "network driver":
      // the members are kinds of a thing the corpus has terms for.
      let headWord = group.head.flatMap { $0.split(separator: " ").last.map(String.init) }
      let kinds =
        headWord.map { termHeads[$0] != nil || accepted.contains($0) } == true
        || group.head.map(accepted.contains) == true
      let mostlyTerms = !known.isEmpty && 2 * known.count >= group.members.count
      guard (kinds && group.members.count >= 2) || mostlyTerms else { continue }
      // The phrase that introduces the kinds is a term of its own there ("native driver").
      if kinds, let phrase = group.head, phrase != headWord, !accepted.contains(phrase) {
        listedIn[phrase, default: []].insert(group.document)
      }
      for member in group.members where member.entry == nil && !accepted.contains(member.key) {
        if mostlyTerms {
          vouchedEverywhere.insert(member.key)
        } else {
          listedIn[member.key, default: []].insert(group.document)
        }
      }
    }
    return vouchedEverywhere.union(listedIn.keys).sorted().map { key in
      (key, vouchedEverywhere.contains(key) ? nil : listedIn[key])
    }
  }

  /// How many multiword keys among `keys` each last word heads ("driver": 2 for "network driver" and
  /// "overlay driver").
  static func headCounts(of keys: Set<String>) -> [String: Int] {
    var heads: [String: Int] = [:]
    for key in keys where key.contains(" ") {
      if let head = key.split(separator: " ").last { heads[String(head), default: 0] += 1 }
    }
    return heads
  }

  /// The least a candidate must be to stand as a term: no stop word or stop-listed word, not a date, not a
  /// verb form, at least three letters, not page furniture.
  func passesBasicShape(_ bucket: TermBucket) -> Bool {
    let words = Self.words(of: bucket.key)
    guard let first = words.first, let last = words.last else { return false }
    if stopKeys.contains(bucket.key) || stopKeys.contains(first)
      || stopKeys.contains(last)
    {
      return false
    }
    if words.contains(where: { vocabulary.stopwords.contains($0) || Self.calendarWords.contains($0) }) { return false }
    if words.count == 1 && Self.hasVerbFormEnding(last) { return false }
    if bucket.key.unicodeScalars.filter({ $0.properties.isAlphabetic }).count < 3 { return false }
    return !isBoilerplate(bucket) && !isPersonName(bucket) && !isExampleValue(bucket)
  }

  /// Whether a candidate is a person's name, written so more often than not: one to three capitalised words,
  /// the first a given name ("George Miranda", "Kelsey") or a name bylines credit ("Patch by Serhiy
  /// Storchaka"), or alone, the last word of such a name ("Miranda") or the first of one a byline credited
  /// ("Serhiy"), when it is not used far more often than the full names (a tool called Jenkins beside one
  /// Kevin Jenkins).
  func isPersonName(_ bucket: TermBucket) -> Bool {
    guard bucket.wordCount <= 3, let first = Self.words(of: bucket.key).first else { return false }
    let mentions = bucket.uniqueMentionCount
    if bucket.wordCount == 1, let fullNames = surnames[bucket.key], mentions <= 2 * fullNames {
      // The last name of people named in full, not written far more often than their names.
    } else if bucket.wordCount == 1, let fullNames = bylineGivenNames[bucket.key], mentions <= 2 * fullNames {
      // The first name of a person a byline credited, likewise.
    } else if !PersonNames.given.contains(first) {
      // A name of two or three words that the list does not know is a person's when bylines credit it at
      // least half the times it is written ("Contributed by Victor Stinner", "Patch by Serhiy Storchaka").
      guard bucket.wordCount >= 2, bucket.afterByline > 0, 2 * bucket.afterByline >= mentions else { return false }
    }
    // Written as a name more often than not ("Tom", now and then "tom" in an address or a code sample).
    var asName = 0
    var otherwise = 0
    for form in bucket.writtenForms where form.count > 0 {
      let (surface, count) = (form.surface, form.count)
      let capitalised = Self.words(of: surface).allSatisfy { word in
        word.first?.isUppercase == true && word.dropFirst().contains { $0.isLowercase }
      }
      if capitalised { asName += count } else { otherwise += count }
    }
    return asName > otherwise
  }

  /// Whether a two-word candidate is an abbreviation of the field followed by a noun ("CNI agent").
  ///
  /// The abbreviation must be written as it is defined, the noun in lower case.
  func isShortFormCompound(_ bucket: TermBucket, shortForms: Set<String>) -> Bool {
    guard bucket.wordCount == 2, passesBasicShape(bucket) else { return false }
    let written = Self.preferredLabel(bucket).split(separator: " ").map(String.init)
    guard written.count == 2, shortForms.contains(written[0]), let noun = written.last,
      !Self.clauseVerbs.contains(noun), !Self.aboutNouns.contains(TermKey.of(noun)),
      noun.count >= 3, noun.first?.isLowercase == true,
      !Self.hasVerbFormEnding(noun)
    else { return false }
    return !Self.genericHeads.contains(TermKey.of(noun))
  }

  /// Abstract nouns that seldom head a term of art on their own.
  ///
  /// "container technology", "deployment model", "open source program": discovered phrases headed by one rank lower unless the markup or an
  /// acronym vouches for them. Language data, not a list of this corpus's terms.
  static let genericHeads: Set<String> = [
    "approach", "architecture", "area", "aspect", "benefit", "capability", "case", "challenge", "concept",
    "concern", "consideration", "effort", "ecosystem", "environment", "example", "experience", "feature",
    "field", "future", "goal", "idea", "industry", "issue", "landscape", "level", "management", "market",
    "matter", "method", "model", "need", "option", "part", "path", "perspective", "piece", "problem", "process",
    "program", "provider", "purpose", "question", "reason", "result", "role", "scenario", "situation",
    "solution", "space", "stage", "step", "strategy", "support", "technology", "thing", "tool", "topic", "trend",
    "type", "use", "value", "vendor", "way", "world",
  ]

  /// Whether a phrase is a clause (a noun and a verb: "CNI supports", "container shares", or a phrase mostly
  /// followed by an article), a name with a word about it ("CNM specification", "Mesos networking") or a count
  /// of things ("four modes"), none of which is a concept of its own.
  func isClauseOrAboutPhrase(_ bucket: TermBucket) -> Bool {
    let words = bucket.key.split(separator: " ").map(String.init)
    guard words.count >= 2, let last = words.last else { return false }
    if words.contains(where: Self.clauseVerbs.contains) { return true }
    // The key has lost a last verb's "s" ("endpoint joins" → "endpoint join"): the written form tells.
    if Self.clauseVerbs.contains(last + "s") || Self.clauseVerbs.contains(last + "es"),
      let written = Self.preferredLabel(bucket).split(separator: " ").last,
      Self.clauseVerbs.contains(written.lowercased())
    {
      return true
    }
    // Mostly followed by an object ("orchestrator addresses a layer", "driver decides how"): its last word
    // is a verb.
    if 2 * bucket.beforeObject > bucket.mentionCount { return true }
    // "bytes written", "messages sent": a trailing participle that does not end in -ed. (One written token
    // is no clause: "event-driven", "UF_HIDDEN".)
    if bucket.wordCount >= 2 {
      // Past participles not in -ed end a clause as "assigned" does ("bytes written", "messages sent").
      if EnglishWords.irregularParticiples.contains(last) { return true }
      if isClauseAroundPlural(bucket, words: words) { return true }
      // "four modes", "three arguments": a count of things, not a name; a compound keeps its number
      // ("three-way handshake", "five-tuple"), and so does a name ("Billion Laughs").
      if Self.numberWords.contains(words[0]), Self.preferredLabel(bucket).split(separator: " ").first == words[0][...] {
        return true
      }
    }
    // The rest reads the written form, which only these shapes need (this runs for every candidate).
    let nameVerbObject = words.count == 3 && bucket.cues == 0 && Self.endsInS(words[1])
    if nameVerbObject, let written = Optional(Self.preferredLabel(bucket).split(separator: " ")),
      written.count == 3, written[0].first?.isUppercase == true, written[0].dropFirst().contains(where: \.isLowercase),
      written[1].first?.isLowercase == true, written[2].first?.isLowercase == true
    {
      // "Calico routes traffic", "Docker creates chains": a name, a verb in -s and its object, never marked
      // as a term.
      return true
    }
    let medialPastTense = words.count >= 3 && bucket.cues == 0
    let aboutName = words.count == 2 && Self.aboutNouns.contains(last)
    guard medialPastTense || aboutName else { return false }
    let written = Self.preferredLabel(bucket).split(separator: " ")
    // A past tense between two words, unmarked: "respondents ranked containers".
    if medialPastTense, written.count == words.count,
      written.dropFirst().dropLast().contains(where: { word in
        word.count > 4 && word.hasSuffix("ed") && word.first?.isLowercase == true
      })
    {
      return true
    }
    // "CNM specification": a capitalised name and a word about it.
    return aboutName && written.first?.first?.isUppercase == true
  }

  /// Verbs in the third person that end a noun phrase's run of words ("container shares", "CNI supports").
  static let clauseVerbs: Set<String> = [
    "supports", "provides", "uses", "implements", "requires", "allows", "enables", "offers", "includes",
    "contains", "creates", "runs", "needs", "makes", "gives", "lets", "means", "defines", "describes", "handles",
    "manages", "shares", "gets", "becomes", "remains", "seems", "helps", "takes", "brings", "adds", "ensures",
    "relies", "depends", "works", "sits", "lives", "owns", "joins", "arrives", "connects", "attaches", "assigns",
    "reports",
    "leverages", "exposes", "allocates", "emulates", "eliminates", "involves", "lacks", "carries", "splits", "sends",
    "receives", "wraps",
  ]

  /// Words that, after a name, talk about the named thing rather than name something new: "CNM
  /// specification", "CNI support", "Mesos networking", "Docker community".
  static let aboutNouns: Set<String> = [
    "specification", "spec", "support", "construct", "networking", "project", "implementation", "community",
    "team", "documentation", "release", "version", "ecosystem", "user", "adoption", "approach", "integration",
    "primitive", "flow",
  ]

  /// Whether a capitalised phrase is the name of a work (a book, a talk) rather than a term: several words,
  /// never written in lower case, part of the title of a document it occurs in, and built around a term the
  /// corpus writes in lower case ("Service Mesh Architectures" from "The Enterprise Path to Service Mesh
  /// Architectures", beside "service mesh").
  func isWorkTitle(_ bucket: TermBucket, titleKeys: [String: String], lowercaseTerms: Set<String>) -> Bool {
    guard bucket.wordCount >= 2 else { return false }
    let titleCased = bucket.surfaceForms.allSatisfy { surface in
      surface.split(separator: " ").filter { $0.count > 3 }.allSatisfy { $0.first?.isUppercase == true }
    }
    guard titleCased else { return false }
    let key = " \(bucket.key) "
    let inATitle = bucket.documents.contains { source in
      guard let titleKey = titleKeys[source] else { return false }
      return titleKey != bucket.key && " \(titleKey) ".contains(key)
    }
    guard inATitle else { return false }
    // Built around a lower-case term: some shorter run of its words (singular or plural) is one.
    let words = bucket.key.split(separator: " ").map(String.init)
    for length in 1..<words.count {
      for start in 0...(words.count - length) {
        let run = words[start..<(start + length)].joined(separator: " ")
        if lowercaseTerms.contains(run) || lowercaseTerms.contains(TermKey.of(run)) { return true }
      }
    }
    return false
  }

  /// Whether a candidate too rare for the main test still looks like a term of this corpus.
  func rareTermLooksEstablished(_ bucket: TermBucket, heads: [String: Int]) -> Bool {
    let words = bucket.key.split(separator: " ").map(String.init)
    guard let first = words.first, let last = words.last else { return false }
    if stopKeys.contains(bucket.key) || stopKeys.contains(last)
      || stopKeys.contains(first)
    {
      return false
    }
    if words.contains(where: { vocabulary.stopwords.contains($0) || Self.calendarWords.contains($0) }) { return false }
    if isBoilerplate(bucket) || isPersonName(bucket) || isExampleValue(bucket) { return false }
    let label = Self.preferredLabel(bucket)
    if isClauseOrAboutPhrase(bucket) { return false }
    if words.count >= 2 && words.count <= 3 {
      // "deploy containers", "containers share": a clause the corpus happened to write once.
      if looksLikeVerb(first) || looksLikeVerb(last) { return false }
      guard (heads[last] ?? 0) >= 2, first.count > 2, !Self.hasVerbFormEnding(first) else { return false }
      // "Calico routes traffic using VXLAN": a modifier is singular in a compound ("route table"). A first word
      // written in lower case that is the plural, or the verb in -s, of a noun heading the corpus's terms
      // ("default route") is a verb after the sentence's subject or a plural before another clause. ("iptables
      // rules" and "Kubernetes cluster" keep their words.)
      if Self.endsInS(first), (heads[String(first.dropLast())] ?? 0) >= 1,
        label.split(separator: " ").first?.allSatisfy({ $0.isLowercase }) == true
      {
        return false
      }
      // "normal node to node connectivity": everywhere the first half of an "X to X" modifier.
      if bucket.mentions.allSatisfy({ opensAToPair($0) }) { return false }
      // Written in prose at least once, mid-sentence or opening one ("Remote drivers may …"), not only in headings.
      let total = bucket.writtenForms.reduce(0) { $0 + $1.count }
      return total > bucket.headings
    }
    if words.count == 1 {
      let scalars = Array(label.unicodeScalars)
      guard scalars.count >= 4, scalars[0].properties.isUppercase else { return false }
      return bucket.capitalizedMidSentence >= 1 && bucket.lowercaseMidSentence == 0
        && !Self.commonCapitalized.contains(bucket.key)
    }
    return false
  }

  /// Whether the words after a mention repeat its last word after "to": "node" in "normal node to node
  /// connectivity", "host" in "single host to host link".
  func opensAToPair(_ mention: Mention) -> Bool {
    guard let sentences = sentenceIndex[mention.document], mention.sentence < sentences.count,
      let last = mention.surface.split(separator: " ").last?.lowercased(),
      let after = Self.aroundMention(mention, in: sentences[mention.sentence])?.after.lowercased()
    else { return false }
    let following = after.split(separator: " ", maxSplits: 2).prefix(2).map(String.init)
    return EnglishWords.opensToPair(last, following: following)
  }

  /// Whether a phrase of two or three words is the subject of a sentence that defines it: it opens the
  /// sentence (after "the", "a" or "an" at most) and a copula or an appositive follows.
  ///
  /// Only the shape of a definition that starts with the term counts; a phrase led by a verb, ending in a
  /// generic noun ("the main problem is …") or shaped like a clause does not.
  func isDefinedPhrase(_ bucket: TermBucket) -> Bool {
    guard (2...3).contains(bucket.wordCount), bucket.headings == 0 else { return false }
    let words = Self.words(of: bucket.key)
    guard let first = words.first, let last = words.last, !looksLikeVerb(first), !looksLikeVerb(last),
      !Self.genericHeads.contains(last), !Self.hasVerbFormEnding(first), passesBasicShape(bucket),
      !isClauseOrAboutPhrase(bucket)
    else { return false }
    for mention in bucket.mentions {
      guard let sentences = sentenceIndex[mention.document], mention.sentence < sentences.count else { continue }
      let sentence = sentences[mention.sentence]
      // Cheap test first: the sentence opens with the phrase, perhaps after an article.
      guard mention.start - sentence.start <= 4 else { continue }
      if let (score, kind) = definitionShape(mention, in: sentence, all: sentences), score >= 4,
        ["copula", "appositive"].contains(kind)
      {
        return true
      }
    }
    return false
  }

  /// The words of `text` between spaces: `text.split(separator: " ")`, cut from the bytes when the text is
  /// ASCII (a key or a written form nearly always is), without reading it character by character.
  static func words(of text: String) -> [String] {
    var text = text
    let ascii = text.withUTF8 { bytes -> [String]? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      var words: [String] = []
      var start: Int?
      for index in 0...bytes.count {
        if index < bytes.count && bytes[index] != 0x20 {
          if start == nil { start = index }
        } else if let from = start {
          words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<index]), as: UTF8.self))
          start = nil
        }
      }
      return words
    }
    return ascii ?? text.split(separator: " ").map(String.init)
  }

  /// Whether a word ends like a participle or an adverb ("running", "deployed", "quickly").
  static func hasVerbFormEnding(_ word: some StringProtocol) -> Bool {
    word.hasSuffix("ing") || word.hasSuffix("ed") || word.hasSuffix("ly")
  }

  /// Month and weekday names and abbreviations: dates are not terms.
  static let calendarWords: Set<String> = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  /// Whether a candidate lives in page furniture: mentioned in several documents, almost only in their last
  /// two blocks (the "originally published by …" lines blogs append).
  func isBoilerplate(_ bucket: TermBucket) -> Bool {
    guard bucket.isMentioned(inAtLeast: 3) else { return false }
    var inFooter = 0
    bucket.forEachDocumentRun { document, run in
      guard let sentences = sentenceIndex[document], let blocks = blockCounts[document] else { return }
      for sentence in run where sentence < sentences.count && sentences[sentence].block >= blocks - 2 {
        inFooter += 1
      }
    }
    return Double(inFooter) >= 0.8 * Double(bucket.mentionCount)
  }

  /// Whether a candidate names one thing of an example rather than a kind of thing: a numbered name ("net-1",
  /// "host-2"), a VLAN sub-interface ("eth0.60", "parent eth0.50"), or a phrase written mostly in small letters
  /// that ends in a value of two or more digits ("vlan id 50", "port 8080").
  ///
  /// Every written form must end so, and the label be in small letters: "Layer 2", "802.1Q", "IPv6",
  /// "docker0", "UTF-8" and "RFC 1918" are none of these.
  func isExampleValue(_ bucket: TermBucket) -> Bool {
    let forms = bucket.surfaceForms
    guard !forms.isEmpty, forms.allSatisfy(Self.endsInAnExampleValue) else { return false }
    return !Self.preferredLabel(bucket).unicodeScalars.contains { $0.properties.isUppercase }
  }

  /// Whether the last word of `surface` is a numbered name, a sub-interface, or (after other words) a number
  /// of two or more digits.
  static func endsInAnExampleValue(_ surface: String) -> Bool {
    let tokens = words(of: surface)
    guard let last = tokens.last else { return false }
    let bytes = Array(last.utf8)
    func isLower(_ byte: UInt8) -> Bool { (97...122).contains(byte) }
    func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }
    // "net-1": three or more small letters, a hyphen, one to three digits.
    if let hyphen = bytes.firstIndex(of: UInt8(ascii: "-")), hyphen >= 3, bytes[..<hyphen].allSatisfy(isLower),
      (2...4).contains(bytes.count - hyphen), bytes[(hyphen + 1)...].allSatisfy(isDigit)
    {
      return true
    }
    // "eth0.60": small letters, digits, a dot, digits.
    if let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot + 1 < bytes.count,
      let firstDigit = bytes.firstIndex(where: isDigit), firstDigit > 0, firstDigit < dot,
      bytes[..<firstDigit].allSatisfy(isLower), bytes[firstDigit..<dot].allSatisfy(isDigit),
      bytes[(dot + 1)...].allSatisfy(isDigit)
    {
      return true
    }
    // "vlan id 50": words, then a number of two or more digits.
    return tokens.count >= 2 && bytes.count >= 2 && bytes.allSatisfy(isDigit)
  }

  /// Capitalised words that start many sentences or name things outside the field.
  static let commonCapitalized: Set<String> = [
    "i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "english", "internet", "web", "ok",
  ]

  // MARK: - Labels

  /// The label for a discovered term: its most frequent form in running text, else anywhere.
  static func preferredLabel(_ bucket: TermBucket) -> String {
    let running = bucket.hasRunningSurfaces
    let pool = bucket.writtenForms.lazy.map { (surface: $0.surface, count: running ? $0.running : $0.count) }
      .filter { $0.count > 0 }
    return pool.max { ($0.count, $1.surface) < ($1.count, $0.surface) }?.surface ?? bucket.key
  }

  /// The label for a term written only where a capital is due (opening a sentence or a heading): its first
  /// word in lower case when the corpus writes that word so mid-sentence more often than not ("Remote drivers
  /// may …" → "remote drivers"), else its preferred label.
  static func labelInProse(_ bucket: TermBucket, candidates: [String: TermBucket]) -> String {
    let label = Self.preferredLabel(bucket)
    guard !bucket.hasRunningSurfaces, let first = label.split(separator: " ").first,
      first.first?.isUppercase == true, first.dropFirst().allSatisfy({ !$0.isUppercase }),
      let word = candidates[TermKey.of(String(first))],
      word.lowercaseMidSentence > word.capitalizedMidSentence
    else { return label }
    return label.prefix(1).lowercased() + label.dropFirst()
  }

  /// The label for an acronym's expansion: a capitalised spelling when the corpus has one (it is a name),
  /// else the most frequent spelling.
  ///
  /// Forms given as often are told apart by how often the corpus writes each anywhere (`written`: form →
  /// count), so a one-off spelling ("Unique IDentifier") yields to the usual one ("Unique Identifier"); a
  /// plural yields to its singular when that is given too, or written at least as often.
  static func preferredLongForm(_ forms: [String], written: [String: Int] = [:]) -> String {
    var counts: [String: Int] = [:]
    for form in forms { counts[form, default: 0] += 1 }
    let capitalised = counts.filter { form in
      form.key.split(separator: " ").filter { $0.count > 3 }.allSatisfy { $0.first?.isUppercase == true }
    }
    // A plural beside its singular ("Uniform Resource Locators", "Uniform Resource Locator") is not the name.
    let pool = (capitalised.isEmpty ? counts : capitalised).filter { form in
      !(form.key.hasSuffix("s") && counts[String(form.key.dropLast())] != nil)
    }
    let chosen =
      pool.max { lhs, rhs in
        (lhs.value, written[lhs.key] ?? 0, rhs.key) < (rhs.value, written[rhs.key] ?? 0, lhs.key)
      }?.key ?? forms.first ?? ""
    // Spelt out in the plural ("Integers (int)") where the corpus writes the singular at least as often: the
    // singular names it. A name that is a plural ("Comma-Separated Values") is seldom written otherwise.
    let singular = String(chosen.dropLast())
    if endsInS(chosen), let count = written[singular], count >= written[chosen] ?? 0 { return singular }
    return chosen
  }

  static func aliasOrder(_ lhs: String, _ rhs: String) -> Bool {
    (lhs.lowercased(), lhs) < (rhs.lowercased(), rhs)
  }
}

/// The mention spans of one document, indexed to tell in logarithmic time whether a span lies inside a longer
/// mention of another concept (for C-value style nesting: "network" inside "overlay network").
struct NestingIndex {
  /// A mention's span and the draft it belongs to.
  struct Span {
    var start: Int
    var end: Int
    var owner: Int
  }

  /// The spans, by start.
  private let spans: [Span]
  /// For each prefix `spans[0...i]`: the furthest end, its owner, and the furthest end of any other owner.
  private let reach: [(end: Int, owner: Int, otherEnd: Int)]

  init(_ unsorted: [Span]) {
    spans = unsorted.sorted { ($0.start, $0.end, $0.owner) < ($1.start, $1.end, $1.owner) }
    var reach: [(end: Int, owner: Int, otherEnd: Int)] = []
    reach.reserveCapacity(spans.count)
    var best = (end: Int.min, owner: -1, otherEnd: Int.min)
    for span in spans {
      if span.owner == best.owner {
        best.end = max(best.end, span.end)
      } else if span.end > best.end {
        // The old furthest belongs to another owner than the new one, and no span of a third reaches further.
        best = (span.end, span.owner, best.end)
      } else {
        best.otherEnd = max(best.otherEnd, span.end)
      }
      reach.append(best)
    }
    self.reach = reach
  }

  /// Whether some span not owned by `owner` contains `start..<end` and is longer.
  func hasLongerSpan(around start: Int, _ end: Int, notOwnedBy owner: Int) -> Bool {
    // Spans that start earlier contain it when they end at or after its end.
    let earlier = firstIndex(startingAtOrAfter: start)
    if earlier > 0 {
      let prefix = reach[earlier - 1]
      if (prefix.owner != owner && prefix.end >= end) || prefix.otherEnd >= end { return true }
    }
    // Spans that start at the same place contain it when they end later.
    var index = earlier
    while index < spans.count && spans[index].start == start {
      if spans[index].end > end && spans[index].owner != owner { return true }
      index += 1
    }
    return false
  }

  /// The index of the first span starting at or after `start` (binary search).
  private func firstIndex(startingAtOrAfter start: Int) -> Int {
    var low = 0
    var high = spans.count
    while low < high {
      let middle = (low + high) / 2
      if spans[middle].start < start { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
