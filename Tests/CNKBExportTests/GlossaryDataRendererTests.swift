import CNKBExport
import CNKBModel
import Foundation
import Testing
import _CNKBTestSupport

/// Runs Hugo, when it is installed, on a tiny site that reads a data file.
enum HugoSite {
  /// `/usr/bin/hugo`, else the first `hugo` on PATH, else nil.
  static let path: String? = {
    let folders =
      ["/usr/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return folders.map { $0 + "/hugo" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// A JSON home page that looks one entry up, counts the entries and writes the data back as Hugo read it.
  private static let template = """
    {{ $ids := slice }}{{ range $id, $entry := site.Data.glossary }}{{ $ids = $ids | append $entry.id }}{{ end }}\
    {"lookup": {{ (index site.Data.glossary "calico").title | jsonify }}, \
    "count": {{ len site.Data.glossary }}, \
    "ids": {{ $ids | jsonify }}, \
    "data": {{ site.Data.glossary | jsonify }}}
    """

  /// Builds the site with `data` as `data/glossary.json` and returns the page Hugo wrote.
  static func build(data: String) throws -> (status: Int32, page: String, stderr: String) {
    let site = try TemporaryDirectory("cnkb-hugo")
    try site.write(
      "hugo.toml",
      """
      baseURL = "https://example.org/"
      disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section", "page"]
      [outputs]
      home = ["JSON"]
      """)
    try site.write("data/glossary.json", data)
    try site.write("layouts/index.json", template)
    let errors = URL(fileURLWithPath: try site.write("stderr", ""))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(path))
    process.arguments = [
      "--source", site.url.path, "--destination", site.path("public"), "--cacheDir", site.path("cache"), "--quiet",
    ]
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: errors)
    try process.run()
    process.waitUntilExit()
    let page = (try? String(contentsOfFile: site.path("public/index.json"), encoding: .utf8)) ?? ""
    return (process.terminationStatus, page, String(decoding: try Data(contentsOf: errors), as: UTF8.self))
  }
}

@Suite struct GlossaryDataRendererTests {
  /// One entry of the Hugo data file.
  private struct HugoEntry: Decodable, Equatable {
    var id: String
    var title: String
    var short: String?
    var aka: [String]
    var category: String?
    var seeAlso: [String]
    var source: String?
  }

  private func hugoEntries(_ graph: ConceptGraph, minimumScore: Double = 0) throws -> [String: HugoEntry] {
    let json = GlossaryDataRenderer.hugoData(graph, minimumScore: minimumScore)
    return try JSONDecoder().decode([String: HugoEntry].self, from: Data(json.utf8))
  }

  /// Renders text followed by the abbreviations snippet with Python-Markdown's `abbr` extension (what MkDocs
  /// uses) and prints every `<abbr>` it made as `{abbreviation: title}`, plus whether a definition line leaked.
  private static let markdownReader = #"""
    import html, json, re, sys
    import markdown

    with open(sys.argv[1], encoding="utf-8") as handle:
        snippet = handle.read()
    text = sys.argv[2] + "\n\n" + snippet
    output = markdown.markdown(text, extensions=["abbr"])
    found = {}
    for title, abbreviation in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', output):
        found[html.unescape(abbreviation)] = html.unescape(title)
    print(json.dumps({"abbreviations": found, "leaked": "*[" in output, "script": "<script" in output}))
    """#

  /// What Python-Markdown made of the snippet.
  private struct MarkdownResult: Decodable {
    var abbreviations: [String: String]
    var leaked: Bool
    var script: Bool
  }

  private func renderWithMarkdown(_ snippet: String, text: String) throws -> MarkdownResult {
    let folder = try TemporaryDirectory("cnkb-abbr")
    let run = try PythonConsumer.run(Self.markdownReader, arguments: [try folder.write("abbr.md", snippet), text])
    #expect(run.status == 0, "Python-Markdown failed: \(run.stderr)")
    return try JSONDecoder().decode(MarkdownResult.self, from: Data(run.stdout.utf8))
  }

  // MARK: - MkDocs abbreviations

  @Test func abbreviationsAreOneSortedLineEach() {
    let snippet = GlossaryDataRenderer.mkdocsAbbreviations(ExportSamples.graph)
    #expect(
      snippet == """
        *[BGP]: Border Gateway Protocol
        *[CNCF]: Cloud Native Computing Foundation
        *[CNI]: Container Network Interface
        *[VXLAN]: Virtual Extensible LAN

