import CNKBTerms
import Testing

/// `overrides.jsonl`: the four actions, with their lines, and every malformed override reported.
@Suite struct OverrideTests {
  private func problems(_ overrides: String) -> String? {
    do {
      _ = try Lexicon(terms: "", overrides: overrides)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func readsEachActionWithItsLine() throws {
    let lexicon = try Lexicon(
      terms: "",
      overrides: #"""
        # Decisions of the docs team.
        {"reject": "Docker Captain"}
        {"merge": ["CNI plugins", "cni-plugin"], "into": "CNI plugin"}

        {"rename": "Overlay Networks", "to": "overlay networking"}
        {"pin": "network sandbox", "definition": "A sandbox holds one container's network settings.", "document": "notes/cnm.md"}
        """#)
    #expect(
      lexicon.overrides == [
        .reject("Docker Captain", line: 2),
        .merge(["CNI plugins", "cni-plugin"], into: "CNI plugin", line: 3),
        .rename("Overlay Networks", to: "overlay networking", line: 5),
        .pin(
          "network sandbox", definition: "A sandbox holds one container's network settings.", document: "notes/cnm.md",
          line: 6),
      ])
    #expect(lexicon.overrides.map(\.line) == [2, 3, 5, 6])
  }

  @Test func overridesMayNameTermsTheLexiconDoesNotHave() throws {
    let lexicon = try Lexicon(
      terms: #"{"label": "CNI plugin", "category": "concept", "description": "An executable."}"#,
      overrides: #"{"rename": "discovered thing", "to": "something the lexicon lacks"}"#)
    #expect(lexicon.overrides == [.rename("discovered thing", to: "something the lexicon lacks", line: 1)])
  }

  @Test(arguments: [
    (#"{"delete": "x"}"#, "unknown override action 'delete' (use reject, merge, rename or pin)"),
    (#"{"rejct": "x"}"#, "unknown override action 'rejct' (did you mean 'reject'? use reject, merge, rename or pin)"),
    ("{}", "empty override (use reject, merge, rename or pin)"),
    (
      #"{"reject": "a", "rename": "b", "to": "c"}"#,
      "one override per line, found 'reject' and 'rename' (put each on its own line)"
    ),
    (#"{"reject": ""}"#, #""reject" must be a non-empty string"#),
    (#"{"reject": ["a"]}"#, #""reject" must be a non-empty string"#),
    (#"{"merge": ["a"]}"#, #"merge override needs "into" (the label the variants merge into)"#),
    (#"{"merge": [], "into": "b"}"#, #""merge" must be a non-empty array of non-empty strings (write ["variant", …])"#),
    (
      #"{"merge": ["a", ""], "into": "b"}"#,
      #""merge" must be a non-empty array of non-empty strings (write ["variant", …])"#
    ),
    (
      #"{"rename": "a", "too": "b"}"#,
      """
      unknown field 'too' in a rename override (did you mean 'to'? rename takes "rename", "to")
      glossary/overrides.jsonl:1: error: rename override needs "to" (the new label)
      """
    ),
    (
      #"{"pin": "a", "definition": "A sentence."}"#,
      #"pin override needs "document" (the source URL or path the sentence comes from)"#
    ),
    (
      #"["reject", "a"]"#,
      #"expected a JSON object, found an array (each line holds one override such as {"reject": "term"})"#
    ),
    (
      #"{"reject": "a""#,
      "malformed JSON at column 15: expected ',' or '}' after the value of \"reject\", found the end of the line (each line holds one JSON object; start comment lines with #)"
    ),
  ])
  func aMalformedOverrideIsReported(_ line: String, _ message: String) {
    #expect(problems(line) == "glossary/overrides.jsonl:1: error: \(message)")
  }

  @Test func everyBadOverrideIsReportedAndNoneIsKept() {
    #expect(
      problems(
        #"""
        {"reject": "fine"}
        {"drop": "x"}
        # comment
        {"rename": "a"}
        """#) == """
          glossary/overrides.jsonl:2: error: unknown override action 'drop' (use reject, merge, rename or pin)
          glossary/overrides.jsonl:4: error: rename override needs "to" (the new label)
          """)
  }
}
