import CNKBModel
import CNKBTerms
import Foundation

extension CorpusCollector {
  /// Applies the curation overrides a docs team keeps in `glossary/overrides.jsonl`.
  func applyOverrides(_ input: [ConceptDraft]) -> [ConceptDraft] {
    var drafts = input
    func find(_ surface: String) -> Int? {
      let key = TermKey.of(surface)
      return drafts.firstIndex { draft in
        TermKey.of(draft.label) == key || draft.bucket.key == key
          || draft.bucket.surfaceForms.contains { TermKey.of($0) == key }
          || draft.abbreviation.map { TermKey.of($0) == key } == true
      }
    }
    for override in vocabulary.overrides {
      switch override {
      case .reject(let surface):
        while let index = find(surface) { drafts.remove(at: index) }
      case .merge(let variants, let label):
        guard let target = find(label) else { continue }
        for variant in variants where TermKey.of(variant) != TermKey.of(label) {
          guard let index = find(variant), index != target else { continue }
          let other = drafts[index]
          drafts[target].bucket.absorb(other.bucket)
          drafts[target].extraAliases.insert(other.label)
          drafts[target].score = max(drafts[target].score, other.score)
          if drafts[target].abbreviation == nil { drafts[target].abbreviation = other.abbreviation }
          drafts.remove(at: index)
        }
      case .rename(let surface, let label):
        guard let index = find(surface) else { continue }
        drafts[index].extraAliases.insert(drafts[index].label)
        drafts[index].label = label
      case .pin(let surface, let text, let document):
        guard let index = find(surface) else { continue }
        drafts[index].pinned = Definition(text: text, document: document, kind: "pinned")
      }
    }
    return drafts
  }

  /// Builds the final concept from a draft.
  func makeConcept(_ draft: ConceptDraft) -> Concept {
    let entry = draft.entry.map { vocabulary.entries[$0] }
    let mentions = draft.bucket.uniqueMentions
    var aliases = Set(draft.bucket.surfaceForms).union(draft.extraAliases)
    if let entry {
      aliases.formUnion(entry.aliases)
      aliases.formUnion(entry.abbreviations)
      aliases.insert(entry.label)
    }
    aliases.remove(draft.label)
    if let abbreviation = draft.abbreviation ?? entry?.abbreviations.first {
      aliases.remove(abbreviation)
    }
    let origin: ConceptOrigin = entry == nil ? .discovered : (draft.discovered ? .both : .lexicon)
    let definition = draft.pinned ?? bestDefinition(draft, mentions: mentions)
    // A term the corpus takes the trouble to define belongs in its glossary more than one it only mentions.
    var score = draft.score + Self.definitionBonus[definition?.kind ?? "", default: 0]
    // "name (string): the name of the network" lists a field; "A network is a group of endpoints" defines, and
    // "Calico supports two encapsulations" says what the term does.
    let definesItself = ["copula", "does", "appositive", "known-as", "pinned"].contains(definition?.kind ?? "")
    if draft.headsSeveralTerms && !definesItself { score *= 0.5 }
    // An ordinary word defined on one page of many that use it ("Options are key-value pairs", in one design
    // document of the eighteen that write "option") is a term there; its other uses are ordinary words.
    if draft.ordinaryWordFactor < 1 {
      let there = definition.map { defined in mentions.lazy.filter { $0.document == defined.document }.count } ?? 0
      if !definesItself || 4 * there < mentions.count { score *= draft.ordinaryWordFactor }
    }
    return Concept(
      id: ConceptID(slugOf: draft.label),
      label: draft.label,
      abbreviation: draft.abbreviation ?? entry?.abbreviations.first,
      aliases: aliases.filter { !$0.isEmpty }.sorted(by: Self.aliasOrder),
      category: entry?.category ?? Self.guessCategory(draft),
      origin: origin,
      score: (score * 10_000).rounded() / 10_000,
      mentionCount: mentions.count,
      documents: draft.bucket.documents,
      definition: definition,
      description: entry?.description,
      mentions: mentions)
  }

  /// What the kind of a concept's best definition adds to its score.
  static let definitionBonus: [String: Double] = [
    "pinned": 2, "copula": 2, "does": 2, "label": 2, "appositive": 1.5, "known-as": 1.5, "expansion": 1,
    "subject": 0.5,
  ]

  /// A category for a discovered concept, from the shape of its name.
  static func guessCategory(_ draft: ConceptDraft) -> String {
    let words = draft.label.lowercased().split(separator: " ").map(String.init)
    let last = words.last ?? ""
    if ["foundation", "initiative", "inc", "inc.", "corporation", "company", "consortium"].contains(last) {
      return "organization"
    }
    if ["protocol", "transport"].contains(last) { return "protocol" }
    if ["interface", "model", "specification", "spec", "standard", "format"].contains(last) && draft.abbreviation != nil
    {
      return "spec"
    }
    if words.count == 1, let first = draft.label.unicodeScalars.first, first.properties.isUppercase,
      draft.abbreviation == nil
    {
      return "project_or_product"
    }
    return "concept"
  }

  // MARK: - Definitions

