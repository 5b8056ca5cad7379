import CNKBModel
import Testing
import _CNKBTestSupport

@testable import CNKBRelations

/// `related_to` edges: significant co-occurrence, not mere frequency.
@Suite struct CooccurrenceTests {
  /// Twenty sentences: "container" is everywhere, VXLAN and UDP meet twice, and nothing else pairs up.
  private var corpus: RelationCorpus {
    var lines = (1...16).map { "Sentence \($0) talks about a container and nothing in particular." }
    lines += [
      "VXLAN wraps frames in UDP datagrams.",
      "A VXLAN tunnel endpoint listens on a UDP port.",
      "Geneve is another encapsulation for a container.",
      "BGP announces routes for a container.",
    ]
    return RelationCorpus(
      ["doc": lines],
      terms: [
        "container": ["container"], "vxlan": ["VXLAN"], "udp": ["UDP"], "geneve": ["Geneve"], "bgp": ["BGP"],
      ])
  }

  @Test func aPairThatMeetsMoreOftenThanChanceIsRelated() throws {
    let related = corpus.relations().filter { $0.type == "related_to" }
    let pair = try #require(related.first { $0.source.rawValue == "udp" && $0.target.rawValue == "vxlan" })
    #expect(pair.weight > 0.5)
    #expect(pair.evidence.count == 2)
  }

  /// Normalised PMI is highest (1) for two terms that meet once and never appear apart, however little one
  /// sentence shows; a pair seen together again and again must not rank below such a chance meeting.
  @Test func aPairSeenOftenOutranksAPairThatMetOnce() throws {
    var lines = (1...30).map { "Sentence \($0) talks about a container and nothing in particular." }
    lines += (1...6).map { "Notes on VXLAN; notes on UDP, case \($0)." }
    lines += ["Geneve was compared with STT once.", "UDP appears alone here.", "VXLAN appears alone here."]
    let corpus = RelationCorpus(
      ["doc": lines],
      terms: [
        "container": ["container"], "vxlan": ["VXLAN"], "udp": ["UDP"], "geneve": ["Geneve"], "stt": ["STT"],
      ])
    let related = corpus.relations().filter { $0.type == "related_to" }
    let often = try #require(related.first { $0.source.rawValue == "udp" && $0.target.rawValue == "vxlan" })
    let once = try #require(related.first { $0.source.rawValue == "geneve" && $0.target.rawValue == "stt" })
    #expect(often.weight > once.weight)
    // Each is still what it was: once halves a chance meeting's weight, six sentences keep six sevenths.
    #expect(once.weight <= 0.5)
    #expect(often.weight > 0.5)
  }

  @Test func aWordThatIsEverywhereRelatesToNothingByFrequencyAlone() {
    let related = corpus.relations().filter { $0.type == "related_to" }
    // "container" shares a sentence with Geneve and BGP, but it is in almost every sentence: no association.
    #expect(!related.contains { $0.source.rawValue == "container" || $0.target.rawValue == "container" })
  }

  @Test func theThresholdAndMinimumCountAreHonoured() {
    var options = RelationExtractor.Options()
    options.minimumCooccurrence = 3
    #expect(!corpus.relations(options).contains { $0.type == "related_to" })
    options.minimumCooccurrence = 1
    #expect(corpus.relations(options).contains { $0.type == "related_to" })
    // Normalised PMI never exceeds 1.
    options.minimumAssociation = 1.01
    options.minimumSectionAssociation = 1.01
    #expect(!corpus.relations(options).contains { $0.type == "related_to" })
  }

  /// In a large corpus one shared sentence is a chance meeting: a pair needs two.
  ///
  /// The corpus's text decides, so a small `largeCorpusText` makes this twenty-sentence corpus a large one.
  @Test func aLargeCorpusAsksForTwoSharedSentences() throws {
    var lines = (1...30).map { "Sentence \($0) talks about a container and nothing in particular." }
    lines += ["Notes on VXLAN and on UDP.", "More notes on VXLAN and on UDP.", "Geneve was compared with STT once."]
    let corpus = RelationCorpus(
      ["doc": lines],
      terms: [
        "container": ["container"], "vxlan": ["VXLAN"], "udp": ["UDP"], "geneve": ["Geneve"], "stt": ["STT"],
      ])
    func related(_ options: RelationExtractor.Options) -> Set<String> {
      Set(corpus.relations(options).filter { $0.type == "related_to" }.map { "\($0.source) \($0.target)" })
    }
    var options = RelationExtractor.Options()
    let text = lines.reduce(0) { $0 + $1.unicodeScalars.count }
    options.largeCorpusText = text + 1_000
    #expect(related(options) == ["geneve stt", "udp vxlan"])
    options.largeCorpusText = text / 2
    #expect(related(options) == ["udp vxlan"])
    // A stricter minimum count still holds in a large corpus.
    options.minimumCooccurrence = 3
    #expect(related(options).isEmpty)
  }

