import CNKBModel
import CNKBTerms
import Foundation

/// The fixed vocabulary of typed relations (what the graph export and its checks use).
public enum RelationType: String, Sendable, Hashable, Codable, CaseIterable {
  case isA = "is_a"
  case partOf = "part_of"
  case implements
  case proposedBy = "proposed_by"
  case adoptedBy = "adopted_by"
  case uses
  case supports
  case provides
  case alternativeTo = "alternative_to"
  case contrastsWith = "contrasts_with"
  case createdBy = "created_by"
  case runsOn = "runs_on"
}

/// A typed relation found in one sentence.
struct FoundRelation: Hashable {
  var source: ConceptID
  var target: ConceptID
  var type: RelationType
}

/// Reads typed relations off the words between concept mentions.
///
/// The words between two mentions are matched against connector phrases ("proposed by", "the canonical
/// implementation of", "relies on", "such as", "whereas", …). The phrase nearest the second mention wins; up to
/// three words may sit between it and the mention ("adopted by projects such as …"). The subject is the mention
/// before, or the sentence's subject when a comma separates them (", adopted by …"). A relation carries on
/// through a list ("such as Kuryr, OVN and Weave"), and a negation anywhere between ("does not provide")
/// stops it.
struct PatternMatcher {
  /// A connector: its words, the relation it states, and whether the mention before is the subject.
  struct Connector {
    var words: [String]
    var type: RelationType
    var forward: Bool
  }

  static let connectors: [Connector] = {
    var list: [Connector] = []
    func add(_ type: RelationType, _ forward: Bool, _ phrases: [String]) {
      for phrase in phrases { list.append(Connector(words: words(phrase), type: type, forward: forward)) }
    }
    add(.proposedBy, true, ["proposed by", "introduced by", "originated at", "originally from"])
    add(.adoptedBy, true, ["adopted by"])
    add(.createdBy, true, ["created by", "developed by", "written by", "maintained by", "built by", "founded by"])
    add(.implements, true, ["implements", "implement", "implementing", "implementation of", "implementations of"])
    add(.implements, false, ["implemented by", "implementations such as", "implementations like"])
    add(
      .uses, true,
      [
        "uses", "use", "using", "leverages", "leverage", "leveraging", "relies on", "rely on", "relying on",
        "depends on", "depend on", "is based on", "are based on", "based on", "builds on", "built on", "employs",
        "utilizes", "utilises", "requires", "require", "requiring",
      ])
    add(
      .uses, false,
      ["used by", "used within", "used in", "leveraged by", "is required for", "are required for", "required by"])
    add(
      .supports, true,
      [
        "supports", "support", "supporting", "support for", "compatible with", "integrates with", "integration with",
        "works with", "used with",
      ])
    add(.supports, false, ["supported by", "integrations from", "integration from"])
    add(
      .provides, true,
      [
        "provides", "provide", "providing", "offers", "offer", "delivers", "exposes", "expose", "allocates", "allocate",
        "assigns", "assign",
      ])
    add(.provides, false, ["provided by", "offered by"])
    add(.partOf, true, ["is part of", "are part of", "part of", "is a component of", "a component of", "built into"])
    add(
      .partOf, false,
      [
        "consists of", "made up of", "composed of", "combination of", "portmanteau of", "contains", "comprises",
        "group of", "groups of", "collection of", "collections of",
      ])
    add(.runsOn, true, ["runs on", "run on", "running on", "on top of", "deployed on"])
    add(
      .alternativeTo, true,
      [
        "alternative to", "alternatives to", "instead of", "rather than", "as opposed to", "replacement for",
        "is similar to", "are similar to", "equivalent to",
      ])
    add(
      .contrastsWith, true,
      ["vs", "versus", "compared with", "compared to", "whereas", "in contrast to", "than", "differs from"])
    add(.isA, true, ["is a", "is an", "is one of", "is a type of", "is a kind of", "are a type of", "are"])
    return list
  }()

