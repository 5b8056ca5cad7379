import CNKBTerms
import Testing

/// Every problem in `terms.jsonl` is reported compiler style, with file, line and what to do.
@Suite struct LexiconDiagnosticsTests {
  /// The error text a lexicon with these terms (and overrides) produces; nil when it loads.
  private func problems(_ terms: String, overrides: String = "") -> String? {
    do {
      _ = try Lexicon(terms: terms, overrides: overrides)
      return nil
    } catch {
      return error.description
    }
  }

  private let category = "valid: spec, driver_or_mode, protocol, project_or_product, organization, concept"

  // MARK: - JSON

  @Test(arguments: [
    (
      #"{"label": "veth pair", "category": "concept" "description": "x"}"#,
      #"malformed JSON at column 46: expected ',' or '}' after the value of "category", found '"'"#
    ),
    (#"{"label": "x",}"#, "malformed JSON at column 15: expected a field name in double quotes, found '}'"),
    ("not json at all", "malformed JSON at column 1: expected a value, found 'not'"),
    (#"{"label": "x"#, #"malformed JSON at column 11: unterminated string (a closing " is missing)"#),
    (#"{"label": tru}"#, "malformed JSON at column 11: expected a value, found 'tru'"),
    (#"{"label": "a\qb"}"#, #"malformed JSON at column 13: invalid escape '\q' in a string"#),
    (#"{"label": "x"} extra"#, "malformed JSON at column 16: unexpected 'extra' after the end of the value"),
    (#"{"label" "x"}"#, #"malformed JSON at column 10: expected ':' after the field name "label", found '"'"#),
    (#"{"aliases": [01]}"#, "malformed JSON at column 14: invalid number"),
  ])
  func malformedJSONGivesTheColumnAndTheReason(_ line: String, _ message: String) {
    #expect(
      problems(line)
        == "glossary/terms.jsonl:1: error: \(message) (each line holds one JSON object; start comment lines with #)")
  }

  @Test func deepNestingIsRefusedWithoutRecursingIntoIt() {
    let line = String(repeating: "[", count: 100_000)
    #expect(
      problems(line)
        == "glossary/terms.jsonl:1: error: malformed JSON at column 17: nesting deeper than 16 levels (each line holds one JSON object; start comment lines with #)"
    )
  }

  @Test func aLineThatIsNotAnObjectIsRefused() {
    #expect(
      problems(#"["veth pair", "concept"]"#)
        == #"glossary/terms.jsonl:1: error: expected a JSON object, found an array (each line holds one entry: {"label": …, "category": …, "description": …})"#
    )
  }

  @Test func escapesAndNonASCIITextAreRead() throws {
    let lexicon = try Lexicon(
      terms:
        #"{"label": "data centre", "category": "concept", "aliases": ["caf\u00e9 \ud83d\ude80", "tab\there"], "description": "Où vont les serveurs \"racks\"."}"#
    )
    #expect(lexicon.entries.first?.aliases == ["café 🚀", "tab\there"])
    #expect(lexicon.entries.first?.description == "Où vont les serveurs \"racks\".")
  }

  @Test func aFieldGivenTwiceIsReported() {
    #expect(
      problems(#"{"label": "a", "label": "b", "category": "concept", "description": "x"}"#)
        == "glossary/terms.jsonl:1: error: field 'label' appears twice (keep one)")
  }

  // MARK: - Fields

  @Test(arguments: [
    #"{"category": "concept", "description": "A helper."}"#,
    #"{"label": "  ", "category": "concept", "description": "A helper."}"#,
  ])
  func anEntryWithoutALabelIsReported(_ line: String) {
    #expect(problems(line) == #"glossary/terms.jsonl:1: error: entry has no label (add a non-empty "label")"#)
  }

  @Test func aMissingCategoryListsTheValidOnes() {
    #expect(
      problems(#"{"label": "sidecar", "description": "A helper."}"#)
        == #"glossary/terms.jsonl:1: error: 'sidecar' has no category (add "category": one of spec, driver_or_mode, protocol, project_or_product, organization, concept)"#
    )
  }

  @Test(arguments: [
    ("consept", "did you mean 'concept'? "),
    ("Protocol", "did you mean 'protocol'? "),
    ("project", "did you mean 'project_or_product'? "),
    ("thing", ""),
  ])
  func anUnknownCategorySuggestsTheClosestValidOne(_ name: String, _ suggestion: String) {
    #expect(
      problems(#"{"label": "sidecar", "category": "\#(name)", "description": "A helper."}"#)
        == "glossary/terms.jsonl:1: error: unknown category '\(name)' for 'sidecar' (\(suggestion)\(category))")
  }

  @Test func anUnknownFieldSuggestsTheIntendedOne() {
    #expect(
      problems(#"{"label": "sidecar", "category": "concept", "descripton": "A helper."}"#) == """
        glossary/terms.jsonl:1: error: unknown field 'descripton' (did you mean 'description'?)
        glossary/terms.jsonl:1: error: 'sidecar' has no description (add a one-line "description" in your own words)
        """)
  }

  @Test func anUnknownFieldWithNoCloseMatchListsTheFields() {
    #expect(
      problems(#"{"label": "sidecar", "category": "concept", "description": "A helper.", "colour": "blue"}"#)
        == "glossary/terms.jsonl:1: error: unknown field 'colour' (valid fields: label, category, abbreviations, aliases, description, seeAlso)"
    )
  }

  @Test(arguments: [
    (#""aliases": "veth""#, #"field 'aliases' must be an array of strings, found a string (write ["…"])"#),
    (#""seeAlso": [3]"#, "field 'seeAlso' must be an array of strings, found a number in it"),
    (#""category": true"#, "field 'category' must be a string, found true"),
  ])
  func aFieldOfTheWrongTypeIsReported(_ field: String, _ message: String) {
    let line = #"{"label": "veth pair", "description": "Two ends.", "category": "concept", \#(field)}"#
      .replacingOccurrences(of: #""category": "concept", "category""#, with: #""category""#)
    #expect(problems(line) == "glossary/terms.jsonl:1: error: \(message)")
  }

  // MARK: - Descriptions

  @Test(arguments: [#""description": """#, #""description": "   ""#, #""note": "x""#])
  func anEmptyOrMissingDescriptionIsReported(_ field: String) {
    let expected =
      #"glossary/terms.jsonl:1: error: 'subnet' has no description (add a one-line "description" in your own words)"#
    let text = problems(#"{"label": "subnet", "category": "concept", \#(field)}"#)
    #expect(text?.split(separator: "\n").last.map(String.init) == expected)
  }

  @Test func aDescriptionOverSeveralLinesIsReported() {
    #expect(
      problems(#"{"label": "subnet", "category": "concept", "description": "A range.\nOf addresses."}"#)
        == "glossary/terms.jsonl:1: error: the description of 'subnet' spans several lines (keep it to one line)")
  }

  @Test func aDescriptionOfMoreThan200CharactersIsReported() {
    let exact = String(repeating: "é", count: 200)
    #expect(problems(#"{"label": "subnet", "category": "concept", "description": "\#(exact)"}"#) == nil)
    #expect(
      problems(#"{"label": "subnet", "category": "concept", "description": "\#(exact)x"}"#)
        == "glossary/terms.jsonl:1: error: the description of 'subnet' is 201 characters long (keep it to 200 characters or fewer)"
    )
  }

  // MARK: - Surfaces

  @Test func aDuplicateLabelNamesTheFirstLine() {
    #expect(
      problems(
        #"""
        # Service meshes
        {"label": "service mesh", "category": "concept", "description": "Proxies between services."}
        {"label": "sidecar", "category": "concept", "description": "A helper container."}
        {"label": "Service Meshes", "category": "concept", "description": "Again."}
        """#) == "glossary/terms.jsonl:4: error: duplicate term 'Service Meshes' (first defined on line 2)")
  }

  @Test func anAliasClaimedByTwoEntriesIsReportedWhereItClashes() {
    #expect(
      problems(
        #"""
        {"label": "overlay networking", "category": "driver_or_mode", "aliases": ["overlay"], "description": "Tunnels."}
        {"label": "Overlays", "category": "concept", "description": "Something else."}
        """#)
        == "glossary/terms.jsonl:2: error: label 'Overlays' clashes with alias 'overlay' of 'overlay networking' on line 1 (a label, alias or abbreviation may name only one entry)"
    )
  }

  @Test func aSharedAbbreviationIsAnErrorForAHumanToResolve() {
    #expect(
      problems(
        #"""
        {"label": "network address translation", "category": "concept", "abbreviations": ["NAT"], "description": "Rewriting."}
        {"label": "native address table", "category": "concept", "abbreviations": ["NAT"], "description": "Invented."}
        """#)
        == "glossary/terms.jsonl:2: error: abbreviation 'NAT' of 'native address table' clashes with abbreviation 'NAT' of 'network address translation' on line 1 (a label, alias or abbreviation may name only one entry)"
    )
  }

  @Test func aHyphenOrPluralVariantOfAnotherEntrysSurfaceClashes() {
    #expect(
      problems(
        #"""
        {"label": "network namespace", "category": "concept", "description": "A network stack."}
        {"label": "Linux namespaces", "category": "concept", "aliases": ["Network-Namespaces"], "description": "Isolation."}
        """#)
        == "glossary/terms.jsonl:2: error: alias 'Network-Namespaces' of 'Linux namespaces' clashes with label 'network namespace' on line 1 (a label, alias or abbreviation may name only one entry)"
    )
  }

  @Test func surfacesThatLookupTellsApartDoNotClash() throws {
    let lexicon = try Lexicon(
      terms: #"""
        {"label": "network address translation", "category": "concept", "abbreviations": ["NAT"], "description": "Rewriting."}
        {"label": "NATS", "category": "project_or_product", "description": "Messaging."}
        {"label": "control groups", "category": "concept", "abbreviations": ["cgroups"], "aliases": ["cgroup"], "description": "Limits."}
        """#)
    #expect(lexicon.entries.count == 3)
  }

  @Test func labelsThatWouldShareAConceptIDAreReported() {
    #expect(
      problems(
        #"""
        {"label": "DC/OS", "category": "project_or_product", "description": "A data center OS."}
        {"label": "DC OS", "category": "project_or_product", "description": "The same, spelt apart."}
        """#)
        == "glossary/terms.jsonl:2: error: label 'DC OS' gets the same id 'dc-os' as 'DC/OS' on line 1 (labels must differ in more than punctuation)"
    )
  }

  @Test func anEmptyAbbreviationOrAliasIsReported() {
    #expect(
      problems(
        #"{"label": "veth pair", "category": "concept", "abbreviations": [""], "aliases": ["-"], "description": "Two ends."}"#
      )
        == """
        glossary/terms.jsonl:1: error: empty abbreviation in 'veth pair' (remove it)
        glossary/terms.jsonl:1: error: empty alias in 'veth pair' (remove it)
        """)
  }

  @Test func aSurfaceWithSpacesAroundItIsReported() {
    #expect(
      problems(#"{"label": "veth pair", "category": "concept", "aliases": [" veth"], "description": "Two ends."}"#)
        == "glossary/terms.jsonl:1: error: alias ' veth' of 'veth pair' has spaces around it (remove them)")
  }

  // MARK: - seeAlso

  @Test(arguments: [
    ("Linux bridges", "did you mean 'Linux bridge'?"),
    ("Linux brigde", "did you mean 'Linux bridge'?"),
    ("BGP", "did you mean 'Border Gateway Protocol'?"),
    ("Kubernetes", "name the label of another entry"),
  ])
  func aSeeAlsoThatNamesNoLabelSuggestsOne(_ name: String, _ hint: String) {
    #expect(
      problems(
        #"""
        {"label": "veth pair", "category": "concept", "description": "Two ends.", "seeAlso": ["\#(name)"]}
        {"label": "Linux bridge", "category": "concept", "description": "A software switch."}
        {"label": "Border Gateway Protocol", "category": "protocol", "abbreviations": ["BGP"], "description": "Routes."}
        """#)
        == "glossary/terms.jsonl:1: error: seeAlso of 'veth pair' names '\(name)', which is not a label in this file (\(hint))"
    )
  }

  @Test(arguments: ["veth pair", "veth"])
  func aSeeAlsoThatNamesItsOwnEntryIsReported(_ name: String) {
    #expect(
      problems(
        #"{"label": "veth pair", "category": "concept", "aliases": ["veth"], "description": "Two ends.", "seeAlso": ["\#(name)"]}"#
      )
        == "glossary/terms.jsonl:1: error: 'veth pair' lists itself in seeAlso (name other entries only)")
  }

  @Test func aSeeAlsoNamedTwiceIsReported() {
    #expect(
      problems(
        #"""
        {"label": "veth pair", "category": "concept", "description": "Two ends.", "seeAlso": ["Linux bridge", "Linux bridge"]}
        {"label": "Linux bridge", "category": "concept", "description": "A software switch."}
        """#) == "glossary/terms.jsonl:1: error: 'veth pair' lists 'Linux bridge' twice in seeAlso (remove one)")
  }

  // MARK: - All at once

  @Test func everyProblemIsReportedAtOnceInFileAndLineOrder() {
    let terms = #"""
      # A glossary with a mistake on almost every line.
      {"label": "service mesh", "category": "concept", "description": "Proxies.", "seeAlso": ["sidecars proxy"]}
      {"label": "sidecar", "category": "consept", "aliases": ["sidecar proxy"], "description": "A helper."}
      {"label": "Service Mesh", "category": "concept", "description": "Again."}
      not json at all
      {"category": "concept", "description": "Nameless."}

      {"label": "Envoy", "category": "project_or_product", "description": "A proxy.", "see_also": ["service mesh"]}
      """#
    let overrides = #"""
      {"delete": "Docker Captain"}
      {"merge": ["a"]}
      """#
    #expect(
      problems(terms, overrides: overrides) == """
        glossary/terms.jsonl:2: error: seeAlso of 'service mesh' names 'sidecars proxy', which is not a label in this file (did you mean 'sidecar'?)
        glossary/terms.jsonl:3: error: unknown category 'consept' for 'sidecar' (did you mean 'concept'? \(category))
        glossary/terms.jsonl:4: error: duplicate term 'Service Mesh' (first defined on line 2)
        glossary/terms.jsonl:5: error: malformed JSON at column 1: expected a value, found 'not' (each line holds one JSON object; start comment lines with #)
        glossary/terms.jsonl:6: error: entry has no label (add a non-empty "label")
        glossary/terms.jsonl:8: error: unknown field 'see_also' (did you mean 'seeAlso'?)
        glossary/overrides.jsonl:1: error: unknown override action 'delete' (use reject, merge, rename or pin)
        glossary/overrides.jsonl:2: error: merge override needs "into" (the label the variants merge into)
        """)
  }

  @Test func theErrorListsItsDiagnosticsAndComparesByValue() {
    let diagnostic = LexiconDiagnostic(file: "lex/terms.jsonl", line: 3, message: "entry has no label", hint: "add one")
    let whole = LexiconDiagnostic(file: "lex", line: 0, message: "no lexicon folder here")
    let error = LexiconError.invalid([diagnostic, whole])
    #expect(
      error.description == "lex/terms.jsonl:3: error: entry has no label (add one)\nlex: error: no lexicon folder here")
    #expect(error.diagnostics == [diagnostic, whole])
    #expect(error == LexiconError.invalid([diagnostic, whole]))
    #expect(error != LexiconError.invalid([whole]))
  }

  @Test func diagnosticsNameTheGivenDirectory() {
    #expect(
      throws: LexiconError.invalid([
        LexiconDiagnostic(
          file: "custom/terms.jsonl", line: 1, message: "entry has no label", hint: #"add a non-empty "label""#)
      ])
    ) {
      try Lexicon(terms: #"{"category": "concept", "description": "x"}"#, directoryName: "custom")
    }
  }
}
