import Foundation
import Testing
import _CNKBTestSupport

/// `cnkb define`, `related`, `path` and `diagram` on the founding corpus, run as a user would.
@Suite struct QuestionCommandsTests {
  /// The founding corpus, built once for the whole suite.
  private final class SeedBuild: Sendable {
    let directory: TemporaryDirectory
    let result: CommandRunner.Result

    init() throws {
      directory = try TemporaryDirectory("cnkb-questions")
      guard let seed = Fixtures.seedFeedURL?.path else { throw CocoaError(.fileNoSuchFile) }
      result = try CommandRunner.run(["build", seed, "--out", directory.path("out")], in: directory.url)
    }
  }

  /// Built on first use; the folder is removed when the test process exits (statics are never released).
  private static let seedBuild: Result<SeedBuild, any Error> = {
    let built = Result { try SeedBuild() }
    atexit { QuestionCommandsTests.removeSeedBuild() }
    return built
  }()

  private static func removeSeedBuild() {
    if case .success(let build) = seedBuild { try? FileManager.default.removeItem(at: build.directory.url) }
  }

  private static let needsSeed = Fixtures.seedFeedURL != nil
  private static let seedComment: Comment = "needs ../shared/seed/gingergeek-feed.txt"
  private static let cnmPost =
    "https://gingergeek.com/2016/09/the-container-networking-landscape-cni-from-coreos-and-cnm-from-docker"

  /// Runs `cnkb` against the seed's database.
  private func ask(_ arguments: [String]) throws -> CommandRunner.Result {
    let build = try Self.seedBuild.get()
    #expect(build.result.exitCode == 0, "\(build.result.stderr)")
    return try CommandRunner.run(arguments + ["--db", build.directory.path("out/kb.sqlite")], in: build.directory.url)
  }