  /// Words between list members ("," "and" ", and" "or" "as well as").
  static let listSeparators: Set<[String]> = [
    [","], ["and"], [",", "and"], ["or"], [",", "or"], ["as", "well", "as"],
  ]
  /// Words that introduce the members of the class before them ("drivers such as …").
  static let hyponymTriggers: Set<[String]> = [
    ["such", "as"], [",", "such", "as"], ["including"], [",", "including"], ["are"], ["include"], [":"],
  ]
  /// Words after which a verb phrase shares the sentence's subject: "CNI supports A and can be used with B".
  static let coordinatedStarts: Set<String> = [
    "can", "may", "will", "also", "is", "are", "must", "should", "could", "does", "do", "has", "have",
  ]
  /// Words that may come between a subject and its verb without being the subject's head noun.
  static let verbCompanions: Set<String> = [
    "must", "should", "could", "would", "might", "shall", "now", "then", "still", "already", "just", "first",
    "thus", "therefore", "hence", "instead", "too", "again", "even", "once", "often", "sometimes", "always",
    "seldom", "you", "we", "they", "i", "he", "she", "one", "type", "types", "kind", "kinds", "class", "classes",
    "family", "families",
  ]
  /// Whether the words before a mention (determiners dropped) end in a copula, so that the mention says what the
  /// sentence's subject is: "CNI is a container networking specification …", "Kubenet is an extremely basic
  /// network plugin …".
  static func isPredicateNoun(_ wordsBefore: [String]) -> Bool {
    guard let copula = wordsBefore.lastIndex(where: { ["is", "are", "was", "were"].contains($0) }) else {
      return false
    }
    // Only adjectives and adverbs may stand between: no verb, no preposition, no comma.
    let between = wordsBefore[(copula + 1)...]
    return between.count <= 3 && !between.contains(where: { phraseEnders.contains($0) || $0.hasSuffix("ed") })
  }

  /// Verbs a reference's label line opens with in the imperative ("DEL: Delete the container from the network").
  static let imperatives: Set<String> = [
    "add", "delete", "remove", "create", "check", "set", "get", "return", "run", "use", "enable", "disable",
    "configure", "specify", "define", "list", "show", "update", "attach", "detach", "allocate", "release",
    "connect", "disconnect", "start", "stop", "install", "load", "read", "write", "send", "make", "assign", "map",
    "register", "unregister", "initialize", "print", "perform", "call", "invoke", "execute", "validate", "verify",
  ]

  /// Whether words open with a verb in the imperative: one of `imperatives`, not followed by "of" ("Set of
  /// endpoints" is a noun).
  static func opensWithAnImperative(_ words: [String]) -> Bool {
    guard let first = words.first, imperatives.contains(first) else { return false }
    return words.count < 2 || words[1] != "of"
  }

  /// Pronouns that are the subject of a verb after them and name no concept: "you must use", "we use".
  static let personalSubjects: Set<String> = ["you", "we", "i"]
  /// Pronouns that stand for a noun named elsewhere, whose copula says nothing of the mention before them.
  static let pronounSubjects: Set<String> = ["it", "they", "he", "she", "this", "these", "those"]
  /// Words that open a noun phrase before its nouns: "in those network namespaces" is a prepositional phrase.
  static let determiners: Set<String> = [
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "each", "every", "all", "some", "any",
    "our", "your", "my", "his", "her", "both", "either", "neither", "no",
  ]
  /// Prepositions whose object is no subject: "IP addresses for containers expose …", "… synchronized across
  /// the cluster whereas …".
  static let prepositions: Set<String> = [
    "for", "with", "to", "between", "in", "on", "at", "across", "among", "from", "into", "onto", "over",
    "through", "throughout", "under", "within", "inside", "outside", "via", "per", "about", "behind", "beyond",
    "during", "toward", "towards", "upon", "without", "around", "against", "beside", "beneath", "along",
  ]
  /// Verbs that take "X support" as their object: "to add CNI support".
  static let supportVerbs: Set<String> = [
    "add", "adds", "added", "adding", "offer", "offers", "offered", "with", "has", "have", "brings", "bring",
    "includes", "include", "ships", "ship",
  ]
  /// Nouns that name the parts of a whole: "the CNM constructs are options and labels".
  static let partNouns: Set<String> = [
    "construct", "constructs", "component", "components", "part", "parts", "element", "elements", "primitive",
    "primitives", "building", "blocks",
  ]
  /// Nouns after a mention that keep the mention the object: "the CNM specification", "Calico project".
  static let typeNouns: Set<String> = [
    "specification", "spec", "standard", "model", "project", "plugin", "plugins", "driver", "drivers", "software",
    "implementation", "api", "interface", "network", "networking",
  ]
  /// Words that may follow a mention that heads its noun phrase.
  static let phraseEnders: Set<String> = [
    ",", ";", ":", "and", "or", "to", "in", "of", "with", "for", "by", "is", "are", "was", "were", "that", "which",
    "as", "on", "at", "from", "when", "while", "but", "the", "a", "an", "into", "through", "via", "only", "also",
    "than", "can", "may", "will", "does", "do", "has", "have", "it", "its", "their", "where", "whereas", "so",
    "such", "because", "between", "among", "over", "under", "about", "without", "like", "including", "within",
    "inside", "across", "behind", "per", "who", "whose", "wherein",
  ]
  static let negations: Set<String> = ["not", "n't", "never", "no", "cannot", "without", "neither", "nor", "unlike"]
  static let trailingIntroducers: Set<[String]> = [["such", "as"], ["like"], ["including"]]
  static let maximumFiller = 3

