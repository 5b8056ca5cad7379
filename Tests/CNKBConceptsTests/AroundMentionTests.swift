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
