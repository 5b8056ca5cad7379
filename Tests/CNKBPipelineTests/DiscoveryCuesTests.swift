import CNKBConcepts
import CNKBModel
import CNKBPipeline
import CNKBTerms
import Foundation
import Testing
import _CNKBTestSupport

/// Discovery from the shapes a documentation page gives its terms.
///
/// Glossary-style lead-ins, bold lists,
/// enumerations under a head noun, abbreviations used as modifiers, and abstract nouns that are not terms.
/// The page is converted by the real HTML reader.
@Suite struct DiscoveryCuesTests {
  private func graph(_ source: LexiconSource) throws -> ConceptGraph {
    let html = try Fixtures.data("acme-fabric-concepts.html")
    let documents = try DocumentReader().documents(html: html, source: "docs/concepts.html")
    return ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(source)).extract(documents)
  }

  private func concept(_ graph: ConceptGraph, _ surface: String) -> Concept? {
    let key = surface.lowercased()
    return graph.concepts.first { concept in
      ([concept.label, concept.abbreviation ?? ""] + concept.aliases).contains { $0.lowercased() == key }
    }
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func glossaryLeadInsBecomeTermsWithTheirDefinition(_ source: LexiconSource) throws {
    let graph = try graph(source)
    let segment = try #require(concept(graph, "segment"), "the bold lead-in 'Segment:' names a term")
    #expect(segment.definition?.text.hasPrefix("Segment: A set of pods") == true)
    let gateway = try #require(concept(graph, "gateway"), "the colon inside the bold span counts too")
    #expect(gateway.definition?.text.contains("forwards traffic between segments") == true)
    // "Tip: run …" is advice, not a definition: no article follows the colon.
    #expect(concept(graph, "tip") == nil)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func aBoldMemberOfAListBesideATermIsATerm(_ source: LexiconSource) throws {
    let graph = try graph(source)
    #expect(concept(graph, "selectors") != nil)
    // Mentioned once, but listed in bold beside "selectors".
    #expect(concept(graph, "tags") != nil)
  }

  @Test func aListMemberResolvesThroughTheListsHeadNoun() throws {
    let graph = try graph(.bundled)
    // "none" is a stop word; in "the built-in drivers are none, bridge, …" it is the lexicon's "none driver".
    let none = try #require(graph.concepts.first { $0.label == "none networking" })
    #expect(none.aliases.contains("none"))
    // Only the list member counts, not "none of them" in the next sentence.
    #expect(none.mentionCount == 1)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func anAbbreviationUsedAsAModifierMakesACompoundTerm(_ source: LexiconSource) throws {
    let graph = try graph(source)
    let agent = try #require(concept(graph, "CNI agent"), "one mention, but CNI is an abbreviation of the field")
    #expect(agent.mentionCount == 1)
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func anAbstractNounIsNoTermHoweverOftenItIsLinked(_ source: LexiconSource) throws {
    let graph = try graph(source)
    #expect(concept(graph, "program") == nil)
  }
}

/// Phrases that end a clause are not terms, however often the page writes them.
@Suite struct ClauseEndingTests {
  /// "Agents register with the controller", three times: a subject and its verb ("must register" shows the
  /// page uses the word as one), not a name; the page's real compounds stay.
  @Test(arguments: [LexiconSource.bundled, .none])
  func aNounAndTheVerbAgreeingWithItAreNoTerm(_ source: LexiconSource) throws {
    let names = try discoveredNames(in: "acme-fabric-agent-api.html", lexicon: source)
    #expect(!names.contains("agents register"))
    #expect(names.contains("tag list"))
    #expect(names.contains("firewall rules"))
  }

  /// A singular noun and its verb in -s are no term.
  ///
  /// "A request arrives at eth0.10 …", twice: the key has lost the verb's "s" ("request arrive"), so the
  /// written form must say it is a clause.
  @Test(arguments: [LexiconSource.bundled, .none])
  func aSingularNounAndItsVerbInSAreNoTerm(_ source: LexiconSource) throws {
    let names = try discoveredNames(in: "acme-fabric-two-host-lab.html", lexicon: source)
    #expect(!names.contains("request arrives"))
    #expect(names.contains("sub-interface"))
  }
}

/// A troubleshooting page is written in clauses: contractions ("the agent doesn't retry") and a subject with
/// its verb in -s ("a renewal error occurs"), each written twice or more, are no terms.
@Suite struct ContractionAndVerbTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func neitherAContractionNorASubjectWithItsVerbIsATerm(_ source: LexiconSource) throws {
    let names = try discoveredNames(in: "acme-fabric-troubleshooting.html", lexicon: source)
    // The tokenizer splits "doesn't" at its apostrophe; neither side may join a phrase.
    for clause in ["agent doesn", "t retry", "doesn", "renewal error occurs", "error occurs"] {
      #expect(!names.contains(clause), "\(clause)")
    }
    #expect(names.contains("stale route"))
  }
}