  /// Lower-case words and punctuation of a stretch of text, parenthesised asides removed.
  static func words(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var depth = 0
    func flush() {
      if !current.isEmpty { result.append(current) }
      current = ""
    }
    for scalar in text.lowercased().unicodeScalars {
      if scalar == "(" {
        flush()
        depth += 1
        continue
      }
      if scalar == ")" {
        depth = max(0, depth - 1)
        continue
      }
      if depth > 0 { continue }
      if scalar.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "'" || scalar == "’" {
        current.unicodeScalars.append(scalar == "’" ? "'" : scalar)
      } else if scalar == "," || scalar == ";" || scalar == ":" {
        flush()
        result.append(String(scalar))
      } else if scalar == "." && current == "vs" {
        continue
      } else {
        flush()
      }
    }
    flush()
    return result.flatMap { word -> [String] in
      word.hasSuffix("n't") && word.count > 3 ? [String(word.dropLast(3)), "n't"] : [word]
    }
  }

  /// The typed relations a sentence states.
  func relations(in placed: SentenceMentions) -> [FoundRelation] {
    guard placed.mentions.count >= 2, !placed.isHeading else { return [] }
    // The patterns read characters by offset; the scalars exist only while this sentence is read.
    var sentence = placed
    sentence.text = Array(placed.evidence.sentence.unicodeScalars)
    guard sentence.text.count <= Sentence.longestStatement else { return [] }
    // A mention in parentheses is an aside ("local scope (single host)", "native (built-in to libnetwork)").
    let mentions = sentence.mentions.filter { sentence.parenthesisDepth(at: $0.start) == 0 }
    guard mentions.count >= 2 else { return [] }
    var found: [FoundRelation] = []
    let leading = Self.words(sentence.slice(0, mentions[0].start))
    let subject: ConceptID? = leading.isEmpty || leading == ["the"] || leading == ["a"] ? mentions[0].concept : nil
    // "Unlike X, Y …": Y contrasts with X.
    // The second mention must head the main clause's subject: "Unlike regular packages, modules in the root
    // package can be found …" sets modules, not the root package, against them.
    if leading.last == "unlike", mentions.count >= 2,
      let gap = Optional(Self.words(sentence.slice(mentions[0].end, mentions[1].start))), gap.first == ",",
      gap.count <= 3, !gap.dropFirst().contains(where: Self.prepositions.contains)
    {
      found.append(FoundRelation(source: mentions[1].concept, target: mentions[0].concept, type: .contrastsWith))
    }
    // The relation in force for a list: (source or nil when the member is the source, target or nil, type).
    var carried: (subject: ConceptID, type: RelationType, memberIsSource: Bool)?
    for index in 1..<mentions.count {
      let previous = mentions[index - 1]
      let current = mentions[index]
      let between = Self.words(sentence.slice(previous.end, current.start))
      // Adjacent mentions ("Open Virtual Networking (OVN)") change nothing.
      if between.isEmpty { continue }
      // "As X is a pure L3 network, cross-subnet mode is not supported": a comma before the subject of a new
      // clause ends the list.
      if let active = carried, Self.listSeparators.contains(between),
        between != [","] || !Self.isClauseSubject(sentence, current)
      {
        found.append(
          active.memberIsSource
            ? FoundRelation(source: current.concept, target: active.subject, type: active.type)
            : FoundRelation(source: active.subject, target: current.concept, type: active.type))
        continue
      }
      carried = nil
      // "MACvlan bridge mode and IPvlan L2 mode are just about functionally equivalent".
      if between == ["and"] {
        let after = Self.words(sentence.slice(current.end, min(sentence.text.count, current.end + 60)))
        if after.first == "are", !after.prefix(5).contains(where: Self.negations.contains),
          after.prefix(5).contains(where: { ["equivalent", "similar", "alike", "interchangeable"].contains($0) })
        {
          found.append(FoundRelation(source: previous.concept, target: current.concept, type: .alternativeTo))
          continue
        }
      }
      if between.contains(where: Self.negations.contains) { continue }
      // "A, B and other Ys": every member before is a Y; when the mention only modifies the noun after it ("the
      // write-ahead log and other control information"), that noun is the Y and no concept. A word naming its
      // kind may follow ("other CNI plugins" are CNI's).
      if between.suffix(2) == ["and", "other"] || between.suffix(2) == ["or", "other"] {
        let next = Self.words(sentence.slice(current.end, min(sentence.text.count, current.end + 30))).first
        guard Self.headsItsPhrase(sentence, current) || Self.typeNouns.contains(next ?? "") else { continue }
        var members = [previous.concept]
        var back = index - 1
        while back >= 1,
          Self.listSeparators.contains(Self.words(sentence.slice(mentions[back - 1].end, mentions[back].start)))
        {
          members.append(mentions[back - 1].concept)
          back -= 1
        }
        for member in members { found.append(FoundRelation(source: member, target: current.concept, type: .isA)) }
        continue
      }
      // "Ys such as A, B": members are Ys. "The native drivers are none, bridge, … and MACvlan" likewise, when
      // a list follows.
      // "The CNM constructs are options and labels": members are parts of the whole.
      if between.count == 2, Self.partNouns.contains(between[0]), ["are", "include"].contains(between[1]) {
        found.append(FoundRelation(source: current.concept, target: previous.concept, type: .partOf))
        carried = (previous.concept, .partOf, true)
        continue
      }
      // "projects managed by the CNCF: Kubernetes and Prometheus": a class inside a prepositional phrase is not
      // what the list enumerates.
      // The words before the earlier mention, read only when a rule asks: most pairs match no connector, and
      // reading them for every pair grew with the square of a sentence's mentions.
      lazy var beforePrevious = Self.words(sentence.slice(0, previous.start)).filter {
        !Self.determiners.contains($0)
      }
      if Self.hyponymTriggers.contains(between),
        !["by", "of", "from", "to", "with", "for", "in", "on", "at"].contains(beforePrevious.last ?? "")
      {
        let listFollows =
          index + 1 < mentions.count
          && Self.listSeparators.contains(Self.words(sentence.slice(current.end, mentions[index + 1].start)))
        if !(between == ["are"] || between == [":"]) || listFollows {
          found.append(FoundRelation(source: current.concept, target: previous.concept, type: .isA))
          carried = (previous.concept, .isA, true)
          continue
        }
      }
      // "Endpoint: A network interface that …": a glossary line's label is a kind of the head that follows.
      // "macvlan: Creates a new MAC address" says what the label does, not what it is.
      if between.first == ":", index == 1, subject == previous.concept,
        !Self.opensWithAVerb(Array(between.dropFirst())), !Self.opensWithAnImperative(Array(between.dropFirst())),
        Self.isFiller(Array(between.dropFirst()).filter { !["essentially", "basically", "simply"].contains($0) }),
        Self.headsItsPhrase(sentence, current), !Self.isClauseSubject(sentence, current)
      {
        found.append(FoundRelation(source: previous.concept, target: current.concept, type: .isA))
        continue
      }
      // "a local scope or global scope": alternatives with one head word are set against each other.
      if between == ["or"] || between == ["or", "as"],
        previous.concept.rawValue.split(separator: "-").last == current.concept.rawValue.split(separator: "-").last
      {
        found.append(FoundRelation(source: previous.concept, target: current.concept, type: .contrastsWith))
        continue
      }
      // "Mesos is the latest project to add CNI support": the subject supports the object.
      if Self.words(sentence.slice(current.end, min(sentence.text.count, current.end + 10))).first == "support",
        let verb = between.last, Self.supportVerbs.contains(verb), !between.contains(where: Self.negations.contains)
      {
        let source = between.count <= 6 && !between.contains(",") ? previous.concept : subject
        if let source, source != current.concept {
          found.append(FoundRelation(source: source, target: current.concept, type: .supports))
        }
        continue
      }
      guard let (connector, position) = match(between) else { continue }
      // "IPv6 Support for BGP": a connector written with a capital inside the sentence is a title's noun.
      let written = sentence.slice(previous.end, current.start)
      if let verb = connector.words.first, verb.count > 2,
        let capital = written.range(of: verb.prefix(1).uppercased() + verb.dropFirst()), !written.contains(verb),
        !":-\u{2013}\u{2014}".contains(written[..<capital.lowerBound].last(where: { $0 != " " }) ?? " ")
      {
        // ("dhcp: Use DHCP to acquire a lease" opens a sentence after the label: the verb stands.)
        continue
      }
      let before = Array(between[..<position])
      // "Flannel, which was developed by CoreOS, …", "a driver that uses VXLAN": a relative clause opening
      // straight after a mention is about it.
      let relative = Self.opensRelativeClause(before)
      // "… the same broadcast domain unless there is an external router", "VNI when using the overlay driver":
      // a subordinate clause opens between the two, and the earlier mention is not its subject.
      if !relative, before.contains(where: EnglishWords.subordinators.contains) || before.last == "there" { continue }
      // "can be changed using methods", "is stored using Git", "can be set using …": what is used serves the
      // action done to the earlier mention, which does not use it ("have been using Django" still does).
      if connector.words == ["using"], let verb = before.last(where: { !Self.isReadThroughAdverb($0) }),
        verb.hasSuffix("ed") || EnglishWords.irregularParticiples.contains(verb) || Self.presentOrPast.contains(verb)
      {
        continue
      }
      // "used by default", "created by default": an idiom, not an agent.
      if between.last == "by", sentence.slice(current.start, current.end).lowercased() == "default" { continue }
      // "If the byte is an ASCII tab character", "whether ch is a whitespace character": a condition tests one
      // value, it does not say what a kind of thing is.
      if connector.type == .isA, Self.isConditional(beforePrevious) { continue }
      // "If you wish to have auto configuration use the file": a hypothesis, stated of no one.
      if Self.isHypothesis(beforePrevious) { continue }
      let following = Self.words(sentence.slice(current.end, min(sentence.text.count, current.end + 30)))
      let next = following.first
      // "relies on node to node connectivity": the mention opens an "X to X" modifier of the noun after it.
      if next == "to", let last = Self.words(sentence.slice(current.start, current.end)).last,
        EnglishWords.opensToPair(last, following: following)
      {
        continue
      }
      // The object must head its phrase: "support the Docker runtime engine" is not about Docker itself.
      if let next, !Self.phraseEnders.contains(next) {
        guard connector.type != .isA, Self.typeNouns.contains(next) else { continue }
        // "help provide Kubernetes networking": what is provided is the networking, not Kubernetes.
        if ["networking", "network"].contains(next), [.provides, .supports, .uses].contains(connector.type) {
          continue
        }
      }
      // "created using the controller's API by providing a name": the means of an action, not what the mention
      // before does.
      if before.last == "by", connector.words.first?.hasSuffix("ing") == true { continue }
      // "only interfaces that are slave links" picks some of the interfaces out; it does not say what they are.
      if relative, connector.type == .isA, before.first != "," { continue }
      // "Network: a group of endpoints", "A pod is a group of containers" name the whole; "two bytes for each
      // group of four digits" does not.
      if Self.partCollections.contains(connector.words[0]), !before.allSatisfy(Self.wholeOpeners.contains) {
        continue
      }
      // "provide drivers with access to the network namespace": what is provided is the access.
      if connector.type == .provides && next == "with" {
        if index + 1 < mentions.count, !before.contains(","),
          Self.words(sentence.slice(current.end, mentions[index + 1].start)).filter({ $0 != "the" }) == [
            "with", "access", "to",
          ]
        {
          // "the container network namespace": the last of adjacent mentions heads the phrase.
          var object = index + 1
          while object + 1 < mentions.count,
            Self.words(sentence.slice(mentions[object].end, mentions[object + 1].start)).isEmpty
          {
            object += 1
          }
          found.append(FoundRelation(source: previous.concept, target: mentions[object].concept, type: .provides))
        }
        continue
      }
      // "a different subnet than the parent interface" compares nothing with the subnet itself.
      if connector.type == .contrastsWith, connector.words == ["than"],
        let modifier = Self.words(sentence.slice(0, previous.start)).last, ["different", "other"].contains(modifier)
      {
        continue
      }
      // "IP addresses for containers expose …": a mention inside a prepositional phrase is not the subject.
      if before.isEmpty, connector.forward,
        Self.prepositions.contains(beforePrevious.last ?? "")
      {
        continue
      }
      // "… then you must use the plugin": the verb's subject is the reader, not the mention before it. ("The
      // native drivers you will meet are …" still says what the drivers are.)
      if connector.type != .isA, before.contains(where: Self.personalSubjects.contains) { continue }
      // "… describes one Python object; it is usually a single character": a copula after a clause break or with
      // a pronoun for its subject says what something else is.
      if connector.type == .isA, before.contains(where: { $0 == ";" || Self.pronounSubjects.contains($0) }) {
        continue
      }
      let source: ConceptID
      let clauseTail = before.lastIndex(of: ",").map { Array(before[(before.index(after: $0))...]) }
      let coordinated =
        before.first == "and" && (before.count == 1 || Self.coordinatedStarts.contains(before[1]))
      if relative {
        source = previous.concept
      } else if let clauseTail {
        // ", adopted by …", ", and adopted by …", ", with integrations from …": the sentence's subject acts.
        guard let subject, subject != current.concept, connector.type != .isA,
          clauseTail.isEmpty || clauseTail == ["and"] || clauseTail == ["with"] || clauseTail == ["and", "also"]
        else { continue }
        source = subject
      } else if coordinated, connector.type != .isA {
        // "… has to provide the driver name and may provide the address space": the verb's subject is the
        // sentence's; when that is no concept ("The caller"), the relation has no source here.
        guard let subject, subject != current.concept else { continue }
        source = subject
      } else if before.dropFirst().contains("and") {
        // "bridged networks solve port conflicts and provide isolation": the verb has an earlier subject.
        guard let subject, subject != current.concept else { continue }
        source = subject
      } else if before.isEmpty, let verb = connector.words.first,
        verb.hasSuffix("ed") || verb.hasSuffix("ing") || EnglishWords.irregularParticiples.contains(verb),
        !Self.isPredicateNoun(beforePrevious) || subject == nil || subject == current.concept
      {
        // "the CNI specification used by the IPAM plugin", "a mesh of tunnels using VXLAN": a participle straight
        // after a mention is about it, unless the mention is what the subject is ("CNI is a container networking
        // specification proposed by CoreOS": then the subject is).
        source = previous.concept
      } else if before.count <= 4 {
        // A mention that only modifies the next noun ("a container networking specification proposed by")
        // hands the relation to the sentence's subject.
        let after = Self.words(sentence.slice(previous.end, current.start)).first
        if let after, !Self.phraseEnders.contains(after), !Self.typeNouns.contains(after) {
          // "doing a DNS lookup using the name": what an -ing phrase uses serves the noun the mention modifies.
          if previous.concept != subject, connector.words.first?.hasSuffix("ing") == true { continue }
          if let subject, subject != current.concept {
            // Unless a clause of its own holds the phrase ("…, which is why overlay interfaces use an MTU"):
            // then the phrase's head, no concept, is the subject.
            if beforePrevious.contains(where: EnglishWords.subordinators.contains) { continue }
            source = subject
          } else if !before.isEmpty, !Self.verbCompanions.contains(after), !after.hasSuffix("ly") {
            // The sentence's subject is no concept ("Even if a container networking capability is supported by
            // …"): the relation is the modified noun's. A modal, an adverb, a pronoun opening a clause about the
            // mention ("the underlay drivers you will meet are …") or a word naming its kinds ("sequence types
            // are …") leave the mention the subject.
            continue
          } else {
            source = previous.concept
          }
        } else {
          source = previous.concept
        }
      } else {
        continue
      }
      if before.contains(",") && leading.contains(where: Self.negations.contains) { continue }
      // "The two underlay drivers you will meet are MACvlan and IPvlan": a list after "are" names members.
      let listFollows =
        index + 1 < mentions.count
        && Self.listSeparators.contains(Self.words(sentence.slice(current.end, mentions[index + 1].start)))
      let forward = connector.words == ["are"] && listFollows ? false : connector.forward
      let relation =
        forward
        ? FoundRelation(source: source, target: current.concept, type: connector.type)
        : FoundRelation(source: current.concept, target: source, type: connector.type)
      found.append(relation)
      carried = (source, connector.type, !forward)
    }
    return found
  }

