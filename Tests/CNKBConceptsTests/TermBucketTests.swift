import CNKBModel
import Testing

@testable import CNKBConcepts

/// A candidate term's bucket keeps its fields in a shared box, yet behaves as a value: resolving the corpus copies
/// buckets into drafts and into the snapshots the cores read, then changes the drafts.
@Suite struct TermBucketTests {
  private func mention(_ document: String, _ start: Int, _ surface: String) -> Mention {
    Mention(document: document, sentence: 0, start: start, end: start + surface.unicodeScalars.count, surface: surface)
  }

  /// Runs read from the compact list give every mention's document and sentence, in order; a document listed
  /// for several runs counts once towards the documents.
  @Test func runsByDocumentGiveEveryMentionAndDocumentsCountOnce() {
    func sentenceMention(_ document: String, _ sentence: Int) -> Mention {
      Mention(document: document, sentence: sentence, start: sentence * 10, end: sentence * 10 + 4, surface: "VLAN")
    }
    var bucket = TermBucket(key: "vlan", wordCount: 1)
    for (document, sentence) in [("a.html", 2), ("a.html", 5), ("b.html", 1)] {
      bucket.add(sentenceMention(document, sentence), running: true, cue: false, heading: false)
    }
    var later = TermBucket(key: "vlan", wordCount: 1)
    for (document, sentence) in [("a.html", 9), ("c.html", 0), ("c.html", 3)] {
      later.add(sentenceMention(document, sentence), running: true, cue: false, heading: false)
    }
    bucket.absorb(later)
    var read: [String] = []
    var runs = 0
    bucket.forEachDocumentRun { document, sentences in
      runs += 1
      read += sentences.map { "\(document)#\($0)" }
    }
    #expect(read == bucket.mentions.map { "\($0.document)#\($0.sentence)" })
    #expect(runs == 4)
    #expect((0...5).map { bucket.isMentioned(inAtLeast: $0) } == [true, true, true, true, false, false])
    bucket.keepMentions(in: ["a.html"])
    #expect(bucket.isMentioned(inAtLeast: 1) && !bucket.isMentioned(inAtLeast: 2))
    read = []
    bucket.forEachDocumentRun { document, sentences in read += sentences.map { "\(document)#\($0)" } }
    #expect(read == ["a.html#2", "a.html#5", "a.html#9"])
  }

  @Test func changingACopyLeavesTheOriginalAsItWas() {
    var original = TermBucket(key: "overlay network", wordCount: 2)
    original.add(mention("a.html", 10, "overlay network"), running: true, cue: true, heading: false)
    var copy = original
    copy.add(mention("b.html", 4, "Overlay Network"), running: false, cue: false, heading: true)
    copy.keepMentions(in: ["b.html"])
    copy.wordCount = 3

    #expect(original.mentions.map(\.document) == ["a.html"])
    #expect(original.surfaces == ["overlay network": 1])
    #expect(original.cues == 1 && original.headings == 0 && original.wordCount == 2)
    #expect(copy.mentions.map(\.document) == ["b.html"])
    #expect(copy.surfaces == ["overlay network": 1, "Overlay Network": 1])
    #expect(copy.runningSurfaces == ["overlay network": 1])
    #expect(copy.cues == 1 && copy.headings == 1 && copy.wordCount == 3)
  }

  @Test func absorbingLeavesTheAbsorbedBucketAndItsCopiesAlone() {
    var first = TermBucket(key: "vxlan", wordCount: 1)
    first.add(mention("a.html", 0, "VXLAN"), running: true, cue: false, heading: false)
    var second = TermBucket(key: "vxlan", wordCount: 1)
    second.add(mention("b.html", 7, "VXLAN"), running: false, cue: true, heading: false, linkCue: true)
    let snapshot = first

    first.absorb(second)

    #expect(first.mentions.map(\.document) == ["a.html", "b.html"])
    #expect(first.surfaces == ["VXLAN": 2] && first.runningSurfaces == ["VXLAN": 1])
    #expect(first.cues == 1 && first.linkCues == 1)
    #expect(first.firstSeen?.document == "a.html")
    #expect(snapshot.mentions.map(\.document) == ["a.html"] && snapshot.cues == 0)
    #expect(second.mentions.map(\.document) == ["b.html"] && second.surfaces == ["VXLAN": 1])
  }