        """)
    #expect(
      GlossaryDataRenderer.mkdocsAbbreviations(ExportSamples.graph, minimumScore: 0.42) == """
        *[CNI]: Container Network Interface
        *[VXLAN]: Virtual Extensible LAN

        """)
    let plain = ConceptGraph(concepts: [ExportSamples.concept("Calico")], documentCount: 1, sentenceCount: 1)
    #expect(GlossaryDataRenderer.mkdocsAbbreviations(plain).isEmpty)
  }

  @Test func hostileExpansionsStayOnOneLineWithoutBrackets() {
    let snippet = GlossaryDataRenderer.mkdocsAbbreviations(HostileExportSamples.graph)
    #expect(
      snippet == """
        *[<b>]: <script>alert(1)</script>
        *[Dot1Q]: 802.1Q (VLAN tagging) {x} |y| `z` :; \\ back
        *[HOST]: Hostile (draft) expansion
        *[L N]: line one line two tab here nul bell
        *[PWN]: "); x (label="pwned
        *[ÉC]: Écluse ﬂow ¶ß

        """)
    for line in snippet.split(separator: "\n") {
      #expect(line.hasPrefix("*["))
      let parts = line.dropFirst(2).split(separator: "]: ", maxSplits: 1)
      #expect(parts.count == 2, "bad line: \(line)")
      #expect(!parts.contains { $0.contains("]") }, "bad line: \(line)")
    }
    #expect(!snippet.contains("E]ND"), "an abbreviation with ] cannot be written and is left out")
    #expect(!snippet.contains("\r"))
  }

  @Test func sharedAbbreviationsGoToTheHighestScoringConcept() {
    let concepts = [
      ExportSamples.concept("Container Network Interface", abbreviation: "CNI", score: 0.9),
      ExportSamples.concept("Cloud Native Infrastructure", abbreviation: "CNI", score: 0.4),
      ExportSamples.concept("Container Networking Initiative", abbreviation: "CNI", score: 0.9),
    ]
    let graph = ConceptGraph(concepts: concepts, documentCount: 1, sentenceCount: 1)
    #expect(GlossaryDataRenderer.mkdocsAbbreviations(graph) == "*[CNI]: Container Network Interface\n")
  }

  @Test(.enabled(if: PythonMarkdown.available, "python3 cannot import markdown (pip install markdown failed): skipped"))
  func pythonMarkdownReadsEveryAbbreviation() throws {
    let sample = try renderWithMarkdown(
      GlossaryDataRenderer.mkdocsAbbreviations(ExportSamples.graph),
      text: "Calico speaks BGP over VXLAN and implements CNI, a CNCF project.")
    #expect(!sample.leaked)
    #expect(
      sample.abbreviations == [
        "BGP": "Border Gateway Protocol", "VXLAN": "Virtual Extensible LAN", "CNI": "Container Network Interface",
        "CNCF": "Cloud Native Computing Foundation",
      ])
    let hostile = try renderWithMarkdown(
      GlossaryDataRenderer.mkdocsAbbreviations(HostileExportSamples.graph),
      text: "PWN meets HOST, Dot1Q, L N and ÉC.")
    #expect(!hostile.leaked, "a definition line was not read as one")
    #expect(!hostile.script)
    #expect(
      hostile.abbreviations == [
        "PWN": #""); x (label="pwned"#, "HOST": "Hostile (draft) expansion",
        "Dot1Q": #"802.1Q (VLAN tagging) {x} |y| `z` :; \ back"#, "L N": "line one line two tab here nul bell",
        "ÉC": "Écluse ﬂow ¶ß",
      ])
  }

  // MARK: - Hugo data

  @Test func hugoEntriesAreKeyedByIDWithShortTextAndAka() throws {
    let entries = try hugoEntries(ExportSamples.graph)
    #expect(entries.count == ExportSamples.concepts.count)
    let cni = try #require(entries["container-network-interface"])
    #expect(
      cni
        == HugoEntry(
          id: "container-network-interface", title: "Container Network Interface",
          short: "The Container Network Interface is a specification for how a runtime asks a plugin to wire a "
            + "container into a network.",
          aka: ["CNI", "CNI spec", "Plugin API"], category: "spec",
          seeAlso: ["calico", "flannel", "cloud-native-computing-foundation", "coreos", "macvlan"],
          source: "https://example.org/posts/cni-basics"))
    // No corpus definition: the lexicon's description, and no source.
    let flannel = try #require(entries["flannel"])
    #expect(flannel.short == "A small overlay network for Kubernetes clusters.")
    #expect(flannel.source == nil)
    // Neither: null.
    #expect(entries["tigera"]?.short == nil)
    #expect(entries["tigera"]?.aka == [])
    #expect(entries["overlay-network"]?.category == nil)
    #expect(entries["macvlan"]?.aka == ["MAC VLAN"])
    // Typed relations before related_to: Calico's strongest link is the co-occurrence with Flannel (4), listed last.
    #expect(
      entries["calico"]?.seeAlso == [
        "container-network-interface", "border-gateway-protocol", "tigera", "flannel",
      ])
    let json = GlossaryDataRenderer.hugoData(ExportSamples.graph)
    #expect(json.contains("\"source\" : null") || json.contains("\"source\": null"))
    #expect(json.hasSuffix("}\n"))
  }

  @Test func hugoEntriesBelowTheThresholdAreLeftOutEverywhere() throws {
    let entries = try hugoEntries(ExportSamples.graph, minimumScore: 0.5)
    #expect(
      entries.keys.sorted() == [
        "calico", "container-network-interface", "flannel", "ipvlan", "macvlan", "network-driver",
      ])
    #expect(entries["container-network-interface"]?.seeAlso == ["calico", "flannel", "macvlan"])
    #expect(entries["calico"]?.seeAlso == ["container-network-interface", "flannel"])
  }

  @Test func shortTextIsOneSentenceOrCutAtAWordBoundary() throws {
    let long = String(repeating: "networking ", count: 30) + "ends here."
    let concepts = [
      ExportSamples.concept("Two", definition: "Two is the first sentence. It has a second one."),
      ExportSamples.concept(
        "Abbreviated", definition: "Abbreviated uses e.g. VLANs and Dr. Who from the U.S. Army. Then more."),
      ExportSamples.concept("Long", definition: long),
      ExportSamples.concept("Unbroken", definition: String(repeating: "x", count: 250)),
      ExportSamples.concept("Lines", definition: "  Spread\nover\r\n  lines.  "),
      ExportSamples.concept("Blank", definition: "   ", description: "From the lexicon. Second sentence."),
    ]
    let entries = try hugoEntries(ConceptGraph(concepts: concepts, documentCount: 1, sentenceCount: 1))
    #expect(entries["two"]?.short == "Two is the first sentence.")
    #expect(entries["abbreviated"]?.short == "Abbreviated uses e.g. VLANs and Dr. Who from the U.S. Army.")
    let cut = try #require(entries["long"]?.short)
    #expect(cut.count <= 200)
    #expect(cut.hasSuffix("networking…"))
    #expect(!cut.contains("  "))
    let unbroken = try #require(entries["unbroken"]?.short)
    #expect(unbroken == String(repeating: "x", count: 199) + "…")
    #expect(entries["lines"]?.short == "Spread over lines.")
    #expect(entries["blank"]?.short == "From the lexicon.")
    #expect(entries["blank"]?.source == nil)
  }

  /// A corpus sentence that does not say what the term is gives way to the curated description in `short`; with
  /// no description it is still the best there is.
  @Test func aSentenceThatDoesNotDefineGivesWayToTheDescription() throws {
    var used = ExportSamples.concept(
      "Used", definition: "Each pod on the node gets one of these.", description: "A curated line about it.")
    used.definition?.kind = "mention"
    var alone = ExportSamples.concept("Alone", definition: "Each pod on the node gets one of these too.")
    alone.definition?.kind = "does"
    let entries = try hugoEntries(ConceptGraph(concepts: [used, alone], documentCount: 1, sentenceCount: 1))
    #expect(entries["used"]?.short == "A curated line about it.")
    #expect(entries["used"]?.source == nil)
    #expect(entries["alone"]?.short == "Each pod on the node gets one of these too.")
    #expect(entries["alone"]?.source != nil)
  }

  @Test func hostileTextSurvivesInHugoData() throws {
    let entries = try hugoEntries(HostileExportSamples.graph)
    #expect(entries["script"]?.title == HostileExportSamples.scriptLabel)
    #expect(entries["script"]?.aka == ["<b>", "<img src=x onerror=alert(1)>", "a|b"])
    #expect(entries["pwned"]?.title == HostileExportSamples.pwnedLabel)
    #expect(entries["pwned"]?.short == HostileExportSamples.pwnedDefinition)
    #expect(entries["pwned"]?.source == "notes/a \"quoted\" <path> & more.md")
    #expect(entries["lines"]?.title == "line one line two tab here nul bell")
    #expect(entries["lines"]?.short == "Described on two lines.")
    #expect(entries["hostile"]?.category == "widget")
  }

  @Test(.enabled(if: HugoSite.path != nil, "Hugo is not installed (/usr/bin/hugo or on PATH): skipped"))
  func hugoReadsTheDataFile() throws {
    for graph in [ExportSamples.graph, HostileExportSamples.graph] {
      let data = GlossaryDataRenderer.hugoData(graph)
      let built = try HugoSite.build(data: data)
      #expect(built.status == 0, "hugo failed: \(built.stderr)")
      struct Page: Decodable {
        var lookup: String?
        var count: Int
        var ids: [String]
        var data: [String: HugoEntry]
      }
      let page = try JSONDecoder().decode(Page.self, from: Data(built.page.utf8))
      let expected = try JSONDecoder().decode([String: HugoEntry].self, from: Data(data.utf8))
      #expect(page.count == graph.concepts.count)
      #expect(page.data == expected, "Hugo read the data differently")
      #expect(page.ids == expected.keys.sorted(), "range visits entries in key order")
      if graph == ExportSamples.graph { #expect(page.lookup == "Calico") }
    }
  }

  // MARK: - Full glossary JSON

  @Test func glossaryJSONCarriesEveryFieldWithExplicitNulls() throws {
    let json = GlossaryDataRenderer.glossaryJSON(ExportSamples.graph)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["format"] as? String == "cnkb-glossary")
    #expect(object["version"] as? Int == 1)
    let entries = try #require(object["entries"] as? [[String: Any]])
    #expect(entries.compactMap { $0["id"] as? String } == ExportSamples.concepts.map(\.id.rawValue).sorted())
    for entry in entries {
      #expect(
        Set(entry.keys) == [
          "id", "label", "abbreviation", "aliases", "category", "origin", "score", "definition", "description",
          "seeAlso",
        ])
    }
    let cni = try #require(entries.first { $0["id"] as? String == "container-network-interface" })
    #expect(cni["abbreviation"] as? String == "CNI")
    #expect(
      cni["aliases"] as? [String] == [
        "CNI", "CNI spec", "Plugin API", "cni SPEC", "container network interface",
      ])
    #expect(cni["origin"] as? String == "both")
    #expect(cni["score"] as? Double == 0.9)
    let definition = try #require(cni["definition"] as? [String: Any])
    #expect(definition["document"] as? String == "https://example.org/posts/cni-basics")
    #expect(Set(definition.keys) == ["text", "document", "kind"])
    #expect(definition["kind"] as? String == "copula")
    #expect(cni["description"] is NSNull)
    let seeAlso = try #require(cni["seeAlso"] as? [[String: Any]])
    #expect(seeAlso.compactMap { $0["id"] as? String }.first == "calico")
    #expect(seeAlso.first?["type"] as? String == "implements")
    #expect(seeAlso.first?["weight"] as? Double == 3)
    #expect(seeAlso.last?["type"] as? String == "related_to")
    let tigera = try #require(entries.first { $0["id"] as? String == "tigera" })
    #expect(tigera["abbreviation"] is NSNull)
    #expect(tigera["definition"] is NSNull)
    #expect(tigera["category"] as? String == "organization")
  }

  @Test func glossaryJSONKeepsHostileTextExactly() throws {
    struct Document: Decodable {
      struct Entry: Decodable {
        struct Definition: Decodable {
          var text: String
          var document: String
        }
        var id: String
        var label: String
        var definition: Definition?
      }
      var entries: [Entry]
    }
    let json = GlossaryDataRenderer.glossaryJSON(HostileExportSamples.graph)
    let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
    let byID = Dictionary(uniqueKeysWithValues: document.entries.map { ($0.id, $0) })
    #expect(byID["script"]?.label == HostileExportSamples.scriptLabel)
    #expect(byID["pwned"]?.label == HostileExportSamples.pwnedLabel)
    #expect(byID["pwned"]?.definition?.text == HostileExportSamples.pwnedDefinition)
    #expect(byID["lines"]?.label == "line one\nline two\r\ntab\there\u{0}nul\u{7}bell")

    // Python's json module reads the same text.
    let folder = try TemporaryDirectory("cnkb-glossary-json")
    let run = try PythonConsumer.run(
      """
      import json, sys
      entries = {entry["id"]: entry for entry in json.load(open(sys.argv[1], encoding="utf-8"))["entries"]}
      print(json.dumps([entries["script"]["label"], entries["pwned"]["label"], entries["pwned"]["definition"]["text"]]))
      """, arguments: [try folder.write("glossary.json", json)])
    #expect(run.status == 0, "\(run.stderr)")
    let read = try JSONDecoder().decode([String].self, from: Data(run.stdout.utf8))
    #expect(
      read == [
        HostileExportSamples.scriptLabel, HostileExportSamples.pwnedLabel, HostileExportSamples.pwnedDefinition,
      ])
  }

  // MARK: - Determinism

  @Test func outputIsByteIdenticalWhateverTheInputOrder() {
    for graph in [ExportSamples.graph, HostileExportSamples.graph] {
      let abbreviations = GlossaryDataRenderer.mkdocsAbbreviations(graph)
      let hugo = GlossaryDataRenderer.hugoData(graph, minimumScore: 0.3)
      let glossary = GlossaryDataRenderer.glossaryJSON(graph)
      for seed in UInt64(1)...8 {
        let shuffled = ExportSamples.reordered(graph, seed: seed)
        #expect(GlossaryDataRenderer.mkdocsAbbreviations(shuffled) == abbreviations, "seed \(seed)")
        #expect(GlossaryDataRenderer.hugoData(shuffled, minimumScore: 0.3) == hugo, "seed \(seed)")
        #expect(GlossaryDataRenderer.glossaryJSON(shuffled) == glossary, "seed \(seed)")
      }
    }
  }
}

/// Whether Python-Markdown, the Markdown engine of MkDocs, can be imported (installed with pip when it cannot).
enum PythonMarkdown {
  static let available: Bool = PythonConsumer.hasModule("markdown", installing: "markdown")
}