  /// Whether the words before a connector open a relative clause and nothing else: "which" or "that", after a
  /// comma or not, then at most two auxiliaries or adverbs (", which was", "that has also").
  static func opensRelativeClause(_ before: [String]) -> Bool {
    var rest = before[...]
    if rest.first == "," { rest = rest.dropFirst() }
    guard let pronoun = rest.first, pronoun == "which" || pronoun == "that" else { return false }
    rest = rest.dropFirst()
    return rest.count <= 2 && rest.allSatisfy(relativeAuxiliaries.contains)
  }

  /// The first words of the connectors that name a whole by its parts ("a group of endpoints").
  static let partCollections: Set<String> = ["group", "groups", "collection", "collections"]

  /// Words that may come between a whole and "group of" or "collection of" naming its parts.
  static let wholeOpeners: Set<String> = [
    ":", "is", "are", "was", "were", "a", "an", "just", "simply", "essentially", "basically", "which", "that", ",",
  ]

  /// Words that may follow a relative pronoun before the verb: "which is", "that has been", "which can also".
  static let relativeAuxiliaries: Set<String> = [
    "is", "are", "was", "were", "has", "have", "had", "been", "can", "could", "will", "would", "also", "now",
    "then", "still", "originally", "first",
  ]

  /// Whether a mention ends its noun phrase (what follows is punctuation or a function word).
  static func headsItsPhrase(_ sentence: SentenceMentions, _ mention: PlacedMention) -> Bool {
    guard let next = words(sentence.slice(mention.end, min(sentence.text.count, mention.end + 30))).first else {
      return true
    }
    return phraseEnders.contains(next)
  }

