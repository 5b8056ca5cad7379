import Testing

@testable import CNKBConcepts

/// The yardstick of general software manuals that discovered one-word terms are held against.
@Suite struct BackgroundWordsTests {
  @Test func theBundledCountsKnowManualWordsAndNotTheFieldsTerms() {
    let bundled = BackgroundWords.bundled
    #expect(bundled.counts.count > 5_000)
    // Every line of the generated table was read: a hand edit that breaks one shows here.
    let lines = BackgroundWords.table.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
    #expect(bundled.counts.count == lines.count)
    #expect(bundled.counts.values.allSatisfy { $0 >= 20 })
    #expect(bundled.characters > 10_000_000)
    for word in ["option", "version", "name", "size", "search"] {
      #expect((bundled.counts[word] ?? 0) > 1_000, "\(word)")
    }
    for term in ["macvlan", "ipvlan", "iptables", "vxlan", "kubernetes", "calico"] {
      #expect(bundled.counts[term] == nil, "\(term)")
    }
  }

  @Test func relativeFrequencyComparesRatesPerCharacterOverEveryWrittenForm() throws {
    let yardstick = BackgroundWords(table: "option 40\noptions 60\nlimit 10\n", characters: 1_000_000)
    // 100 in a million characters there; 50 in 100,000 here: five times as often.
    let ratio = try #require(
      yardstick.relativeFrequency(of: ["option", "Option", "options"], mentions: 50, corpusCharacters: 100_000))
    #expect(abs(ratio - 5) < 1e-9)
    #expect(yardstick.relativeFrequency(of: ["ipvlan"], mentions: 50, corpusCharacters: 100_000) == nil)
    #expect(yardstick.relativeFrequency(of: ["limit"], mentions: 3, corpusCharacters: 0) == nil)
  }

  @Test func theFactorFallsFromOneAtFourTimesTheYardstickToAFloorAtItsRate() {
    #expect(BackgroundWords.ordinaryWordFactor(relativeFrequency: 400) == 1)
    #expect(BackgroundWords.ordinaryWordFactor(relativeFrequency: 4) == 1)
    #expect(abs(BackgroundWords.ordinaryWordFactor(relativeFrequency: 2) - 0.65) < 1e-9)
    #expect(BackgroundWords.ordinaryWordFactor(relativeFrequency: 1) == 0.3)
    #expect(BackgroundWords.ordinaryWordFactor(relativeFrequency: 0.01) == 0.3)
    let steps = stride(from: 0.5, through: 5, by: 0.25).map {
      BackgroundWords.ordinaryWordFactor(relativeFrequency: $0)
    }
    #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 <= $1 }, "never rises as the word grows more ordinary")
  }
}