/// A plural short form spelt out beside its singular is the same abbreviation; spelt out alone, it stays as
/// the page writes it.
@Suite struct PluralAbbreviationTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func sidsAreSidsAndSLOsStaySLOs(_ source: LexiconSource) throws {
    let graph = try extractedGraph("acme-fabric-troubleshooting.html", lexicon: source)
    let sid = try #require(graph.concepts.first { $0.abbreviation == "SID" })
    #expect(sid.label == "segment identifier", "named as the singular is spelt out")
    #expect(sid.aliases.contains("SIDs"))
    #expect(!graph.concepts.contains { $0.abbreviation == "SIDs" }, "one concept, not two")
    #expect(graph.concepts.contains { $0.abbreviation == "SLOs" })
  }
}

/// An abbreviation that the corpus spells out as something other than the lexicon's entry for it is a concept
/// of its own: a database manual's "visibility map (VM)" is no virtual machine.
@Suite struct AbbreviationWithAnotherMeaningTests {
  @Test func theCorpussExpansionWinsAndTheEntryKeepsOnlyItsOwnWords() throws {
    let graph = try extractedGraph("acme-store-maintenance.html", lexicon: .bundled)
    let map = try #require(graph.concepts.first { $0.label == "visibility map" })
    #expect(map.abbreviation == "VM")
    #expect(!map.aliases.contains { $0.lowercased() == "virtual machine" })
    #expect(map.mentionCount == 6, "spelt out once, then VM five times")
    let machine = try #require(graph.concepts.first { $0.label == "virtual machine" })
    #expect(machine.mentionCount == 2, "only where the page writes \"virtual machine\"")
  }
}

/// Every label and alias, in lower case, of the concepts extracted from one fixture page read by the real
/// HTML reader.
private func discoveredNames(in fixture: String, lexicon: LexiconSource) throws -> Set<String> {
  let graph = try extractedGraph(fixture, lexicon: lexicon)
  return Set(graph.concepts.flatMap { [$0.label.lowercased()] + $0.aliases.map { $0.lowercased() } })
}

/// An abbreviation stands for the words it is defined by, unless they are only a longer identifier.
@Suite struct IdentifierExpansionTests {
  /// A hook named "optionxform (option)" on a page that writes "option" two dozen times is no expansion.
  ///
  /// There "option" is the page's own word, not short for the hook. "string (str)", whose long form the page
  /// writes more often than the short one, stays a definition.
  @Test(arguments: [LexiconSource.bundled, .none])
  func aLongerIdentifierIsNoExpansionOfACommonWord(_ source: LexiconSource) throws {
    let graph = try extractedGraph("acme-fabric-config-reader.html", lexicon: source)
    #expect(!graph.concepts.contains { $0.abbreviation == "option" || $0.label == "optionxform" })
    let string = try #require(graph.concepts.first { $0.abbreviation == "str" })
    #expect(string.label == "string")
  }
}

/// The concepts of one fixture page read by the real HTML reader.
private func extractedGraph(_ fixture: String, lexicon: LexiconSource) throws -> ConceptGraph {
  let documents = try DocumentReader().documents(html: try Fixtures.data(fixture), source: "docs/" + fixture)
  return ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(lexicon)).extract(documents)
}