  /// Runs `cnkb` and parses its standard output as a JSON object.
  private func askJSON(_ arguments: [String]) throws -> [String: Any] {
    let result = try ask(arguments + ["--format", "json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any], "\(result.stdout)")
  }

  /// Text with every run of whitespace made one space, so wrapped lines read as one.
  private func unwrapped(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  // MARK: - define

  @Test(.enabled(if: needsSeed, seedComment))
  func defineShowsTheDefinitionWithItsPost() throws {
    let result = try ask(["define", "CNM"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Container Network Model (CNM)\n"))
    #expect(
      unwrapped(result.stdout).contains(
        "Definition The Container Network Model (CNM) is a specification proposed by Docker"))
    #expect(result.stdout.contains("  \(Self.cnmPost)\n"))
    #expect(result.stdout.contains("Lexicon description (curated, not from the corpus)"))
    #expect(result.stdout.contains("→ proposed_by  Docker"))

    let json = try askJSON(["define", "CNM"])
    let definition = try #require(json["definition"] as? [String: Any])
    #expect(
      (definition["text"] as? String)?.hasPrefix(
        "The Container Network Model (CNM) is a specification proposed by Docker") == true)
    #expect(definition["document"] as? String == Self.cnmPost)
    #expect(json["abbreviation"] as? String == "CNM")
    #expect((json["related"] as? [Any])?.count == 5)
  }

  /// When no sentence says what a term is, the closest one is shown as what the corpus says of it, after the
  /// curated description.
  @Test(.enabled(if: needsSeed, seedComment))
  func defineShowsTheCuratedDescriptionBeforeASentenceThatDoesNotDefine() throws {
    let json = try askJSON(["define", "CNI plugin"])
    let definition = try #require(json["definition"] as? [String: Any])
    #expect(definition["kind"] as? String == "does")
    let text = try ask(["define", "CNI plugin"]).stdout
    let curated = try #require(text.range(of: "Lexicon description (curated, not from the corpus)"))
    let corpus = try #require(text.range(of: "In the corpus (no sentence says what it is; the closest one)"))
    #expect(curated.lowerBound < corpus.lowerBound)
    #expect(!text.contains("\nDefinition\n"))
    #expect(unwrapped(String(text[corpus.upperBound...])).hasPrefix("CNI plugins support two commands"))
  }

  @Test(.enabled(if: needsSeed, seedComment))
  func defineFindsATermInAnyCase() throws {
    let lower = try ask(["define", "cni"])
    #expect(lower.exitCode == 0, "\(lower.stderr)")
    #expect(lower.stdout.hasPrefix("Container Network Interface (CNI)\n"))
    let slug = try ask(["define", "container-network-interface"])
    #expect(slug.stdout == lower.stdout)
  }

  @Test(.enabled(if: needsSeed, seedComment))
  func anUnknownTermFailsWithSuggestions() throws {
    let result = try ask(["define", "Calcio"])
    #expect(result.exitCode == 65)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error: unknown term 'Calcio'; did you mean: Calico"), "\(result.stderr)")
    let path = try ask(["path", "CNI", "kubernetis"])
    #expect(path.exitCode == 65)
    #expect(path.stderr.contains("unknown term 'kubernetis'; did you mean: Kubernetes"), "\(path.stderr)")
  }

  // MARK: - related

  @Test(.enabled(if: needsSeed, seedComment))
  func relatedListsIPvlanAmongMACvlansFirstFive() throws {
    let json = try askJSON(["related", "MACvlan", "--limit", "5"])
    let related = try #require(json["related"] as? [[String: Any]])
    #expect(related.count == 5)
    let ipvlan = try #require(
      related.first { ($0["concept"] as? [String: Any])?["abbreviation"] as? String == "IPvlan" },
      "\(related.map { $0["concept"] ?? "" })")
    let evidence = try #require(ipvlan["evidence"] as? [String: Any])
    #expect((evidence["sentence"] as? String)?.contains("IPvlan") == true)
    #expect((evidence["document"] as? String)?.hasPrefix("https://gingergeek.com/") == true)

    let text = try ask(["related", "MACvlan", "--limit", "5"])
    #expect(text.exitCode == 0, "\(text.stderr)")
    // Whatever relation the extraction states, IPvlan is one of the five, shown by label and abbreviation.
    #expect(text.stdout.contains("internet protocol VLAN (IPvlan)\n"), "\(text.stdout)")
    #expect(text.stdout.components(separatedBy: "https://gingergeek.com/").count == 6)
  }

  @Test(.enabled(if: needsSeed, seedComment))
  func relatedFiltersByTypeAndRefusesUnknownTypes() throws {
    let json = try askJSON(["related", "CNI", "--type", "adopted_by"])
    let related = try #require(json["related"] as? [[String: Any]])
    #expect(!related.isEmpty)
    #expect(related.allSatisfy { $0["type"] as? String == "adopted_by" && $0["direction"] as? String == "outgoing" })

    let wrong = try ask(["related", "CNI", "--type", "depends_on"])
    #expect(wrong.exitCode == 64)
    #expect(wrong.stderr.contains("unknown relation type 'depends_on'; valid types: is_a, part_of"))
  }

  // MARK: - path

  @Test(.enabled(if: needsSeed, seedComment))
  func pathShowsEvidenceForEveryStep() throws {
    let json = try askJSON(["path", "CNI", "Calico"])
    let steps = try #require(json["steps"] as? [[String: Any]])
    #expect(!steps.isEmpty)
    let ids = steps.map {
      (($0["from"] as? [String: Any])?["id"] as? String, ($0["to"] as? [String: Any])?["id"] as? String)
    }
    #expect(ids.first?.0 == "container-network-interface")
    #expect(ids.last?.1 == "calico")
    for (step, next) in zip(ids, ids.dropFirst()) { #expect(step.1 == next.0) }
    for step in steps {
      let evidence = try #require(step["evidence"] as? [String: Any], "\(step)")
      #expect((evidence["sentence"] as? String)?.isEmpty == false)
      #expect((evidence["document"] as? String)?.isEmpty == false)
    }

    let text = try ask(["path", "CNI", "Calico"])
    #expect(text.exitCode == 0, "\(text.stderr)")
    #expect(text.stdout.hasPrefix("Container Network Interface (CNI) → Calico (\(steps.count) step"))
    // Every step: its line, the wrapped sentence, then the document.
    let blocks = text.stdout.components(separatedBy: "\n\n").dropFirst()
    #expect(blocks.count == steps.count)
    for block in blocks {
      let lines = block.split(separator: "\n")
      #expect(lines.count >= 3, "\(block)")
      #expect(lines.last?.trimmingCharacters(in: .whitespaces).hasPrefix("https://") == true, "\(block)")
    }
  }

  @Test(.enabled(if: needsSeed, seedComment))
  func pathBetweenOneConceptIsAUsageError() throws {
    let result = try ask(["path", "CNI", "container network interface"])
    #expect(result.exitCode == 64)
    #expect(result.stderr.contains("give two different concepts"))
  }

  // MARK: - diagram

  /// Graphviz's `dot`, when it is installed.
  private static let graphviz: URL? = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
    .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }

  /// Runs a program to completion with `input` on standard input and `environment`, if given.
  private func run(
    _ executable: URL, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil
  ) throws -> (exitCode: Int32, stdout: String, stderr: String) {
    let scratch = try TemporaryDirectory("cnkb-process")
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let inURL = try scratch.write("stdin", input)
    _ = FileManager.default.createFile(atPath: scratch.path("stdout"), contents: nil)
    _ = FileManager.default.createFile(atPath: scratch.path("stderr"), contents: nil)
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inURL))
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("stdout")))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: scratch.path("stderr")))
    try process.run()
    process.waitUntilExit()
    return (
      process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.path("stdout"))), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: scratch.path("stderr"))), as: UTF8.self)
    )
  }

  @Test(.enabled(if: needsSeed, seedComment), .enabled(if: graphviz != nil, "needs Graphviz's dot"))
  func diagramDOTIsValidGraphviz() throws {
    let diagram = try ask(["diagram", "CNI", "--format", "dot"])
    #expect(diagram.exitCode == 0, "\(diagram.stderr)")
    #expect(diagram.stdout.hasPrefix("digraph \"Neighbourhood of Container Network Interface\" {"))
    #expect(diagram.stdout.contains("fillcolor="))
    let dot = try run(try #require(Self.graphviz), ["-Tsvg"], input: Data(diagram.stdout.utf8))
    #expect(dot.exitCode == 0)
    #expect(dot.stderr.isEmpty, "\(dot.stderr)")
    #expect(dot.stdout.contains("<svg"))

    let build = try Self.seedBuild.get()
    let svgPath = build.directory.path("diagrams/cni.svg")
    let written = try ask(["diagram", "CNI", "--depth", "2", "--max-nodes", "10", "--output", svgPath])
    #expect(written.exitCode == 0, "\(written.stderr)")
    let svg = try String(contentsOfFile: svgPath, encoding: .utf8)
    #expect(svg.contains("<svg"))
    #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 10)
  }

  @Test(.enabled(if: needsSeed, seedComment))
  func diagramSVGWithoutGraphvizSaysWhatToInstall() throws {
    let build = try Self.seedBuild.get()
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = build.directory.path("no-such-folder")
    let result = try run(
      CommandRunner.executableURL,
      ["diagram", "CNI", "--format", "svg", "--db", build.directory.path("out/kb.sqlite")],
      environment: environment)
    #expect(result.exitCode == 69)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("apt-get install graphviz"))
    #expect(result.stderr.contains("--format dot"))
  }

  // MARK: - Missing graph

  @Test func aDatabaseWithoutAGraphSaysToBuildFirst() throws {
    let temp = try TemporaryDirectory()
    try temp.write("notes.md", "# Bridges\n\nA Linux bridge joins the veth pairs of a host's containers.\n")
    let ingest = try CommandRunner.run(["ingest", "notes.md", "--db", temp.path("kb.sqlite")], in: temp.url)
    #expect(ingest.exitCode == 0, "\(ingest.stderr)")
    for command in [["define", "CNI"], ["related", "CNI"], ["path", "CNI", "CNM"], ["diagram", "CNI"]] {
      let result = try CommandRunner.run(command + ["--db", temp.path("kb.sqlite")], in: temp.url)
      #expect(result.exitCode == 66, "\(command)")
      #expect(result.stderr.contains("no concept graph in this database (run cnkb build first)"), "\(command)")
    }
    let missing = try CommandRunner.run(["define", "CNI", "--db", temp.path("none.sqlite")], in: temp.url)
    #expect(missing.exitCode == 66)
    #expect(missing.stderr.contains("run cnkb build first"))
    #expect(!FileManager.default.fileExists(atPath: temp.path("none.sqlite")))
  }
}
