import CNKBTerms
import Testing

@testable import CNKBConcepts

/// Which words of a sentence are command-line or configuration syntax, kept out of candidate terms.
@Suite struct CommandSyntaxWordTests {
  @Test func aFlagIsAWordWithItsOwnHyphensAndAKeyIsAWordBeforeAnEqualsSign() {
    let tokenizer = Tokenizer()
    func syntax(_ text: String) -> [String] {
      let tokens = tokenizer.tokenize(text)
      return tokens.indices.filter { CorpusCollector.isCommandSyntax(tokens, at: $0) }.map { tokens[$0].text }
    }
    #expect(syntax("use -o parent=eth0.10 here") == ["o", "parent"])
    #expect(syntax("pass --subnet and --ip-range") == ["subnet", "ip-range"])
    #expect(syntax("(see -T) or \u{2013}verbose") == ["T", "verbose"], "after a bracket; an en dash as set by Sphinx")
    // Hyphens inside a word, or between two words with spaces, are prose.
    #expect(syntax("kube-proxy and host-gw, a pod - not a VM") == [])
    #expect(syntax("srcIP=10.0.0.5, dstPort = 80") == ["srcIP"])
  }
}
