import Testing
import _CNKBTestSupport

@testable import CNKBConcepts

/// The nesting test ("is this mention inside a longer mention of another concept?") answers from an index in
/// logarithmic time; it must answer exactly what comparing the mention with every span of its document does.
@Suite struct NestingIndexTests {
  /// The definition the index replaces: every span, one by one.
  private func bruteForce(_ spans: [NestingIndex.Span], _ start: Int, _ end: Int, _ owner: Int) -> Bool {
    spans.contains { span in
      span.owner != owner && span.start <= start && end <= span.end && span.end - span.start > end - start
    }
  }

  @Test func answersAsComparingWithEverySpanDoes() {
    for seed in UInt64(1)...200 {
      var random = SeededGenerator(seed: seed)
      // Few owners and a short text, so nested, equal and same-owner spans all occur often.
      let owners = Int.random(in: 1...6, using: &random)
      let spans = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        let start = Int.random(in: 0...30, using: &random)
        return NestingIndex.Span(
          start: start, end: start + Int.random(in: 1...12, using: &random),
          owner: Int.random(in: 0..<owners, using: &random))
      }
      let index = NestingIndex(spans)
      var queries = spans.map { ($0.start, $0.end, $0.owner) }
      for _ in 0..<20 {
        let start = Int.random(in: 0...35, using: &random)
        queries.append(
          (start, start + Int.random(in: 1...12, using: &random), Int.random(in: 0..<owners, using: &random)))
      }
      for (start, end, owner) in queries {
        #expect(
          index.hasLongerSpan(around: start, end, notOwnedBy: owner) == bruteForce(spans, start, end, owner),
          "seed \(seed): \(start)..<\(end) of \(owner)")
      }
    }
  }

  @Test func aMentionInsideALongerTermOfAnotherConceptIsNested() {
    // "overlay network" (owner 1) around "network" (owner 0); "network" also stands alone later on.
    let index = NestingIndex([
      NestingIndex.Span(start: 10, end: 25, owner: 1), NestingIndex.Span(start: 18, end: 25, owner: 0),
      NestingIndex.Span(start: 40, end: 47, owner: 0),
    ])
    #expect(index.hasLongerSpan(around: 18, 25, notOwnedBy: 0))
    #expect(!index.hasLongerSpan(around: 40, 47, notOwnedBy: 0))
    #expect(!index.hasLongerSpan(around: 10, 25, notOwnedBy: 1), "a span is not inside itself")
  }
}