  /// Whether a mention is the subject of a clause: a finite verb follows its phrase before any relative word or
  /// break ("admin.E014: The value of exclude must be a list" states a rule, it defines no kind of value).
  static func isClauseSubject(_ sentence: SentenceMentions, _ mention: PlacedMention) -> Bool {
    for word in words(sentence.slice(mention.end, min(sentence.text.count, mention.end + 60))).prefix(6) {
      if clauseBreaks.contains(word) { return false }
      if finiteVerbs.contains(word) { return true }
    }
    return false
  }

  /// Participles spelt like a present tense ("can be set using", "is read using"): after a word that is no
  /// subject of theirs, as before "using", they are participles.
  static let presentOrPast: Set<String> = ["set", "run", "put", "read", "split", "cut", "bound", "spun"]

  /// Whether the clause the words end in opens with a condition ("if", "whether", "unless", "when").
  static func isConditional(_ words: [String]) -> Bool {
    let clause = words.lastIndex(where: { [",", ";", ":"].contains($0) }).map { words[($0 + 1)...] } ?? words[...]
    return clause.contains(where: conditionals.contains)
  }

  static let conditionals: Set<String> = ["if", "whether", "unless", "when", "whenever"]

  /// Whether the clause the words end in opens with "if", "unless" or "whether" and speaks to or of the reader
  /// ("If you wish to have …", "Unless we …").
  static func isHypothesis(_ words: [String]) -> Bool {
    let clause = words.lastIndex(where: { [",", ";", ":"].contains($0) }).map { words[($0 + 1)...] } ?? words[...]
    guard let opening = clause.firstIndex(where: { ["if", "unless", "whether"].contains($0) }) else { return false }
    return clause[opening...].contains(where: { personalSubjects.contains($0) })
  }

