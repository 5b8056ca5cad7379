import CNKBTerms
import Foundation
import Testing
import _CNKBTestSupport

/// Inputs kept from fuzzing the tokenizer, the acronym finder and the lexicon loader (`make fuzz`).
///
/// The folders hold seeds that reached new code and any input that once crashed or hung. Each goes through
/// the same entry point as its libFuzzer target and must come back with the documented shape.
@Suite struct TermsFuzzRegressionTests {
  /// The files of `Fixtures/fuzz/<folder>`, sorted by name.
  private func inputs(_ folder: String) throws -> [(name: String, data: Data)] {
    let directory = Fixtures.directory().appendingPathComponent("fuzz/\(folder)")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    return try names.map { ($0, try Data(contentsOf: directory.appendingPathComponent($0))) }
  }

  @Test func everyTokenizerInputGivesOrderedTokensAndPairsInsideTheText() throws {
    let inputs = try inputs("tokenizer")
    #expect(!inputs.isEmpty)
    for (name, data) in inputs {
      let text = String(decoding: data, as: UTF8.self)
      let scalars = Array(text.unicodeScalars)
      var previousEnd = 0
      for token in Tokenizer().tokenize(text) {
        #expect(previousEnd <= token.start && token.start < token.end && token.end <= scalars.count, "\(name)")
        guard token.start < token.end, token.end <= scalars.count else { continue }
        #expect(token.text.unicodeScalars.elementsEqual(scalars[token.start..<token.end]), "\(name)")
        previousEnd = token.end
      }
      for pair in AcronymFinder().pairs(in: text) {
        #expect(0 <= pair.longStart && pair.longStart < pair.longEnd && pair.longEnd <= scalars.count, "\(name)")
        #expect(0 <= pair.shortStart && pair.shortStart < pair.shortEnd && pair.shortEnd <= scalars.count, "\(name)")
      }
    }
  }

  /// The lexicon inputs hold the four files joined by NUL bytes, in the order terms.jsonl, stoplist.txt,
  /// stopwords-en.txt, overrides.jsonl (a missing part is empty), as the fuzz target reads them.
  @Test func everyLexiconInputLoadsOrFailsWithDiagnostics() throws {
    let inputs = try inputs("lexicon")
    #expect(!inputs.isEmpty)
    for (name, data) in inputs {
      var parts = data.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map {
        String(decoding: $0, as: UTF8.self)
      }
      while parts.count < 4 { parts.append("") }
      do {
        let lexicon = try Lexicon(terms: parts[0], stopList: parts[1], stopwords: parts[2], overrides: parts[3])
        #expect(lexicon.entries.allSatisfy { lexicon.entry(labelled: $0.label) != nil }, "\(name)")
      } catch {
        #expect(!error.diagnostics.isEmpty, "\(name)")
      }
    }
  }
}