/// Discovery tells a term from a clause by how the corpus itself uses the words: a phrase led by a word the
/// text writes as a verb ("can provision", "want to provision") is something done, not something named.
@Suite struct VerbLedPhraseTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func phrasesLedByTheCorpussVerbsAreNoTerms(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-segments.html", lexicon: source)
    // Named twice, or once beside two established "… segment" terms: these are terms.
    #expect(found.contains("edge segment"))
    #expect(found.contains("private segment"))
    #expect(found.contains("tenant segment"), "one mention, but its head noun heads two terms")
    // Written twice ("can provision segments", "want to provision segments"), and once ("need to retire
    // segments"): clauses, whatever their counts.
    #expect(!found.contains("provision segments"))
    #expect(!found.contains("retire segments"))
  }

  /// In a large corpus a phrase written once beside terms of its head noun is mostly prose: the same page,
  /// counted as a corpus past the vouching scale, keeps its terms written twice and drops the one written once.
  @Test(arguments: [LexiconSource.bundled, .none])
  func aLargeCorpusAsksMoreThanOneMentionOfAVouchedPhrase(_ source: LexiconSource) throws {
    let documents = try DocumentReader().documents(
      html: try Fixtures.data("acme-fabric-segments.html"), source: "docs/acme-fabric-segments.html")
    let textLength = documents.reduce(0) { total, document in
      document.sentences.reduce(total) { $0 + ($1.end - $1.start) }
    }
    var options = ConceptExtractor.Options()
    options.vouchingTextScale = textLength
    let graph = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(source), options: options).extract(documents)
    let found = Set(graph.concepts.flatMap { [$0.label.lowercased()] + $0.aliases.map { $0.lowercased() } })
    #expect(found.contains("edge segment"))
    #expect(found.contains("private segment"))
    #expect(!found.contains("tenant segment"), "written once, in a corpus large enough to ask for two mentions")
  }

  @Test func wordRolesComeFromWhatEachWordFollows() {
    var roles: [String: WordRoles] = [:]
    let sentence = "They provision the segments, and IT departments want to retire them next to private racks."
    WordRoles.count(Tokenizer().tokenize(sentence), into: &roles)
    #expect(roles["provision"] == WordRoles(afterVerbCue: 1), "after a subject pronoun")
    #expect(roles["segments"] == WordRoles(afterNounCue: 1), "after a determiner")
    #expect(roles["departments"] == nil, "IT in capitals is no pronoun")
    #expect(roles["retire"] == WordRoles(afterVerbCue: 1), "\"want to\" marks an infinitive")
    #expect(roles["private"] == WordRoles(afterTo: 1), "a bare \"to\" may be a preposition")

    #expect(WordRoles(afterVerbCue: 1).looksLikeVerb("provision"))
    #expect(!WordRoles(afterVerbCue: 1, afterNounCue: 3).looksLikeVerb("service"))
    #expect(WordRoles(afterTo: 1).looksLikeVerb("augment"), "never after a determiner, once after \"to\"")
    #expect(!WordRoles(afterTo: 1).looksLikeVerb("serverless"), "an adjective's ending")
    #expect(!WordRoles(afterTo: 2, afterNounCue: 1).looksLikeVerb("address"), "a noun as well: \"to\" is weak")
  }
}

/// People are no concepts: a blog names its speakers and authors as often as its terms.
@Suite struct PersonNameTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func speakersAreNotTermsButWhatTheyTalkedAboutIs(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-blog-meetup.html", lexicon: source)
    #expect(found.contains("edge segment"))
    #expect(found.contains("private segment"))
    for name in ["priya raman", "tom keller", "raman", "keller", "priya", "tom", "ruth lantern"] {
      #expect(!found.contains(name), "\(name) is a person")
    }
    // A tool named far more often on its own than the one person who shares its name.
    #expect(found.contains("lantern"))
  }
}

/// A list introduced by a plural noun that heads the corpus's terms names kinds of that thing: "supported
/// backends include vxlan, ipip and wireguard", beside "tunnel backend" and "host backend".
@Suite struct KindsOfATermTests {
  @Test func membersOfAListUnderATermsHeadNounAreTerms() throws {
    let found = try discoveredNames(in: "acme-fabric-backends.html", lexicon: .none)
    #expect(found.contains("host backend"))
    #expect(found.contains("tunnel backend"))
    for member in ["vxlan", "ipip", "wireguard"] {
      #expect(found.contains(member), "\(member) is one of the backends, mentioned once, in lower case")
    }
    // "operators have …" has no trigger, and "operator" heads no term: qualities, not kinds.
    #expect(!found.contains("curiosity"))
  }
}

