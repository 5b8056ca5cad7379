import CNKBModel
import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// Definitions are judged from the text around each mention.
///
/// Sentences in ASCII take a path cut from their bytes;
/// it must read them exactly as the path through Unicode scalars does.
@Suite struct AroundMentionTests {
  @Test func theASCIIPathReadsSentencesAsTheScalarPathDoes() throws {
    let pieces = [
      "The", "overlay", "driver", "is", "a", "way", "to", "VXLAN", "(", ")", "(CNM)", ",", ":", "-",
      "–".filter(\.isASCII),
      "known as", "refers to", "  ", "\t", " ", "Macvlan", "IS", "An", "i.e.", ".",
    ].filter { !$0.isEmpty }
    for seed in UInt64(1)...300 {
      var random = SeededGenerator(seed: seed)
      let text = (0..<Int.random(in: 1...18, using: &random)).map { _ in pieces.randomElement(using: &random)! }
        .joined(separator: Bool.random(using: &random) ? " " : "")
      let length = text.unicodeScalars.count
      let offset = Int.random(in: 0...40, using: &random)
      let sentence = Sentence(block: 0, start: offset, end: offset + length, text: text)
      for _ in 0..<6 {
        // Mostly inside the sentence, sometimes hanging over either end.
        let start = Int.random(in: -2...(length + 1), using: &random)
        let end = start + Int.random(in: 0...8, using: &random)
        let mention = Mention(
          document: "d", sentence: 0, start: offset + start, end: offset + end, surface: "x")
        let fast = CorpusCollector.aroundMention(mention, in: sentence)
        let reference = CorpusCollector.aroundMentionByScalars(mention, in: sentence)
        #expect(fast?.before == reference?.before, "seed \(seed): \(text.debugDescription) \(start)..<\(end)")
        #expect(fast?.after == reference?.after, "seed \(seed): \(text.debugDescription) \(start)..<\(end)")
        #expect(fast?.opensParenthesis == reference?.opensParenthesis, "seed \(seed)")
        #expect(fast?.wordCount == reference?.wordCount, "seed \(seed): \(text.debugDescription)")
      }
    }
  }

  /// The path for sentences beyond ASCII trims and counts for itself; it must agree with the reference on
  /// every kind of blank, on marks that join a space or a bracket, and on letters whose lower case is longer.
  @Test func theUnicodePathReadsSentencesAsTheScalarPathDoes() throws {
    let pieces = [
      "Le", "réseau", "«", "»", "overlay", "est", "un", "pilote", "(", ")", "(CNI)", " ", "  ", "\t", "\u{00A0}",
      "\u{2009}", "\u{3000}", "\u{202F}", "\u{1680}", "\u{0301}", "\u{200D}", "e\u{0301}", "İSTANBUL", "Straße",
      "ΣΟΦΊΑ", "“quoted”", "—", "naïve", "\n", "\u{0600}", "x86_64", "IPv6", ".", " (\u{0301}", " (\u{200D}x",
      " \u{0308}(",
    ]
    for seed in UInt64(1)...400 {
      var random = SeededGenerator(seed: seed)
      let text = (0..<Int.random(in: 1...16, using: &random)).map { _ in pieces.randomElement(using: &random)! }
        .joined(separator: Bool.random(using: &random) ? " " : "")
      let length = text.unicodeScalars.count
      let sentence = Sentence(block: 0, start: 7, end: 7 + length, text: text)
      for _ in 0..<6 {
        let start = Int.random(in: -2...(length + 1), using: &random)
        let end = start + Int.random(in: 0...8, using: &random)
        let mention = Mention(document: "d", sentence: 0, start: 7 + start, end: 7 + end, surface: "x")
        let fast = CorpusCollector.aroundMentionInUnicode(mention, in: sentence)
        let reference = CorpusCollector.aroundMentionByScalars(mention, in: sentence)
        let context = "seed \(seed): \(text.unicodeScalars.map { String($0.value, radix: 16) }) \(start)..<\(end)"
        #expect(fast?.before == reference?.before, "\(context)")
        #expect(fast?.after == reference?.after, "\(context)")
        #expect(fast?.opensParenthesis == reference?.opensParenthesis, "\(context)")
        #expect(fast?.wordCount == reference?.wordCount, "\(context)")
      }
    }
  }

  @Test func aSentenceBeyondASCIIIsReadThroughItsScalars() throws {
    let text = "Le réseau « overlay » est un pilote"
    let sentence = Sentence(block: 0, start: 0, end: text.unicodeScalars.count, text: text)
    let mention = Mention(document: "d", sentence: 0, start: 12, end: 19, surface: "overlay")
    let parts = try #require(CorpusCollector.aroundMention(mention, in: sentence))
    #expect(parts.before == "le réseau «")
    #expect(parts.after == "» est un pilote")
    #expect(parts.wordCount == 8)
  }
}