  static let clauseBreaks: Set<String> = [
    "that", "which", "who", "whose", "where", "when", ",", ";", ":", "(", "used", "for", "to",
  ]
  static let finiteVerbs: Set<String> = [
    "is", "are", "was", "were", "must", "should", "can", "cannot", "will", "may", "might", "would", "could", "does",
    "do", "has", "have", "shall",
  ]

  /// The connector nearest the end of `between`, with where it starts; nil when none fits.
  ///
  /// Adverbs in -ly are read through: "rely heavily on", "is usually a comma", "used internally by".
  func match(_ words: [String]) -> (Connector, Int)? {
    // Most stretches hold no such adverb: they are matched as they are, without a copy.
    guard words.contains(where: Self.isReadThroughAdverb) else { return match(reduced: words) }
    let kept = words.indices.filter { !Self.isReadThroughAdverb(words[$0]) }
    guard let (connector, start) = match(reduced: kept.map { words[$0] }) else { return nil }
    return (connector, kept[start])
  }

  /// Whether a word is an adverb in -ly that a connector's words may surround ("heavily", "widely"); words in -ly
  /// that are nouns or verbs ("family", "apply") and adverbs that deny ("hardly") are not.
  static func isReadThroughAdverb(_ word: String) -> Bool {
    word.count >= 6 && word.hasSuffix("ly") && !word.hasSuffix("ply") && !notReadThrough.contains(word)
  }