  @Test func eachSpellingIsCountedOnceListedAndGoesWithItsMentions() {
    var bucket = TermBucket(key: "vlan", wordCount: 1)
    bucket.add(mention("a.html", 0, "VLAN"), running: true, cue: false, heading: false)
    bucket.add(mention("a.html", 9, "VLANs"), running: false, cue: false, heading: true)
    bucket.add(mention("b.html", 3, "VLAN"), running: false, cue: false, heading: false)

    #expect(bucket.surfaces == ["VLAN": 2, "VLANs": 1])
    #expect(bucket.runningSurfaces == ["VLAN": 1])
    #expect(bucket.surfaceForms == ["VLAN", "VLANs"])
    #expect(bucket.mentions.map(\.surface) == ["VLAN", "VLANs", "VLAN"])

    bucket.removeMentions(writtenAs: ["VLANs"])
    #expect(bucket.surfaces == ["VLAN": 2] && bucket.mentions.map(\.start) == [0, 3])

    var restored = TermBucket(key: "pod network", wordCount: 2)
    restored.setSurfaces(
      ["pod network": 1, "POD NETWORK": 5, "Pod network": 1], running: ["pod network": 1, "Pod network": 1])
    #expect(restored.surfaces == ["pod network": 1, "POD NETWORK": 5, "Pod network": 1])
    #expect(restored.runningSurfaces == ["pod network": 1, "Pod network": 1])
    // Named as written in running text, however often a heading shouts it; between equals, the first in order.
    #expect(CorpusCollector.preferredLabel(restored) == "Pod network")
  }

  @Test func mentionsComeBackWholeAfterJoinsRenamingsAndRemovals() {
    // A bucket keeps its mentions compactly (document and spelling by position in its own lists); whatever is
    // done to it, each mention reads back with its own document, offsets and spelling.
    var early = TermBucket(key: "macvlan", wordCount: 1)
    early.add(mention("a.html", 0, "MACvlan"), running: true, cue: false, heading: false)
    early.add(mention("a.html", 20, "macvlan"), running: true, cue: false, heading: false)
    early.add(mention("c.html", 5, "MACvlan"), running: false, cue: false, heading: true)
    var late = TermBucket(key: "macvlan", wordCount: 1)
    // Listed the other way round, and with a spelling only its mentions carry (an acronym's uses taken over).
    late.add(mention("d.html", 1, "macvlan"), running: true, cue: false, heading: false)
    late.add(mention("d.html", 9, "MACvlan"), running: true, cue: false, heading: false)
    late.appendMentions([mention("e.html", 2, "MACVLAN")])
    let expected = early.mentions + late.mentions

    early.absorbLater(late)
    #expect(early.mentions == expected)
    #expect(early.mentionCount == 6)
    #expect(early.surfaces == ["MACvlan": 3, "macvlan": 2])
    #expect(early.documents == ["a.html", "c.html", "d.html", "e.html"] && early.documentCount == 4)

    // New counts from a partial record: the mentions keep their spellings though the list is rebuilt.
    var renamed = early
    renamed.setSurfaces(["macvlan": 4, "MACVLAN": 1], running: ["macvlan": 3])
    #expect(renamed.mentions == expected)
    #expect(renamed.surfaceForms == ["MACVLAN", "macvlan"])

    early.removeMentions(writtenAs: ["macvlan"])
    #expect(early.mentions == expected.filter { $0.surface != "macvlan" })
    #expect(early.documents == ["a.html", "c.html", "d.html", "e.html"])
    early.keepMentions(in: ["c.html", "e.html"])
    #expect(early.mentions.map(\.document) == ["c.html", "e.html"] && early.documentCount == 2)
    #expect(early.mentions.map(\.surface) == ["MACvlan", "MACVLAN"])
  }

  @Test func spansCountedTwiceCountOnce() {
    // The same span reached through two routes, even from two runs of reading, is one mention of the term.
    var bucket = TermBucket(key: "ipvlan", wordCount: 1)
    bucket.add(mention("a.html", 0, "IPvlan"), running: true, cue: false, heading: false)
    bucket.add(mention("a.html", 30, "IPvlan"), running: true, cue: false, heading: false)
    bucket.add(mention("a.html", 0, "IPvlan"), running: false, cue: true, heading: false)
    var other = TermBucket(key: "ipvlan", wordCount: 1)
    other.add(mention("b.html", 4, "ipvlan"), running: true, cue: false, heading: false)
    other.appendMentions([mention("a.html", 30, "IPvlan"), mention("a.html", 44, "IPvlan")])
    bucket.absorbLater(other)

    #expect(bucket.mentionCount == 6)
    #expect(bucket.uniqueMentions.map(\.start) == [0, 30, 44, 4])
    #expect(bucket.uniqueMentionCount == 4)
    #expect(TermBucket(key: "none", wordCount: 1).uniqueMentionCount == 0)
  }
}