  /// The corpus sentence that best defines the concept, by the shape of the sentence around a mention.
  ///
  /// `mentions` are sorted by document, then offset, as `TermBucket.uniqueMentions` gives them.
  func bestDefinition(_ draft: ConceptDraft, mentions: [Mention]) -> Definition? {
    var best: (score: Int, tiebreak: (Int, String, Int), definition: Definition)?
    var perDocument: [String: Int] = [:]
    for mention in mentions { perDocument[mention.document, default: 0] += 1 }
    // Mentions are judged in tie-break order (the document with most mentions first, then by document and
    // offset, then as listed), so the first sentence of the best shape found is the one kept, and nothing can
    // beat a sentence of the best shape there is: a hub term's thousands of mentions are then not all read.
    // The mentions come sorted by document and offset (`uniqueMentions`), so that order is each document's run
    // of mentions as it stands, the runs put in order: a sort of the documents, not of every mention.
    var runs: [Range<Int>] = []
    var runStart = 0
    for index in mentions.indices.dropFirst() where mentions[index].document != mentions[index - 1].document {
      runs.append(runStart..<index)
      runStart = index
    }
    if !mentions.isEmpty { runs.append(runStart..<mentions.count) }
    runs.sort { lhs, rhs in
      let l = mentions[lhs.lowerBound].document
      let r = mentions[rhs.lowerBound].document
      return (-(perDocument[l] ?? 0), l) < (-(perDocument[r] ?? 0), r)
    }
    for mention in runs.lazy.flatMap({ mentions[$0] }) {
      if let best, best.score >= Self.bestDefinitionShape { break }
      guard let sentences = sentenceIndex[mention.document], mention.sentence < sentences.count else { continue }
      let sentence = sentences[mention.sentence]
      // Nothing after the best so far can win with a score it already has (the order above breaks ties), and
      // the words before a mention cap what its sentence can score: most mentions of a hub term are then
      // passed over without taking their sentence apart.
      if let best, Self.definitionCeiling(mention, in: sentence) <= best.score { continue }
      guard var (score, kind) = definitionShape(mention, in: sentence, all: sentences) else { continue }
      // "ipam (dictionary, optional): …" describes a configuration field named after the concept.
      if kind == "label", labelsAField(mention, in: sentence, draft: draft) { (score, kind) = (1, "mention") }
      // "a firewalld zone called docker" names the zone after Docker; it does not say what Docker is.
      if kind == "known-as", mention.surface.allSatisfy({ !$0.isUppercase }), draft.label.contains(where: \.isUppercase)
      {
        (score, kind) = (0, "mention")
      }
      // A heading defines only as the label of what follows it ("Options", then "Options are key-value pairs").
      let kinds = sentenceBlockKinds[mention.document]
      if kind != "label", kinds?[mention.sentence] == .heading { continue }
      // A column header ("IPvlan" above "MAC addresses per container") names a column.
      if kind == "label", columnHeaderSentences[mention.document]?.contains(mention.sentence) == true { continue }
      // In a table, a cell labels only the cell beside it: "overlay | swarm", then the next paragraph, is no
      // definition of overlay.
      if kind == "label", kinds?[mention.sentence] == .tableCell,
        mention.sentence + 1 >= sentences.count || kinds?[mention.sentence + 1] != .tableCell
      {
        continue
      }
      // A bare label described by the sentence after it, in another block: a heading there starts something
      // else ("Underlay", the last item of a list, then a section's title), and a list item after a list item is
      // the next name of the list ("class method", then "Member objects and __slots__").
      if kind == "label", sentence.text.count <= mention.surface.count + 3, let kinds,
        mention.sentence + 1 < kinds.count, sentences[mention.sentence + 1].block != sentence.block,
        kinds[mention.sentence + 1] == .heading
          || (kinds[mention.sentence] == .listItem && kinds[mention.sentence + 1] == .listItem)
      {
        continue
      }
      // "<The page's title> was originally published by …": a sentence that opens with the title of its page is
      // about the page, not about a term the title holds.
      if let title = documentTitles[mention.document], title.count > mention.surface.count + 3,
        sentence.text.hasPrefix(title)
      {
        continue
      }
      let text = kind == "label" ? labelledText(mention, sentences, kinds: kinds) ?? sentence.text : sentence.text
      // A heading "IPs", then "The ips field is a list …": the section is about a field of that name.
      if kind == "label", Self.namesAField(text, mention.surface) { (score, kind) = (1, "mention") }
      let tiebreak = (-(perDocument[mention.document] ?? 0), mention.document, mention.start)
      let better = best.map { score > $0.score || (score == $0.score && tiebreak < $0.tiebreak) } ?? true
      if better { best = (score, tiebreak, Definition(text: text, document: mention.document, kind: kind)) }
    }
    return best?.definition
  }

  /// The highest score `definitionShape` gives: a copula opening its sentence ("The overlay driver is a …").
  static let bestDefinitionShape = 6

  /// Words that may open a sentence before its subject ("Though Istio is …"); `definitionShape` treats a term
  /// after one of them, or after a comma, as the subject.
  static let subjectOpeners: Set<String> = [
    "though", "although", "while", "whereas", "because", "since", "if", "when", "and", "but",
  ]