  static let notReadThrough: Set<String> = [
    "family", "assembly", "anomaly", "monopoly", "butterfly", "italy", "hardly", "barely", "scarcely", "rarely",
  ]

  private func match(reduced between: [String]) -> (Connector, Int)? {
    // Each connector's last place in the words, found from the end through the connectors' first words.
    var lastStart: [Int: Int] = [:]
    for start in stride(from: between.count - 1, through: 0, by: -1) {
      guard let candidates = Self.connectorsByFirstWord[between[start]] else { continue }
      for index in candidates where lastStart[index] == nil {
        let words = Self.connectors[index].words
        if start + words.count <= between.count, between[start..<(start + words.count)].elementsEqual(words) {
          lastStart[index] = start
        }
      }
    }
    var best: (Connector, Int)?
    // In the connectors' order, so that of two as near and as long, the first listed wins.
    for (index, start) in lastStart.sorted(by: { $0.key < $1.key }) {
      let connector = Self.connectors[index]
      let length = connector.words.count
      let filler = Array(between[(start + length)...])
      guard Self.isFiller(filler) else { continue }
      // "VLANs are created on a switch", "ethX are mapped to …": a participle after a copula is passive; after
      // an article it describes the noun ("is a widely adopted mesh").
      if connector.type == .isA, !["a", "an"].contains(connector.words.last ?? ""),
        let first = filler.first(where: { !["a", "an", "the"].contains($0) }), first.hasSuffix("ed"),
        !["a", "an", "the"].contains(filler.first ?? "")
      {
        continue
      }
      if best.map({ start > $0.1 || (start == $0.1 && length > $0.0.words.count) }) ?? true {
        best = (connector, start)
      }
    }
    return best
  }