/// Terms written once, in a place that vouches for them: the phrase that introduces a list of kinds, a
/// phrase that opens a sentence beside the corpus's terms of the same head, and the subject of a sentence
/// that defines it.
@Suite struct TermsNamedOnceTests {
  @Test func thePhraseThatIntroducesKindsIsATerm() throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: .none)
    #expect(found.contains("bundled drivers"), "it introduces flat, ribbon and geneve, and 'driver' heads terms")
    for member in ["flat", "ribbon", "geneve"] { #expect(found.contains(member)) }
  }

  @Test func aPhraseOpeningASentenceBesideTermsOfItsHeadIsATermInLowerCase() throws {
    let documents = try DocumentReader().documents(
      html: try Fixtures.data("acme-fabric-drivers.html"), source: "docs/drivers.html")
    let graph = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.none)).extract(documents)
    let community = try #require(
      graph.concepts.first { $0.label.lowercased() == "community drivers" },
      "written once, opening a sentence, beside 'segment driver' and 'uplink driver'")
    // The page writes "community" in lower case mid-sentence: the capital is the sentence's, not a name's.
    #expect(community.label == "community drivers")
    #expect(community.aliases.contains("Community drivers"))
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func theSubjectOfADefiningSentenceIsATerm(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: source)
    #expect(found.contains("fabric controller"), "'The fabric controller is responsible for …' defines it")
    // "The main problem is that …" has the same shape, but "problem" is an abstract noun.
    #expect(!found.contains("main problem"))
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func aTokenJoinedAroundAStopWordIsATerm(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: source)
    // "point-to-point", twice: one written token, whose inner "to" does not end a candidate.
    #expect(found.contains("point-to-point"))
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func anEvaluativeAdjectiveMakesNoTerm(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: source)
    // "minimal overhead", twice: a judgement of the overhead, not a kind of it (the stop words list them).
    #expect(!found.contains("minimal overhead"))
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func aPhraseMostlyFollowedByAnObjectIsAClause(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: source)
    // "A segment driver decides how …", "an uplink driver decides the …": twice, but a verb and its object.
    #expect(!found.contains("driver decides"))
    #expect(!found.contains("segment driver decides"))
    #expect(found.contains("segment driver"))
  }

  @Test(arguments: [LexiconSource.bundled, .none])
  func aPastParticipleOpeningItsRunOfWordsIsAnAdjective(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-drivers.html", lexicon: source)
    // "most distributed systems", "a distributed system": the participle describes the noun.
    #expect(found.contains("distributed systems"))
    // "reviewers ranked drivers", "operators ranked drivers": the participle follows its subject inside the
    // run, a verb.
    #expect(!found.contains("ranked drivers"))
    #expect(!found.contains("reviewers ranked drivers"))
  }
}

/// How-to pages write commands between their sentences: option flags and the keys of assignments are the
/// software's syntax, not terms ("-o parent=eth0.10" is no "o parent").
@Suite struct CommandSyntaxTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func flagsAndAssignmentKeysAreNoTerms(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-cli.html", lexicon: source)
    // The prose around the commands still names its terms.
    #expect(found.contains("parent interface"))
    #expect(found.contains("sub-interface"))
    for syntax in ["o parent", "aux-address", "ip-range", "macvlan_mode", "o macvlan_mode", "srcip", "dstport"] {
      #expect(!found.contains(syntax), "\(syntax) is command syntax")
    }
  }
}

/// Discovered concepts rank on the same logarithmic scale of frequency as the lexicon's: a design page that
/// writes its settings object `Options` sixteen times still ranks the field's terms first.
@Suite struct RankingScaleTests {
  @Test func anOftenWrittenWordDoesNotOutrankTheLexiconsTerms() throws {
    let graph = try extractedGraph("acme-fabric-design.html", lexicon: .bundled)
    let ranked = graph.concepts.sorted { ($1.score, $0.id.rawValue) < ($0.score, $1.id.rawValue) }
    let options = try #require(ranked.firstIndex { $0.label == "Options" }, "a term of this page all the same")
    #expect(
      ranked[..<options].allSatisfy { $0.mentionCount < ranked[options].mentionCount },
      "written more often than every concept above it")
    for label in ["network driver", "endpoint", "IPAM driver"] {
      let index = try #require(ranked.firstIndex { $0.label == label }, "\(label)")
      #expect(index < options, "\(label) ranks above Options")
    }
    #expect(ranked.prefix(3).allSatisfy { $0.origin != .discovered })
  }
}

/// A definition is a sentence that describes: not a page's heading, not the next cell of a table, not a
/// label followed by values.
@Suite struct DefinitionShapeTests {
  @Test func headingsTableCellsAndValueLinesDefineNothing() throws {
    let graph = try extractedGraph("acme-fabric-cli.html", lexicon: .bundled)
    let definitions = graph.concepts.compactMap { concept in concept.definition.map { (concept.label, $0.text) } }
    for (label, text) in definitions {
      #expect(text.split(separator: " ").count >= 3, "\(label): \(text)")
      #expect(!text.hasPrefix("VLAN: 10"), "\(label): values after a label describe nothing")
      #expect(text != "Swarm services on macvlan", "\(label): a heading names, it does not define")
    }
    // "swarm" in a table's last cell, then a paragraph of values: Docker Swarm has nothing here to define it.
    let swarm = try #require(graph.concepts.first { $0.label == "Docker Swarm" })
    #expect(swarm.definition == nil)
    let macvlan = try #require(graph.concepts.first { $0.label == "MACvlan" })
    #expect(macvlan.definition?.text.contains("its own MAC address") == true)
  }