  /// Pairs are counted on every core, each core taking a share of them: however many shares, every pair is
  /// counted once, with the same count and the same earliest evidence sentences (gathered in a second reading,
  /// for the pairs asked about only).
  @Test func sharesSplitThePairsWithoutChangingThem() {
    var random = SeededGenerator(seed: 42)
    let units = (0..<400).map { sentence in
      let size = Int.random(in: 0...9, using: &random)
      let members = Set((0..<size).map { _ in Int32.random(in: 0..<40, using: &random) })
      return RelationExtractor.Unit(concepts: members.sorted().map { ($0, Int32(sentence)) })
    }
    func counted(shares: Int) -> [UInt64: (count: Int32, evidence: [Int32])] {
      var all: [UInt64: (count: Int32, evidence: [Int32])] = [:]
      for share in 0..<shares {
        let counts = PairShare.counts(units, conceptCount: 40, share: share, of: shares)
        let keys = counts.map(\.key)
        #expect(keys == keys.sorted() && Set(keys).count == keys.count, "pairs in key order, each once")
        var table = PairShare(keep: 3)
        table.gatherEvidence(units, pairs: keys, share: share, of: shares)
        for (slot, pair) in counts.enumerated() {
          #expect(all[pair.key] == nil, "pair counted by two shares")
          all[pair.key] = (pair.count, table.evidence(of: slot))
        }
      }
      return all
    }
    let whole = counted(shares: 1)
    #expect(whole.count > 300)
    // Every pair that meets is counted, as often as it meets, and no other.
    var met: [UInt64: Int32] = [:]
    for unit in units {
      for (index, first) in unit.concepts.enumerated() {
        for second in unit.concepts[(index + 1)...] {
          met[UInt64(UInt32(first.concept)) << 32 | UInt64(UInt32(second.concept)), default: 0] += 1
        }
      }
    }
    #expect(whole.mapValues(\.count) == met)
    for shares in [2, 3, 7] {
      let split = counted(shares: shares)
      #expect(split.count == whole.count)
      for (pair, figures) in whole {
        #expect(split[pair]?.count == figures.count && split[pair]?.evidence == figures.evidence, "\(shares) shares")
      }
    }
    // The evidence kept is a pair's earliest distinct sentences.
    let (pair, figures) = whole.first { $0.value.count >= 4 }!
    let first = Int32(pair >> 32)
    let second = Int32(pair & 0xFFFF_FFFF)
    let meetings = units.indices.filter { index in
      let concepts = units[index].concepts.map(\.concept)
      return concepts.contains(first) && concepts.contains(second)
    }
    #expect(figures.count == Int32(meetings.count))
    #expect(figures.evidence == meetings.prefix(3).map { Int32($0) })
    // Evidence is gathered for the pairs asked about and for no other.
    var some = PairShare(keep: 3)
    some.gatherEvidence(units, pairs: [pair], share: 0, of: 1)
    #expect(some.evidence(of: 0) == figures.evidence)
    #expect(some.evidence(of: 1).isEmpty)
  }

  @Test func aFooterThatEndsEveryPostIsNoEvidence() {
    // Three posts end with the same by-line shape, and only that line names Calico and Flannel.
    var pages: [String: [String]] = [:]
    for (number, title) in ["Routing at scale", "Overlay notes", "Policy basics"].enumerated() {
      pages["post-\(number)"] = [
        "# \(title)", "Routes are shared between hosts in post \(number).", "Each host keeps its own table.",
        "\(title) was first published by Calico and Flannel fans on March \(number + 1), 2017.",
      ]
    }
    pages["post-3"] = ["# Other", "VXLAN relies on UDP for transport."]
    let corpus = RelationCorpus(
      pages, terms: ["calico": ["Calico"], "flannel": ["Flannel"], "vxlan": ["VXLAN"], "udp": ["UDP"]])
    let relations = corpus.relations()
    #expect(relations.contains { $0.source.rawValue == "vxlan" && $0.type == "uses" })
    #expect(!relations.contains { $0.evidence.contains { $0.sentence.contains("first published") } })
  }

  @Test func outputIsSortedAndIndependentOfConceptOrder() {
    let forward = corpus.relations()
    var reversed = corpus
    reversed.concepts.reverse()
    #expect(forward == reversed.relations())
    #expect(
      forward.map { "\($0.source)\u{0}\($0.target)\u{0}\($0.type)" }
        == forward.map { "\($0.source)\u{0}\($0.target)\u{0}\($0.type)" }.sorted())
  }
}