  /// The most `definitionShape` can score `mention` in `sentence`, judged from the words before it alone.
  ///
  /// A term that may open its sentence (nothing before it but an article or a single word) can reach
  /// `bestDefinitionShape`; one after a comma or after a word in `subjectOpeners` is a subject and can reach 5;
  /// anywhere else only an appositive or a "known as" reaches 4. It errs high: text before the mention that is
  /// not all ASCII gives the best shape, since only the full reading lowers and trims it exactly.
  static func definitionCeiling(_ mention: Mention, in sentence: Sentence) -> Int {
    let start = mention.start - sentence.start
    var text = sentence.text
    return text.withUTF8 { bytes -> Int in
      // Mention offsets count Unicode scalars; in ASCII text, up to the mention, they are byte offsets.
      guard start >= 0, start <= bytes.count else { return bestDefinitionShape }
      var upper = start
      var lower = 0
      for index in 0..<start where bytes[index] >= 0x80 { return bestDefinitionShape }
      while upper > 0 && (bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09) { upper -= 1 }
      while lower < upper && (bytes[lower] == 0x20 || bytes[lower] == 0x09) { lower += 1 }
      // One word or none before it: possibly an article, or nothing.
      guard let space = bytes[lower..<upper].lastIndex(of: 0x20) else { return bestDefinitionShape }
      if bytes[upper - 1] == UInt8(ascii: ",") { return 5 }
      let lastWord = String(
        decoding: bytes[(space + 1)..<upper].map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
      return subjectOpeners.contains(lastWord) ? 5 : 4
    }
  }

  /// Whether the text after a label describes it: words, at least three, opening with a letter.
  ///
  /// "remote" in the next cell of a table, or "10, Subnet: 172.16.80.0/24" after "VLAN:", describes nothing.
  static func isDescription(_ text: Substring) -> Bool {
    guard let first = text.first, first.isLetter else { return false }
    return text.split(whereSeparator: \.isWhitespace).count >= 3
  }

  /// Whether `text` first names `surface` (in any case, singular or plural, as a word) past its start.
  ///
  /// Not as its subject ("Leases last an hour", "The overlay driver …") but further on ("When the agent renews
  /// a lease, …"). False when it does not name it at all.
  static func namesPastItsSubject(_ text: String, _ surface: String) -> Bool {
    var stem = surface.lowercased()
    if stem.count > 3 && stem.hasSuffix("s") { stem.removeLast() }
    let lower = text.lowercased()
    var searchStart = lower.startIndex
    while let range = lower.range(of: stem, range: searchStart..<lower.endIndex) {
      if range.lowerBound == lower.startIndex || !lower[lower.index(before: range.lowerBound)].isLetter {
        let opening = lower[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        return !["", "the", "a", "an"].contains(opening)
      }
      searchStart = range.upperBound
    }
    return false
  }

  /// For a label (definition term, bold lead-in), the sentence that follows it.
  ///
  /// Terms that share one description ("VNI", then "Virtual Network Identifier", then what both are) are
  /// passed over to reach it.
  private func labelledText(_ mention: Mention, _ sentences: [Sentence], kinds: [BlockKind]?) -> String? {
    let sentence = sentences[mention.sentence]
    let trimmed = sentence.text
    if trimmed.count > mention.surface.count + 3 { return trimmed }
    let next = Self.describingSentence(after: mention.sentence, kinds: kinds)
    guard next < sentences.count else { return nil }
    return sentences[next].text
  }

  /// The sentence that describes a label: the next one, past the other terms of a definition list that share
  /// the description.
  static func describingSentence(after label: Int, kinds: [BlockKind]?) -> Int {
    var next = label + 1
    guard let kinds, kinds.indices.contains(label), kinds[label] == .definitionTerm else { return next }
    while next < kinds.count, kinds[next] == .definitionTerm, next - label < sharedDescriptionTerms { next += 1 }
    return next
  }

  /// Most terms passed over to reach the description they share.
  static let sharedDescriptionTerms = 5

  /// Scores how a sentence presents a mention: copula, appositive, label, "known as", expansion, subject, or a
  /// plain mention as the last resort.
  ///
  /// Higher is a better definition; nil means the sentence is unusable.
  func definitionShape(_ mention: Mention, in sentence: Sentence, all sentences: [Sentence]) -> (Int, String)? {
    guard sentence.end - sentence.start <= Sentence.longestStatement else { return nil }
    guard let parts = Self.aroundMention(mention, in: sentence) else { return nil }
    let before = parts.before
    var after = parts.after
    // Skip a parenthesised abbreviation or expansion right after the term: "Container Network Model (CNM) is".
    // A call's empty parentheses are part of the name: "asynccontextmanager() (in module contextlib)".
    if after.hasPrefix("() (") { after.removeFirst(3) }
    if after.hasPrefix("("), let close = after.firstIndex(of: ")") {
      let inside = after[after.index(after: after.startIndex)..<close].lowercased()
      after = String(after[after.index(after: close)...]).trimmingCharacters(in: .whitespaces)
      // "AF_INET (in module socket)": an index entry names the term and where it lives, nothing more.
      if after.isEmpty && Self.isIndexLocation(inside) { return nil }
    }
    let lowerAfter = after.lowercased()
    // The last word before the term (the text before it, up to its last space): no need to split it all.
    let beforeEnd = before.lastIndex(where: { $0 != " " }).map { before.index(after: $0) } ?? before.startIndex
    let wordStart = before[..<beforeEnd].lastIndex(of: " ").map(before.index(after:)) ?? before.startIndex
    let lastWordBefore = String(before[wordStart..<beforeEnd])
    let atStart = before.isEmpty || ["the", "a", "an", "each", "every"].contains(before)
    // An introductory phrase or a subordinating word may come first: "Among others, Istio is a …".
    let subjectPosition =
      atStart || before.hasSuffix(",")
      || Self.subjectOpeners.contains(lastWordBefore)
    let wordCount = parts.wordCount
    guard wordCount >= 4 || after.hasPrefix(":") else {
      // A bare label (a definition-list term, a heading-like lead-in) defines through what follows, unless
      // what follows names the term further on ("Leases", then "When the agent renews a lease, …"): that
      // sentence is about something else, and is judged on its own shape where it names the term.
      let describing = Self.describingSentence(
        after: mention.sentence, kinds: sentenceBlockKinds[mention.document])
      if before.isEmpty && after.isEmpty && describing < sentences.count {
        let next = sentences[describing].text
        if Self.isDescription(Substring(next)) && !Self.namesPastItsSubject(next, mention.surface) {
          return (3, "label")
        }
      }
      return nil
    }
    if lowerAfter.hasPrefix("is not") || lowerAfter.hasPrefix("are not") { return (0, "mention") }
    // "Docker's guidelines apply": the term only qualifies the subject.
    if lowerAfter.hasPrefix("'s ") || lowerAfter.hasPrefix("\u{2019}s ") {
      return wordCount >= 8 ? (0, "mention") : nil
    }
    let articleCopulas = ["is a ", "is an ", "is the ", "are a ", "are the ", "is one of ", "are one of "]
    if subjectPosition {
      if articleCopulas.contains(where: lowerAfter.hasPrefix) {
        // "VXLAN is the recommended choice": a judgement, not what the term is.
        if Self.judges(lowerAfter.drop { $0 != " " }.dropFirst()) { return (2, "subject") }
        return (atStart ? Self.bestDefinitionShape : 5, "copula")
      }
      for verb in ["refers to ", "means ", "stands for ", "is defined as ", "are defined as ", "is known as "]
      where lowerAfter.hasPrefix(verb) {
        return (5, "copula")
      }
      if lowerAfter.hasPrefix("is ") || lowerAfter.hasPrefix("are ") {
        // "The native drivers are none, bridge, overlay and MACvlan" lists members; it does not define.
        // "Drivers are essentially an extension of …": an adverb between the copula and its noun changes nothing.
        let rest = Self.droppingAdverbs(lowerAfter.drop { $0 != " " }.dropFirst())
        if ["a ", "an ", "the ", "one of "].contains(where: rest.hasPrefix) {
          return (atStart ? Self.bestDefinitionShape : 5, "copula")
        }
        // "… if Interface is non-nil", "the field is optional": a state, not what the term is.
        if Self.statesACondition(rest) { return (0, "mention") }
        // "Docker is experimenting with BGP", "The container is isolated from the host": what the term is doing
        // or undergoing, not what it is. "is used to …", "are designed for …" still say what it is for.
        if Self.opensProgressiveOrPassive(rest) { return (2, "does") }
        // "Containers are discoverable by …", "The configuration is in JSON format": a property or a place.
        if Self.predicatesAPropertyOrPlace(rest) { return (2, "subject") }
        let clause = rest.prefix { $0 != "." }
        if clause.filter({ $0 == "," }).count >= 2 && !rest.hasPrefix("a ") && !rest.hasPrefix("an ") {
          return (1, "enumeration")
        }
        return (atStart ? 4 : 3, "copula")
      }
      for verb in ["describes ", "provides ", "defines ", "enables ", "allows ", "lets ", "gives "]
      where lowerAfter.hasPrefix(verb) {
        return (3, "does")
      }
      // What the term does, said in a main clause ("Calico supports two encapsulations", "CNI plugins support
      // two commands"): not after "though" or "if", where it is a concession or a condition. A plural subject
      // takes the verb's plain form; after a singular one that form is a noun ("IPv6 Support for BGP").
      if atStart || before.hasSuffix(","),
        Self.doings.contains(where: lowerAfter.hasPrefix)
          || (mention.surface.hasSuffix("s") && Self.pluralDoings.contains(where: lowerAfter.hasPrefix))
      {
        return (3, "does")
      }
    }
    if atStart && (after.hasPrefix(":") || after.hasPrefix("–") || after.hasPrefix("—") || after.hasPrefix("- ")) {
      // "Sample code – leecalcote/alertmanager" labels a link, not a term.
      return Self.isDescription(after.drop { !$0.isLetter && !$0.isNumber }) ? (5, "label") : (0, "mention")
    }
    for lead in [", a ", ", an ", ", the ", ", which ", ", wherein ", ", where ", ", meaning ", "—", "– "]
    where lowerAfter.hasPrefix(lead) {
      // "In libnetwork, the meaning …", "When the proxy creates an endpoint, the remote process …": the comma
      // closes an opening phrase, and what follows is the main clause, not a description of the term.
      if lead.hasPrefix(","), Self.closesOpeningPhrase(before) { break }
      // "… the fact that while operators may change the configuration, the behaviour …": the comma closes a
      // subordinate clause the term is in, and "the …" opens the main clause.
      if lead == ", the ", Self.endsInSubordinateClause(before) { break }
      // "Cloud Native – from containers to functions": a dash before a preposition adds a phrase, not a
      // description of the term.
      if !lead.hasPrefix(","), Self.opensWithConnective(lowerAfter.dropFirst(lead.count)) { break }
      // "candidness, content, and convenience – three qualities that …": a dash after the last item of a list
      // sums up the list, not its last item ("… networks — and IPAM — to manage addresses" has no list).
      if !lead.hasPrefix(","), ["and", "or"].contains(lastWordBefore),
        before.split(separator: " ").dropLast().suffix(2).contains(where: { $0.hasSuffix(",") })
      {
        break
      }
      // "either an individual container, a machine, or some other device": the next item of a list.
      if lead == ", a " || lead == ", an " || lead == ", the ",
        Self.continuesAList(lowerAfter.dropFirst(lead.count))
      {
        break
      }
      // "could be a veth pair, an Open vSwitch internal port or similar", "such as eth0, a sub-interface … or
      // even a bond": the term is one item of a list of examples the phrase after the comma closes.
      if lead == ", a " || lead == ", an ",
        Self.closesAList(lowerAfter.dropFirst(lead.count).prefix { $0 != "," }, afterItem: lastWordBefore)
      {
        break
      }
      // "The default pools use large subnets, which limits …": a verb in -s after a plural term agrees with
      // the whole clause before the comma, not with the term. "…, which would result in failures" tells what the
      // whole clause leads to.
      if lead == ", which " {
        let clause = lowerAfter.dropFirst(lead.count)
        if Self.isPlural(mention.surface) && Self.opensSingularVerb(clause) { break }
        if Self.opensConsequence(clause) { break }
        // "VXLAN, which we recommend": what the writer does with the term, not what it is.
        if let subject = clause.split(separator: " ").first, ["we", "you", "i", "they"].contains(subject) { break }
      }
      return (atStart ? 5 : 4, "appositive")
    }
    for cue in ["known as", "called", "referred to as", "named", "aka", "a.k.a.", "also known as", "i.e.", "meaning"]
    where before.hasSuffix(cue) {
      // "the code that called PyObject_Call()", "it then named the file": a verb in the past, not a name given.
      if cue == "called" || cue == "named",
        let previous = before.dropLast(cue.count).split(separator: " ").last,
        Self.pastTenseSubjects.contains(String(previous))
      {
        break
      }
      return (4, "known-as")
    }
    if parts.opensParenthesis && Self.parenthesisGlosses(parts.after, of: mention.surface) {
      return (2, "expansion")
    }
    // "Cloud-native applications are designed to …": the term heads the subject of a copula.
    if atStart {
      let words = lowerAfter.split(separator: " ").prefix(3).map(String.init)
      if words.count >= 2 && ["is", "are"].contains(words[1]) { return (2, "subject") }
      return (1, "subject")
    }
    return wordCount >= 8 ? (0, "mention") : nil
  }

  /// Whether the parenthesis right after a term glosses it in words: a short form, an expansion or a few
  /// words of description ("Virtual Network Identifier (VNI)", "local scope (single host)"), rather than a
  /// value, a number or a reference ("IP (172.17.0.2 in the example)", "the nat table (5)", "(see below)").
  static func parenthesisGlosses(_ after: String, of surface: String) -> Bool {
    guard after.hasPrefix("("), let close = after.firstIndex(of: ")") else { return false }
    let inside = after[after.index(after: after.startIndex)..<close].trimmingCharacters(in: .whitespaces)
    guard let first = inside.first, first.isLetter else { return false }
    let lower = inside.lowercased()
    // "service IPs (cluster IPs or external IPs)": kinds of the term, each ending in its last word, joined as a
    // list. A list of other words may gloss it ("Kubernetes (system for automating deployment, scaling and
    // management …)").
    if let head = surface.lowercased().split(separator: " ").last {
      let items = lower.replacingOccurrences(of: " and ", with: ",").replacingOccurrences(of: " or ", with: ",")
        .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      if items.count >= 2, items.allSatisfy({ $0.split(separator: " ").count >= 2 && $0.hasSuffix(head) }) {
        return false
      }
    }
    // "CIDR notation (eg "192.168.1.3/24")", "the cluster (Pod IP and so on)": examples of the term, not words
    // for it.
    if ["e.g", "eg ", "eg.", "eg,", "for example", "for instance", "such as", "like ", "including "].contains(
      where: lower.hasPrefix) || lower.hasSuffix("and so on") || lower.hasSuffix("etc") || lower.hasSuffix("etc.")
    {
      return false
    }
    // "(in the following example)", "(in seconds)": where to look, or a unit.
    return !["see ", "see:", "plus ", "as of ", "since ", "in "].contains(where: lower.hasPrefix) && lower != "see"
      && !isIndexLocation(lower)
  }

  /// Whether the words after an appositive's comma run on as a list: a few words, then another noun phrase
  /// after a comma, with or without "or" or "and" ("a machine, or some other device", "an IP address, a
  /// gateway, a routing table"; not "the parent's, and tells …" nor "a tunnelling protocol, is used …").
  static func continuesAList(_ rest: Substring) -> Bool {
    guard let comma = rest.firstIndex(of: ",") else { return false }
    var next = rest[rest.index(after: comma)...].drop { $0 == " " }
    guard rest[..<comma].split(separator: " ").count <= 4 else { return false }
    if let conjunction = ["or ", "and "].first(where: next.hasPrefix) { next = next.dropFirst(conjunction.count) }
    return ["a ", "an ", "the ", "some ", "any ", "other ", "another "].contains(where: next.hasPrefix)
  }

  /// Whether a phrase ends a list the term before it belongs to: it ends in "etc.", "or similar" or "or other …",
  /// or, when the term itself is introduced as an item ("a veth pair", "such as eth0"), joins a last item with
  /// "or a", "and an", "or even".
  static func closesAList(_ phrase: Substring, afterItem wordBefore: String) -> Bool {
    let words = phrase.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }
    if words.contains(where: { $0.hasPrefix("etc") }) { return true }
    let introducesAnItem = ["a", "an", "as", "like", "including", "e.g.", "eg"].contains(wordBefore.lowercased())
    for index in words.indices.dropLast() where words[index] == "or" || words[index] == "and" {
      let next = words[index + 1]
      if next == "similar" || (words[index] == "or" && next == "other") { return true }
      if introducesAnItem && ["a", "an", "some", "any", "other", "another", "even"].contains(next) { return true }
    }
    return false
  }

  /// Words after which "called" or "named" is a verb in the past tense, not a name given ("that called",
  /// "it named"); "also called" and "is called" still name.
  static let pastTenseSubjects: Set<String> = [
    "that", "which", "who", "it", "he", "she", "they", "we", "you", "i", "has", "have", "had", "then", "and", "or",
    "first", "never",
  ]

  /// Words that praise or rank ("the recommended choice", "a good option").
  static let judgingWords: Set<String> = [
    "recommended", "preferred", "best", "better", "good", "great", "simplest", "simple", "easiest", "easy",
    "fastest", "natural", "obvious", "right", "ideal", "popular", "safest", "safe", "sensible", "reasonable",
    "most", "more", "very", "first", "usual", "typical", "common", "default", "only", "wrong", "poor", "bad",
  ]
  /// Nouns that only carry a judgement ("choice", "option", "way").
  static let judgedNouns: Set<String> = [
    "choice", "option", "way", "solution", "approach", "pick", "bet", "fit", "candidate", "answer", "idea",
    "method",
  ]

  /// Whether the words after a copula (lower-cased, from the article on) judge the term rather than name what it
  /// is: an article, words of praise only, then a noun like "choice" ("the recommended choice", "a good fit").
  static func judges(_ rest: Substring) -> Bool {
    var words = rest.split(maxSplits: 5, whereSeparator: { $0 == " " || $0 == "\u{2014}" || $0 == "\u{2013}" })
      .map { $0.trimmingCharacters(in: .punctuationCharacters) }
    guard let article = words.first, ["a", "an", "the"].contains(article) else { return false }
    words.removeFirst()
    var praised = false
    while let word = words.first, judgingWords.contains(word) {
      praised = true
      words.removeFirst()
    }
    guard praised, let noun = words.first else { return false }
    return judgedNouns.contains(noun) || judgedNouns.contains(String(noun.dropLast()))
  }

  /// Adverbs that may stand between a copula and what follows it ("is essentially a …", "are still set up").
  static let copulaAdverbs: Set<String> = [
    "still", "also", "essentially", "basically", "simply", "usually", "typically", "often", "always", "never",
    "generally", "mainly", "mostly", "primarily", "only", "just", "now", "already", "currently", "actually",
    "really", "commonly", "normally", "then", "thus", "therefore", "perhaps", "well", "highly", "tightly", "very",
    "quite", "fairly", "rather", "extremely", "relatively", "largely", "universally", "widely", "fully",
    "completely", "entirely", "closely", "easily",
  ]

  /// The words after a copula without the adverbs that open them.
  static func droppingAdverbs(_ rest: Substring) -> Substring {
    var rest = rest
    while let space = rest.firstIndex(of: " "), copulaAdverbs.contains(String(rest[..<space])) {
      rest = rest[rest.index(after: space)...]
    }
    return rest
  }

  /// Endings of adjectives ("discoverable", "specific", "superior").
  static let adjectiveEndings = ["able", "ible", "ful", "ous", "less", "ive", "ic", "ior", "ary", "ent", "ant", "al"]

  /// Common adjectives without one of `adjectiveEndings` ("easy to troubleshoot", "aware of").
  static let plainAdjectives: Set<String> = [
    "easy", "hard", "aware", "unaware", "free", "safe", "unsafe", "fast", "slow",
  ]

  /// Prepositions after which a copula places its subject ("is in JSON format", "are on the same host").
  static let placePrepositions: Set<String> = [
    "in", "on", "at", "under", "inside", "within", "outside", "behind", "into", "near", "beside",
  ]

  /// Whether the words after "is" or "are" (lower-cased, adverbs dropped) give a property or a place.
  ///
  /// That is not what the term is: a preposition of place, or an adjective followed by a preposition, "than", a
  /// comma or the end ("discoverable by", "specific to", "superior to"). "responsible for" says what it is for.
  static func predicatesAPropertyOrPlace(_ rest: Substring) -> Bool {
    let words = rest.split(separator: " ", maxSplits: 3)
    guard let first = words.first else { return false }
    let word = first.trimmingCharacters(in: .punctuationCharacters)
    if placePrepositions.contains(word) { return true }
    // "for you": the reader's business, not the term's.
    if word == "for", words.count > 1,
      ["you", "us", "me"].contains(words[1].trimmingCharacters(in: .punctuationCharacters))
    {
      return true
    }
    if endsAProperty(words, at: 0) { return true }
    // "is highly implementation specific,", "are end-user visible and": a compound adjective of two words.
    return words.count > 1 && !(first.last?.isPunctuation ?? false) && endsAProperty(words, at: 1)
  }

  /// Whether `words[index]` is an adjective closing a predicate: followed by a preposition, "than", a
  /// conjunction, a punctuation mark or the end.
  private static func endsAProperty(_ words: [Substring], at index: Int) -> Bool {
    let written = words[index]
    let word = written.trimmingCharacters(in: .punctuationCharacters)
    guard word != "responsible" else { return false }
    guard plainAdjectives.contains(word) || (word.count > 4 && adjectiveEndings.contains(where: word.hasSuffix))
    else { return false }
    if written.last.map({ [",", ".", ";", ":"].contains($0) }) ?? false { return true }
    guard words.count > index + 1 else { return true }
    let next = words[index + 1].trimmingCharacters(in: .punctuationCharacters)
    return propertyFollowers.contains(next)
  }

  /// Words after which an adjective closes its predicate ("discoverable by", "routable within", "visible and").
  static let propertyFollowers: Set<String> = [
    "to", "by", "than", "with", "from", "for", "in", "on", "and", "or", "but", "within", "across", "between",
    "among", "at", "outside", "inside", "over", "under", "via", "through", "about", "of",
  ]

  /// Whether a clause opens with what the clause before it leads to.
  ///
  /// "would result in", "means that", "leads to", "causes", perhaps after a modal. "which means the current
  /// directory" without "that" may gloss a term.
  static func opensConsequence(_ clause: Substring) -> Bool {
    var words = clause.split(separator: " ", maxSplits: 3).map(String.init)
    if let first = words.first, ["would", "will", "can", "could", "may", "might"].contains(first) {
      words.removeFirst()
    }
    guard let verb = words.first else { return false }
    let next = words.count > 1 ? words[1] : ""
    switch verb {
    case "result", "results": return next == "in"
    case "lead", "leads": return next == "to"
    case "mean", "means": return next == "that"
    case "cause", "causes": return true
    default: return false
    }
  }

  /// Whether a term is written in the plural: a last word in -s that is no -ss ("subnets", "pods", not
  /// "address"), and not an abbreviation in capitals ("DNS").
  static func isPlural(_ surface: String) -> Bool {
    guard let last = surface.split(separator: " ").last, last.count > 3, last.hasSuffix("s"),
      !last.hasSuffix("ss"), last.contains(where: \.isLowercase)
    else { return false }
    return true
  }

  /// Whether words open with a verb in its singular -s form that cannot agree with a plural subject: "limits",
  /// "makes", "is", "has", "does".
  static func opensSingularVerb(_ words: Substring) -> Bool {
    guard let verb = words.split(separator: " ", maxSplits: 1).first else { return false }
    if ["is", "has", "does", "was"].contains(verb) { return true }
    return verb.count > 3 && verb.hasSuffix("s") && !verb.hasSuffix("ss") && !verb.hasSuffix("us")
      && !verb.hasSuffix("is") && verb.allSatisfy(\.isLetter)
  }

  /// Whether a label names a field after the concept rather than the concept itself: written in lower case
  /// where the concept's short form is in capitals ("dns", "ipam" for DNS and IPAM), or given a type in
  /// parentheses under another name than the concept's ("interface (uint): …" for network interface).
  func labelsAField(_ mention: Mention, in sentence: Sentence, draft: ConceptDraft) -> Bool {
    let surface = mention.surface
    let short = draft.abbreviation ?? draft.entry.flatMap { vocabulary.entries[$0].abbreviations.first }
    if let short, short.filter(\.isUppercase).count >= 2, surface.first?.isLowercase == true,
      surface == short.lowercased() || surface == short.lowercased() + "s"
    {
      return true
    }
    guard surface != draft.label, surface != short, let parts = Self.aroundMention(mention, in: sentence),
      parts.opensParenthesis
    else { return false }
    let inside = parts.after.dropFirst().prefix { $0 != ")" && $0 != "," }.lowercased()
    return Self.fieldTypes.contains(inside.trimmingCharacters(in: CharacterSet(charactersIn: "[]{} ")))
  }

  /// Whether `text` opens by naming a field, key or parameter written as `name` ("The ips field is …").
  static func namesAField(_ text: String, _ name: String) -> Bool {
    let written = name.lowercased()
    let lower = text.prefix(written.count + 16).lowercased()
    return ["field", "key", "parameter", "property", "attribute", "setting"].contains { noun in
      lower.hasPrefix("the \(written) \(noun)") || lower.hasPrefix("\(written) \(noun)")
    }
  }

  /// The types a configuration reference gives its fields: "name (string): …", "args (dictionary, optional)".
  static let fieldTypes: Set<String> = [
    "string", "strings", "int", "integer", "uint", "number", "float", "bool", "boolean", "dictionary", "dict",
    "map", "list", "array", "object", "list of strings", "list of objects", "duration",
  ]

  /// What generated API indexes call their entries ("class", "function", "attribute", …).
  static let indexEntryKinds: Set<Substring> = [
    "class", "function", "method", "exception", "attribute", "data", "module", "property", "decorator", "built-in",
    "type", "option", "variable", "macro", "member",
  ]

  /// Whether the inside of a parenthesis (lower-cased) says where an API index entry lives, as generated
  /// indexes write it: "(class in asyncio)", "(in module os)", "(ssl.TLSVersion attribute)".
  static func isIndexLocation(_ inside: String) -> Bool {
    let words = inside.split(separator: " ")
    guard let first = words.first, let last = words.last, words.count <= 4 else { return false }
    let kinds = indexEntryKinds
    if first == "in", words.count >= 2, kinds.contains(words[1]) { return true }
    if words.count >= 3, kinds.contains(first), words[1] == "in" { return true }
    return words.count == 2 && kinds.contains(last) && first.contains(".")
  }

  /// Words that open a sentence with a phrase of place, time, condition or purpose before the main clause.
  static let openingWords: Set<String> = [
    "in", "on", "at", "for", "from", "with", "without", "within", "by", "to", "into", "during", "after", "before",
    "when", "whenever", "while", "if", "unless", "since", "once", "until", "because", "although", "though", "as",
    "unlike", "like", "under", "over", "across", "through", "upon", "per", "inside", "outside", "beyond",
  ]

  /// Whether the text before a mention (lower-cased) is an opening phrase that the mention ends: its last
  /// stretch between commas starts with one of `openingWords` ("as shown above, when a host joins a swarm").
  static func closesOpeningPhrase(_ before: String) -> Bool {
    let stretch = before.split(separator: ",", omittingEmptySubsequences: false).last ?? Substring(before)
    guard let first = stretch.split(separator: " ").first else { return false }
    return openingWords.contains(String(first))
  }

  /// Verbs in -s after a term that say what it does ("Calico supports …"), each with its trailing space.
  static let doings = [
    "supports ", "uses ", "handles ", "manages ", "implements ", "connects ", "allocates ", "assigns ",
  ]
  /// The plain forms a plural term takes ("CNI plugins support …"), each with its trailing space.
  static let pluralDoings = [
    "support ", "use ", "provide ", "allow ", "enable ", "handle ", "manage ", "implement ",
  ]

  /// Words in "-ing" that are no verb forms.
  static let ingNouns: Set<String> = [
    "something", "nothing", "anything", "everything", "thing", "string", "ring", "king", "spring", "wing",
  ]

  /// Whether the words after "is" or "are" (lower-cased) open a progressive or a passive.
  ///
  /// "experimenting with", "isolated from the host", "run with an option", "recommended for": not a predicate
  /// noun. A participle followed by "as" ("deployed as a daemon set"), one of `purposeParticiples` followed by
  /// "to" or "for" ("used to route", "designed for"), and one of `definingParticiples` (a make-up or a name)
  /// still say what the term is: those do not count.
  static func opensProgressiveOrPassive(_ rest: Substring) -> Bool {
    let words = rest.split(separator: " ", maxSplits: 2).map { $0.trimmingCharacters(in: .punctuationCharacters) }
    guard let verb = words.first, verb.allSatisfy(\.isLetter) else { return false }
    guard verb.count > 3 || shortParticiples.contains(verb) else { return false }
    if verb.hasSuffix("ing") { return !ingNouns.contains(verb) }
    guard verb.hasSuffix("ed") || EnglishWords.irregularParticiples.contains(verb) || shortParticiples.contains(verb)
    else { return false }
    let next = words.count > 1 ? words[1] : ""
    if next == "as" || definingParticiples.contains(verb) { return false }
    return !(["to", "for"].contains(next) && purposeParticiples.contains(verb))
  }

  /// Participles of three letters, which read as other words' passives do ("is run with", "are set up").
  static let shortParticiples: Set<String> = ["run", "set", "put", "cut", "led", "fed", "hit", "shut"]

  /// Participles that, followed by "to" or "for", say what a thing is for ("is used to route", "are designed
  /// for clusters"), unlike "is recommended for" or "is attached to".
  static let purposeParticiples: Set<String> = [
    "used", "designed", "intended", "meant", "built", "made", "created", "developed", "employed", "utilized",
    "utilised", "optimized", "optimised", "dedicated", "reserved", "needed", "responsible",
  ]

  /// Participles whose passive still says what a thing is ("Circles are represented by a center point and
  /// radius", "is made up of").
  static let definingParticiples: Set<String> = [
    "represented", "identified", "defined", "denoted", "described", "composed", "made", "formed", "characterized",
    "characterised", "known", "called", "named", "expressed", "specified",
  ]

  /// Whether the text before a mention (lower-cased) has a subordinate clause open since its last comma:
  /// "the fact that while operators may change the".
  static func endsInSubordinateClause(_ before: String) -> Bool {
    let stretch = before.split(separator: ",", omittingEmptySubsequences: false).last ?? Substring(before)
    return stretch.split(separator: " ").contains { EnglishWords.subordinators.contains(String($0)) }
  }

  /// Words that join a phrase on rather than describe what comes before them ("to" may open a purpose: "IPAM —
  /// to configure and manage addresses").
  static let connectives: Set<String> = [
    "from", "in", "on", "at", "for", "with", "by", "of", "as", "into", "and", "or", "but", "so", "then",
  ]

  /// Whether `text` (lower-cased) opens with one of `connectives`.
  static func opensWithConnective(_ text: Substring) -> Bool {
    let trimmed = text.drop { $0 == " " }
    let word = trimmed.prefix { $0.isLetter }
    return !word.isEmpty && connectives.contains(String(word))
  }

  /// Predicates that say what state a thing is in rather than what it is.
  static let conditionWords: Set<String> = [
    "optional", "required", "mandatory", "true", "false", "empty", "null", "nil", "set", "unset", "valid",
    "invalid", "available", "unavailable", "enabled", "disabled", "supported", "unsupported", "deprecated",
    "ignored", "forbidden", "allowed", "omitted", "missing", "present", "absent", "given", "specified", "running",
    "stopped", "ready", "done", "needed", "necessary", "possible", "impossible", "zero", "nonzero", "non-zero",
  ]

  /// Whether the words after "is" or "are" state a condition ("non-nil", "optional", "set to 0") and the
  /// clause never says what the term is ("is optional and if supplied is an IPv6 address" does).
  static func statesACondition(_ rest: Substring) -> Bool {
    guard let first = rest.split(separator: " ").first else { return false }
    let word = String(first).trimmingCharacters(in: .punctuationCharacters)
    guard word.hasPrefix("non-") || conditionWords.contains(word) else { return false }
    let clause = rest.prefix { $0 != "." && $0 != ";" }
    return !(clause.contains(" is a ") || clause.contains(" is an ") || clause.contains(" are "))
  }

  /// The text around a mention, as `definitionShape` reads it.
  ///
  /// The text before it, lower-cased and trimmed of
  /// spaces and tabs; the text after it, trimmed; whether it is followed by " ("; and the sentence's number of
  /// space-separated words. Nil when the mention lies outside the sentence.
  ///
  /// Every mention of every concept is looked at, so the common case (a sentence in ASCII, where characters,
  /// scalars and bytes coincide) is cut from the bytes directly; other sentences go through their scalars.
  static func aroundMention(_ mention: Mention, in sentence: Sentence)
    -> (before: String, after: String, opensParenthesis: Bool, wordCount: Int)?
  {
    let start = mention.start - sentence.start
    let end = mention.end - sentence.start
    var text = sentence.text
    let ascii = text.withUTF8 { bytes -> (String, String, Bool, Int)?? in
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return .some(nil) }
      guard start >= 0, end <= bytes.count else { return nil }
      func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
      func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
      }
      let before = String(
        decoding: bytes[trimmed(0..<start)].map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
      let after = String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed(end..<bytes.count)]), as: UTF8.self)
      let opensParenthesis = end + 1 < bytes.count && bytes[end] == 0x20 && bytes[end + 1] == UInt8(ascii: "(")
      var words = 0
      var inWord = false
      for byte in bytes {
        if byte == 0x20 {
          inWord = false
        } else if !inWord {
          inWord = true
          words += 1
        }
      }
      return (before, after, opensParenthesis, words)
    }
    switch ascii {
    case .some(.some(let parts)): return parts
    case .none: return nil
    case .some(.none): return aroundMentionInUnicode(mention, in: sentence)
    }
  }

  /// `aroundMention` for a sentence beyond ASCII: as `aroundMentionByScalars` reads it, without Foundation's
  /// trimming or a list of the sentence's words.
  ///
  /// Blanks (`CharacterSet.whitespaces`) are trimmed scalar by scalar; the sentence's words are counted as runs
  /// of characters other than a space; only the text before the mention is lower-cased, once trimmed.
  static func aroundMentionInUnicode(_ mention: Mention, in sentence: Sentence)
    -> (before: String, after: String, opensParenthesis: Bool, wordCount: Int)?
  {
    let start = mention.start - sentence.start
    let end = mention.end - sentence.start
    let scalars = Array(sentence.text.unicodeScalars)
    guard start >= 0, end <= scalars.count else { return nil }
    func trimmed(_ range: Range<Int>) -> String {
      var lower = range.lowerBound
      var upper = range.upperBound
      while lower < upper && isBlank(scalars[lower]) { lower += 1 }
      while upper > lower && isBlank(scalars[upper - 1]) { upper -= 1 }
      return String(scalars: scalars[lower..<upper])
    }
    // Whether the rest opens with the characters " (": the scalar after them decides whether they stand alone.
    let opensParenthesis =
      end + 1 < scalars.count && scalars[end] == " " && scalars[end + 1] == "("
      && String(scalars: scalars[end..<min(scalars.count, end + 3)]).hasPrefix(" (")
    var words = 0
    var inWord = false
    for character in sentence.text {
      if character == " " {
        inWord = false
      } else if !inWord {
        inWord = true
        words += 1
      }
    }
    return (trimmed(0..<start).lowercased(), trimmed(end..<scalars.count), opensParenthesis, words)
  }

  /// Whether a scalar is one `trimmingCharacters(in: .whitespaces)` trims: a space separator or a tab.
  private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
  }

  /// `aroundMention` for any sentence, through its Unicode scalars and Foundation: the reference the two quicker
  /// paths are held to (only the tests call it).
  static func aroundMentionByScalars(_ mention: Mention, in sentence: Sentence)
    -> (before: String, after: String, opensParenthesis: Bool, wordCount: Int)?
  {
    let start = mention.start - sentence.start
    let end = mention.end - sentence.start
    let scalars = Array(sentence.text.unicodeScalars)
    guard start >= 0, end <= scalars.count else { return nil }
    let before = String(scalars: scalars[..<start]).lowercased()
      .trimmingCharacters(in: .whitespaces)
    let rest = String(scalars: scalars[end...])
    return (
      before, rest.trimmingCharacters(in: .whitespaces), rest.hasPrefix(" ("), sentence.text.split(separator: " ").count
    )
  }
}