  /// A comparison table's header row names its columns ("Question | MACvlan | IPvlan"); the first cell of the next
  /// row is no description of the last column's name.
  @Test func aColumnHeaderLabelsNothing() throws {
    let page = Fixtures.samplesDirectory.appendingPathComponent("blog/macvlan-vs-ipvlan.html")
    let documents = try DocumentReader().documents(html: try Data(contentsOf: page), source: "blog/macvlan-vs-ipvlan")
    let graph = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.bundled)).extract(documents)
    for label in ["MACvlan", "IPvlan"] {
      let concept = try #require(graph.concepts.first { $0.label == label })
      #expect(concept.definition?.kind != "label", "\(label): \(concept.definition?.text ?? "")")
      #expect(concept.definition?.text.contains(label) == true, "\(label): \(concept.definition?.text ?? "")")
    }
  }

  /// An API page's sentences open with "When …, " or "In a lease, ", test fields ("if the tag list is empty") and
  /// use names as modifiers ("The controller's address"); none of these defines the term.
  @Test func openingPhrasesConditionsAndPossessivesDefineNothing() throws {
    // The page's own nouns, as a team would add them to its glossary.
    let temp = try TemporaryDirectory()
    let glossary = temp.path("glossary")
    try FileManager.default.copyItem(
      at: Fixtures.repositoryRoot.appendingPathComponent("glossary"), to: URL(fileURLWithPath: glossary))
    let terms = URL(fileURLWithPath: glossary).appendingPathComponent("terms.jsonl")
    var lines = try String(contentsOf: terms, encoding: .utf8)
    for (label, description) in [
      ("attachment", "A container's link to a segment."), ("lease", "An address reserved for a while."),
      ("tag list", "Tags an attachment carries."), ("controller", "The program that decides what agents do."),
    ] {
      lines += #"{"label": "\#(label)", "category": "concept", "description": "\#(description)"}"# + "\n"
    }
    try lines.write(to: terms, atomically: true, encoding: .utf8)
    let documents = try DocumentReader().documents(
      html: try Fixtures.data("acme-fabric-agent-api.html"), source: "docs/agent-api.html")
    let graph = ConceptExtractor(vocabulary: try LexiconLoader.vocabulary(.directory(glossary))).extract(documents)
    func definition(_ label: String) throws -> Definition? {
      try #require(graph.concepts.first { $0.label == label }, "\(label) is in the glossary").definition
    }
    // "When the controller creates an attachment, the agent receives …" is the main clause, not an appositive.
    #expect(try definition("attachment")?.kind != "appositive")
    // Two opening phrases and one plain statement: the statement is the best the page says of leases.
    #expect(try definition("lease")?.text == "Leases last one hour by default.")
    // "… is refused if the tag list is empty" says when, not what.
    #expect(try definition("tag list")?.kind != "copula")
    // "The controller's address is read from …" is about the address.
    #expect(try definition("controller")?.kind != "subject")
  }
}

/// The things of a lab's example are no terms.
///
/// A lab page names hosts and networks numbered by hand ("host-1", "net-2"), VLAN sub-interfaces ("eth0.10")
/// and settings with their values ("vlan id 20"). The kinds of thing they are, and names with numbers of their
/// own ("Layer 2", "802.1Q", "UTF-8"), are terms.
@Suite struct ExampleValueTests {
  @Test(arguments: [LexiconSource.bundled, .none])
  func namesAndValuesOfAnExampleAreNoTerms(_ source: LexiconSource) throws {
    let found = try discoveredNames(in: "acme-fabric-two-host-lab.html", lexicon: source)
    for example in ["host-1", "host-2", "net-1", "net-2", "eth0.10", "eth0.20", "vlan id 10", "vlan id 20"] {
      #expect(!found.contains(example), "\(example)")
    }
    for term in ["802.1q", "layer 2", "utf-8", "sub-interface"] {
      #expect(found.contains(term), "\(term)")
    }
  }

  /// "VLANs" is the plural of the lexicon's "VLAN": its mentions count for the lexicon's concept, not for a
  /// discovered "VLANs" beside it.
  @Test func anAbbreviationsPluralMatchesTheLexiconEntry() throws {
    let graph = try extractedGraph("acme-fabric-two-host-lab.html", lexicon: .bundled)
    let vlan = try #require(graph.concepts.first { $0.abbreviation == "VLAN" })
    #expect(vlan.aliases.contains("VLANs"))
    #expect(!graph.concepts.contains { $0.label == "VLANs" })
  }
}