  /// The positions in `connectors` of the connectors that start with each word.
  static let connectorsByFirstWord: [String: [Int]] = {
    var index: [String: [Int]] = [:]
    for (position, connector) in connectors.enumerated() {
      guard let first = connector.words.first else { continue }
      index[first, default: []].append(position)
    }
    return index
  }()

  /// Whether words open with a verb in -s taking an object: "creates a", "adds an", "sets the".
  static func opensWithAVerb(_ words: [String]) -> Bool {
    guard words.count >= 2, let first = words.first, first.count > 3, first.hasSuffix("s"), !first.hasSuffix("ss")
    else { return false }
    return ["a", "an", "the", "all", "each", "every", "its", "their", "one", "new"].contains(words[1])
  }

  /// Whether the words between a connector and its object are harmless: articles and up to three other
  /// words, optionally ending with "such as", "like" or "including".
  static func isFiller(_ words: [String]) -> Bool {
    var rest = words
    var introduced = false
    for introducer in trailingIntroducers
    where rest.count >= introducer.count && rest.suffix(introducer.count).elementsEqual(introducer) {
      rest.removeLast(introducer.count)
      introduced = true
      break
    }
    rest.removeAll { ["a", "an", "the"].contains($0) }
    // "a group of endpoints", "assign it a container ID": the mention is not what the connector applies to; but
    // "the notion of labels" is about labels.
    for (index, word) in rest.enumerated() where ["of", "it", "them", "him", "her", "us", "you"].contains(word) {
      guard word == "of", index > 0,
        ["notion", "concept", "idea", "use", "kind", "type", "form"].contains(rest[index - 1])
      else { return false }
    }
    if rest.contains(where: { $0.hasSuffix("ing") && $0.count > 5 && !typeNouns.contains($0) }) { return false }
    if rest.contains(where: { [",", ";", ":"].contains($0) || negations.contains($0) }) { return false }
    if rest.contains(where: { ["is", "are", "was", "were", "which", "that", "when", "if"].contains($0) }) {
      return false
    }
    // A conjunction or a preposition means the connector's object is somewhere else: "support and
    // orchestration", "created on a switch", "provide connectivity for containers", "are only routable within
    // the VNET subnet".
    // ("projects and companies such as …" is one class of things, though.)
    if rest.contains(where: {
      (!introduced && ["and", "or"].contains($0)) || $0 == "but" || $0 == "by" || prepositions.contains($0)
    }) {
      return false
    }
    return rest.count <= maximumFiller
  }
}
